/* Loops left early by a data-dependent break. */
#include "check.h"

/* s = sum_{i<=k} x^(i+1)/(i+1), stopping after the first partial sum > 10 */
LLAD_NOINLINE double capped(double x) {
  double s = 0.0, t = 1.0;
  for (int i = 0; i < 100; i++) {
    t *= x;
    s += t / (double)(i + 1);
    if (s > 10.0)
      break;
  }
  return s;
}
/* reference: find the stopping index k, derivative = sum_{i<=k} x^i */
static double dcapped(double x) {
  double s = 0.0, t = 1.0, ds = 0.0, dt = 1.0;
  for (int i = 0; i < 100; i++) {
    ds += dt; /* d/dx x^(i+1)/(i+1) = x^i */
    dt *= x;
    t *= x;
    s += t / (double)(i + 1);
    if (s > 10.0)
      break;
  }
  return ds;
}

/* first i with (i*x)^2 > 50, returns i*x*x */
LLAD_NOINLINE double first_above(double x) {
  int i = 0;
  while (1) {
    double v = (double)i * x;
    if (v * v > 50.0)
      return v * x;
    i++;
  }
}

int main(void) {
  const double xs[] = {0.5, 0.95, 1.3, 3.0};
  for (int j = 0; j < 4; j++) {
    double x = xs[j];
    CHECK_DERIV(NAME("early_break.capped'(%g)", x), __enzyme_fwddiff((void *)capped, x, 1.0),
                dcapped(x), fd1(capped, x, FD_H));
    int i = (int)ceil(sqrt(50.0) / x);
    if ((i - 1) * x * (i - 1) * x > 50.0) i--; /* exact first index */
    CHECK_DERIV(NAME("early_break.first_above'(%g)", x),
                __enzyme_fwddiff((void *)first_above, x, 1.0), 2.0 * i * x,
                fd1(first_above, x, FD_H));
  }
  return llad_report();
}
