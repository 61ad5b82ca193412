/* libm: erf, fma (all three operands), cbrt, hypot (both operands). */
#include "check.h"

LLAD_NOINLINE double t_erf(double x) { return erf(x); }
LLAD_NOINLINE double t_cbrt(double x) { return cbrt(x); }
LLAD_NOINLINE double t_fma(double a, double b, double c) { return fma(a, b, c); }
LLAD_NOINLINE double t_hypot(double x, double y) { return hypot(x, y); }

int main(void) {
  const double xs[] = {-1.1, 0.2, 2.0};
  for (int i = 0; i < 3; i++) {
    double x = xs[i];
    CHECK_DERIV(NAME("special.erf'(%g)", x), __enzyme_fwddiff((void *)t_erf, x, 1.0),
                1.1283791670955126 /* 2/sqrt(pi) */ * exp(-x * x), fd1(t_erf, x, FD_H));
    CHECK_DERIV(NAME("special.cbrt'(%g)", x), __enzyme_fwddiff((void *)t_cbrt, x, 1.0),
                1.0 / (3.0 * cbrt(x) * cbrt(x)), fd1(t_cbrt, x, FD_H));
  }
  double a = 1.5, b = -2.25, c = 0.75, h = FD_H;
  const double seeds[3][3] = {{1, 0, 0}, {0, 1, 0}, {0.5, -1.0, 2.0}};
  for (int k = 0; k < 3; k++) {
    double da = seeds[k][0], db = seeds[k][1], dc = seeds[k][2];
    double got = __enzyme_fwddiff((void *)t_fma, a, da, b, db, c, dc);
    double fd = (t_fma(a + h * da, b + h * db, c + h * dc) -
                 t_fma(a - h * da, b - h * db, c - h * dc)) / (2.0 * h);
    CHECK_DERIV(NAME("special.fma.seed%d", k), got, b * da + a * db + dc, fd);
  }
  double x = 3.0, y = -4.0;
  CHECK_DERIV("special.hypot.d/dx", __enzyme_fwddiff((void *)t_hypot, x, 1.0, y, 0.0),
              x / 5.0, (t_hypot(x + h, y) - t_hypot(x - h, y)) / (2.0 * h));
  CHECK_DERIV("special.hypot.d/dy", __enzyme_fwddiff((void *)t_hypot, x, 0.0, y, 1.0),
              y / 5.0, (t_hypot(x, y + h) - t_hypot(x, y - h)) / (2.0 * h));
  return llad_report();
}
