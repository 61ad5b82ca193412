/* Seed tutorial, "Marking functions inactive":
 *   k(x) = printhi(); x^2 with printhi inactive: d/dx at 2 is 4.0 and "hi" is still printed;
 *   x + twice(x) with twice(x) = 2x wrongly marked inactive: 1.0 instead of 3.0 (forward and
 *   reverse), because an inactive call carries no derivative. */
#include "check.h"
#include "llad.h"

double __enzyme_autodiff(void *, ...);

static int hi_calls;

/* noinline: on the CLI path clang -O2 would inline these before llad sees the markers. */
LLAD_NOINLINE void printhi(void) {
  hi_calls++;
  printf("hi\n");
}
LLAD_INACTIVE(printhi);

double k(double x) {
  printhi();
  return x * x;
}

LLAD_NOINLINE double twice(double x) { return 2.0 * x; }
LLAD_INACTIVE(twice);

double x_plus_twice(double x) { return x + twice(x); }

int main(void) {
  double dk = __enzyme_fwddiff((void *)k, 2.0, 1.0);
  printf("k: forward %g, printhi ran %d time(s)\n", dk, hi_calls);
  CHECK_CLOSE("k.fwd", dk, 4.0, 1e-12);
  CHECK_CLOSE("k.fwd.printhi_calls", hi_calls, 1, 0.0);

  double gk = __enzyme_autodiff((void *)k, 2.0);
  printf("k: reverse %g, printhi ran %d time(s)\n", gk, hi_calls);
  CHECK_CLOSE("k.rev", gk, 4.0, 1e-12);
  /* the augmented primal runs printhi once; the reverse sweep does not run it again */
  CHECK_CLOSE("k.rev.printhi_calls", hi_calls, 2, 0.0);
  CHECK_DERIV("k.fwd.deriv", dk, 4.0, fd1(k, 2.0, FD_H));

  double dt = __enzyme_fwddiff((void *)x_plus_twice, 2.0, 1.0);
  double gt = __enzyme_autodiff((void *)x_plus_twice, 2.0);
  double fd = fd1(x_plus_twice, 2.0, FD_H);
  printf("x + twice(x): forward %g, reverse %g (finite difference %g)\n", dt, gt, fd);
  CHECK_CLOSE("twice.fwd", dt, 1.0, 1e-12);
  CHECK_CLOSE("twice.rev", gt, 1.0, 1e-12);
  /* the true derivative, which the wrong marker hides */
  CHECK_CLOSE("twice.fd_is_3", fd, 3.0, RTOL_FD);
  CHECK_CLOSE("twice.primal", x_plus_twice(2.0), 6.0, 0.0);
  return llad_report();
}
