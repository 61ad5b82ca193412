/* Integer <-> float conversions: an index computed from an active value
 * (floor, (int) cast) carries no derivative, but the value still flows.
 * Piecewise-linear interpolation in a constant global table:
 * f(x) = T[i] + (x - i) (T[i+1] - T[i]) with i = (int)floor(x), so f'(x) = T[i+1] - T[i]. */
#include "check.h"

double __enzyme_autodiff(void *, ...);

static const double T[6] = {0.0, 1.5, -0.5, 2.0, 2.25, -1.0};

LLAD_NOINLINE double interp(double x) {
  int i = (int)floor(x);
  if (i < 0) i = 0;
  if (i > 4) i = 4;
  double frac = x - (double)i;
  return T[i] + frac * (T[i + 1] - T[i]) + 0.1 * x * (double)i;
}

LLAD_NOINLINE double quantized(double x) {
  long q = lround(x * 4.0); /* a step function of x: zero derivative */
  return x * x + (double)q;
}

int main(void) {
  const double xs[] = {0.25, 1.5, 2.75, 3.1, 4.6};
  for (int k = 0; k < 5; k++) {
    double x = xs[k];
    int i = (int)floor(x);
    CHECK_DERIV(NAME("intfloat.interp'(%g)", x), __enzyme_autodiff((void *)interp, x),
                T[i + 1] - T[i] + 0.1 * i, fd1(interp, x, FD_H));
    CHECK_DERIV(NAME("intfloat.quantized'(%g)", x), __enzyme_autodiff((void *)quantized, x),
                2.0 * x, fd1(quantized, x, FD_H));
  }
  return llad_report();
}
