/* Control flow on the active value: if/else chains, ternary, phi after if. */
#include "check.h"

LLAD_NOINLINE double piecewise(double x) {
  if (x > 1.0)
    return x * x * x;
  else if (x < -1.0)
    return -2.0 * x + 1.0;
  else
    return sin(x);
}
static double dpiecewise(double x) {
  return x > 1.0 ? 3.0 * x * x : (x < -1.0 ? -2.0 : cos(x));
}

LLAD_NOINLINE double ternary(double x) { return x > 0.0 ? x * x : 3.0 * x; }

LLAD_NOINLINE double merge(double x) {
  double r = x;
  if (x * x > 4.0)
    r = r * x;
  else
    r = r + exp(x);
  return r * 2.0;
}
static double dmerge(double x) { return x * x > 4.0 ? 4.0 * x : 2.0 * (1.0 + exp(x)); }

int main(void) {
  const double xs[] = {-3.0, -1.5, -0.5, 0.5, 1.5, 2.5};
  for (int i = 0; i < 6; i++) {
    double x = xs[i];
    CHECK_DERIV(NAME("branch.piecewise'(%g)", x),
                __enzyme_fwddiff((void *)piecewise, x, 1.0), dpiecewise(x),
                fd1(piecewise, x, FD_H));
    CHECK_DERIV(NAME("branch.ternary'(%g)", x), __enzyme_fwddiff((void *)ternary, x, 1.0),
                x > 0.0 ? 2.0 * x : 3.0, fd1(ternary, x, FD_H));
    CHECK_DERIV(NAME("branch.merge'(%g)", x), __enzyme_fwddiff((void *)merge, x, 1.0),
                dmerge(x), fd1(merge, x, FD_H));
  }
  return llad_report();
}
