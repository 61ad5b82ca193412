/* fmod (frem): d/dx fmod(x, c) = 1 for constant c, away from the jumps. */
#include "check.h"

LLAD_NOINLINE double f(double x) { return 3.0 * fmod(x, 2.5) + x; }
LLAD_NOINLINE double g(double x) { return fmod(x * x, 1.75); }
LLAD_NOINLINE double h(double x) { return fmod(sin(x) * 10.0, 3.0) * x; }

int main(void) {
  const double xs[] = {-4.2, 0.3, 3.1, 6.6};
  for (int i = 0; i < 4; i++) {
    double x = xs[i];
    CHECK_DERIV(NAME("fmod.3fmod(x,2.5)+x @%g", x),
                __enzyme_fwddiff((void *)f, x, 1.0), 4.0, fd1(f, x, FD_H));
    CHECK_DERIV(NAME("fmod.fmod(x*x,1.75) @%g", x),
                __enzyme_fwddiff((void *)g, x, 1.0), 2.0 * x, fd1(g, x, FD_H));
  }
  double x = 0.9;
  CHECK_DERIV("fmod.fmod(10sin(x),3)*x @0.9", __enzyme_fwddiff((void *)h, x, 1.0),
              10.0 * cos(x) * x + fmod(sin(x) * 10.0, 3.0), fd1(h, x, FD_H));
  return llad_report();
}
