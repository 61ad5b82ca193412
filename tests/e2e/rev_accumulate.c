/* Adjoints ACCUMULATE into the shadow: with dx = [1, 2] on entry the result is
 * the old value plus the gradient; calling twice adds the gradient twice. */
#include "check.h"

void __enzyme_autodiff_v(void *, ...); /* no active scalar: returns void */

LLAD_NOINLINE double f(const double *x) { return x[0] * x[0] * x[1] + sin(x[1]); }

static double fd(double *x, int i) {
  double save = x[i];
  x[i] = save + FD_H;
  double fp = f(x);
  x[i] = save - FD_H;
  double fm = f(x);
  x[i] = save;
  return (fp - fm) / (2.0 * FD_H);
}

int main(void) {
  double x[2] = {1.5, -0.4}, dx[2] = {1.0, 2.0};
  double g0 = 2.0 * x[0] * x[1], g1 = x[0] * x[0] + cos(x[1]);
  __enzyme_autodiff_v((void *)f, x, dx);
  printf("accumulate: dx = [%g, %g], gradient [%g, %g]\n", dx[0], dx[1], g0, g1);
  CHECK_DERIV("accumulate.once.dx[0]", dx[0], 1.0 + g0, 1.0 + fd(x, 0));
  CHECK_DERIV("accumulate.once.dx[1]", dx[1], 2.0 + g1, 2.0 + fd(x, 1));
  __enzyme_autodiff_v((void *)f, x, dx);
  CHECK_DERIV("accumulate.twice.dx[0]", dx[0], 1.0 + 2.0 * g0, 1.0 + 2.0 * fd(x, 0));
  CHECK_DERIV("accumulate.twice.dx[1]", dx[1], 2.0 + 2.0 * g1, 2.0 + 2.0 * fd(x, 1));
  CHECK_CLOSE("accumulate.x[0].unchanged", x[0], 1.5, 0.0);
  CHECK_CLOSE("accumulate.x[1].unchanged", x[1], -0.4, 0.0);
  return llad_report();
}
