/* pow with active base, active exponent, both; constant exponents. */
#include "check.h"

LLAD_NOINLINE double p(double x, double y) { return pow(x, y); }
LLAD_NOINLINE double p_sq(double x) { return pow(x, 2.0); }
LLAD_NOINLINE double p_half(double x) { return pow(x, 0.5); }
LLAD_NOINLINE double p_m3(double x) { return pow(x, -3.0); }
LLAD_NOINLINE double p_frac(double x) { return pow(x, 1.37); }
LLAD_NOINLINE double p_exp(double x) { return pow(1.8, x); }

static double pfd(double x, double y, double dx, double dy) {
  double h = FD_H;
  return (p(x + h * dx, y + h * dy) - p(x - h * dx, y - h * dy)) / (2.0 * h);
}

int main(void) {
  double x = 1.6, y = 2.3;
  double px = y * pow(x, y - 1.0), py = pow(x, y) * log(x);
  CHECK_DERIV("pow.d/dbase", __enzyme_fwddiff((void *)p, x, 1.0, y, 0.0), px,
              pfd(x, y, 1.0, 0.0));
  CHECK_DERIV("pow.d/dexp", __enzyme_fwddiff((void *)p, x, 0.0, y, 1.0), py,
              pfd(x, y, 0.0, 1.0));
  CHECK_DERIV("pow.d/dboth", __enzyme_fwddiff((void *)p, x, 1.0, y, 1.0), px + py,
              pfd(x, y, 1.0, 1.0));
  CHECK_DERIV("pow.const_base_enzyme_const",
              __enzyme_fwddiff((void *)p, enzyme_const, x, y, 1.0), py,
              pfd(x, y, 0.0, 1.0));
  /* negative base with an integral exponent */
  CHECK_DERIV("pow.neg_base_int_exp", __enzyme_fwddiff((void *)p, -1.5, 1.0, 3.0, 0.0),
              3.0 * 2.25, pfd(-1.5, 3.0, 1.0, 0.0));

  const double xs[] = {0.4, 3.0};
  for (int i = 0; i < 2; i++) {
    x = xs[i];
    CHECK_DERIV(NAME("pow.x^2 @%g", x), __enzyme_fwddiff((void *)p_sq, x, 1.0),
                2.0 * x, fd1(p_sq, x, FD_H));
    CHECK_DERIV(NAME("pow.x^0.5 @%g", x), __enzyme_fwddiff((void *)p_half, x, 1.0),
                0.5 / sqrt(x), fd1(p_half, x, FD_H));
    CHECK_DERIV(NAME("pow.x^-3 @%g", x), __enzyme_fwddiff((void *)p_m3, x, 1.0),
                -3.0 / (x * x * x * x), fd1(p_m3, x, FD_H));
    CHECK_DERIV(NAME("pow.x^1.37 @%g", x), __enzyme_fwddiff((void *)p_frac, x, 1.0),
                1.37 * pow(x, 0.37), fd1(p_frac, x, FD_H));
    CHECK_DERIV(NAME("pow.1.8^x @%g", x), __enzyme_fwddiff((void *)p_exp, x, 1.0),
                log(1.8) * pow(1.8, x), fd1(p_exp, x, FD_H));
  }
  return llad_report();
}
