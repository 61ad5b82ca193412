/* An inactive global chosen at run time beside an active pointer: `scale` multiplies either the
 * inactive `scratch` or *c by a. At -O2 the branch becomes `select cond, @scratch, %c` feeding one
 * load and one store, so the global meets shadowed pointers; its derivatives go to a zeroed shadow
 * that never reaches a result. test(cond, a) = a * a when cond is false and a when it is true;
 * scratch is updated as the primal updates it, and repeated gradients agree (nothing leaks from
 * one call into the next). */
#include "check.h"
#include "llad.h"

double __enzyme_autodiff(void *, ...);

double scratch = 5.5;
LLAD_INACTIVE_GLOBAL(scratch);

LLAD_NOINLINE void scale(int cond, double a, double *c) {
  if (cond)
    scratch *= a;
  else
    *c *= a;
}

double test(int cond, double a) {
  double dat = a;
  scale(cond, a, &dat);
  return dat;
}

static double test_false(double a) { return test(0, a); }
static double test_true(double a) { return test(1, a); }

int main(void) {
  const double a = 3.0;
  scratch = 5.5;
  double d = __enzyme_autodiff((void *)test, enzyme_const, 0, a);
  CHECK_DERIV("reverse.cond_false", d, 2 * a, fd1(test_false, a, FD_H));
  CHECK_CLOSE("reverse.cond_false.scratch", scratch, 5.5, 0.0);

  for (int k = 0; k < 2; k++) {
    scratch = 5.5;
    d = __enzyme_autodiff((void *)test, enzyme_const, 1, a);
    double after = scratch; /* before the finite differences run test_true again */
    CHECK_CLOSE(NAME("reverse.cond_true[%d].scratch", k), after, 5.5 * a, 1e-15);
    CHECK_DERIV(NAME("reverse.cond_true[%d]", k), d, 1.0, fd1(test_true, a, FD_H));
  }

  for (int k = 0; k < 2; k++) {
    scratch = 5.5;
    d = __enzyme_fwddiff((void *)test, enzyme_const, k, a, 1.0);
    CHECK_DERIV(NAME("forward.cond[%d]", k), d, k ? 1.0 : 2 * a, fd1(k ? test_true : test_false, a, FD_H));
  }
  scratch = 5.5;
  d = __enzyme_fwddiff((void *)test, enzyme_const, 1, a, 1.0);
  CHECK_CLOSE("forward.cond_true.again", d, 1.0, RTOL_AN);
  return llad_report();
}
