/* ldexp(x, n) = x 2^n and scalbn (the same): d/dx = 2^n, the integer exponent carries nothing;
 * logb(x) (the exponent) is locally constant. Reverse and forward mode, double and float, x on both
 * sides of powers of two and negative, n positive and negative:
 * f(x) = ldexp(x^2, 3) + scalbn(x, -2) + logb(x) x. */
#include "check.h"

double __enzyme_autodiff(void *, ...);
float __enzyme_autodiff_f(void *, float);
float __enzyme_fwddiff_f(void *, float, float);

LLAD_NOINLINE double scaled(double x, int n) { return ldexp(x * x, n) + scalbn(x, -n + 1) + logb(x) * x; }
double f(double x) { return scaled(x, 3); }
LLAD_NOINLINE float scaledf(float x) { return ldexpf(x * x, 2) + scalbnf(x, -1); }

int main(void) {
  const double xs[] = {0.9, 1.2, 2.3, 33.0, -0.26, -33.0};
  for (int i = 0; i < 6; i++) {
    double x = xs[i];
    double analytic = 16.0 * x + 0.25 + logb(x);
    CHECK_DERIV(NAME("reverse[%d]", i), __enzyme_autodiff((void *)f, x), analytic, fd1(f, x, FD_H));
    CHECK_DERIV(NAME("forward[%d]", i), __enzyme_fwddiff((void *)f, x, 1.0), analytic, fd1(f, x, FD_H));
    float xf = (float)x;
    CHECK_CLOSE(NAME("float.reverse[%d]", i), __enzyme_autodiff_f((void *)scaledf, xf), 8.0f * xf + 0.5f, 1e-6);
    CHECK_CLOSE(NAME("float.forward[%d]", i), __enzyme_fwddiff_f((void *)scaledf, xf, 1.0f), 8.0f * xf + 0.5f, 1e-6);
  }
  return llad_report();
}
