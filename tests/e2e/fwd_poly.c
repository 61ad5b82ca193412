/* Polynomials: Horner over a constant global table, and explicit powers. */
#include "check.h"

static const double coef[6] = {3.0, -2.0, 1.0, 0.0, -7.0, 4.0}; /* 3x^5-2x^4+x^3-7x+4 */

LLAD_NOINLINE double horner(double x) {
  double p = 0.0;
  for (int i = 0; i < 6; i++)
    p = p * x + coef[i];
  return p;
}
static double dhorner(double x) {
  return 15.0 * x * x * x * x - 8.0 * x * x * x + 3.0 * x * x - 7.0;
}

LLAD_NOINLINE double explicit_poly(double x) {
  double x2 = x * x;
  return x2 * x2 - 0.5 * x2 * x + 1.0 / x + 42.0;
}
static double dexplicit(double x) {
  return 4.0 * x * x * x - 1.5 * x * x - 1.0 / (x * x);
}

int main(void) {
  const double xs[] = {-2.0, -0.3, 0.5, 1.7};
  for (int i = 0; i < 4; i++) {
    double x = xs[i];
    CHECK_DERIV(NAME("poly.horner'(%g)", x), __enzyme_fwddiff((void *)horner, x, 1.0),
                dhorner(x), fd1(horner, x, FD_H));
    CHECK_DERIV(NAME("poly.explicit'(%g)", x),
                __enzyme_fwddiff((void *)explicit_poly, x, 1.0), dexplicit(x),
                fd1(explicit_poly, x, FD_H));
  }
  return llad_report();
}
