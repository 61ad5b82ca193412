/* frexp's mantissa m = x 2^-e: dm/dx = 2^-e (= m / x), the exponent locally constant. Reverse and
 * forward mode, for x on both sides of powers of two and negative: f(x) = m(x) * e(x) + m(x)^2. */
#include "check.h"

double __enzyme_autodiff(void *, ...);

LLAD_NOINLINE double f(double x) {
  int e;
  double m = frexp(x, &e);
  return m * e + m * m;
}

int main(void) {
  const double xs[] = {0.9, 1.2, 2.3, 33.0, -0.26, -33.0};
  for (int i = 0; i < 6; i++) {
    double x = xs[i];
    int e;
    double m = frexp(x, &e);
    double analytic = (e + 2 * m) * m / x;
    CHECK_DERIV(NAME("reverse[%d]", i), __enzyme_autodiff((void *)f, x), analytic, fd1(f, x, FD_H));
    CHECK_DERIV(NAME("forward[%d]", i), __enzyme_fwddiff((void *)f, x, 1.0), analytic, fd1(f, x, FD_H));
  }
  return llad_report();
}
