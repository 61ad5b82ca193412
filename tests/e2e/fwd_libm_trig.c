/* libm: sin cos tan and a composite. */
#include "check.h"

LLAD_NOINLINE double t_sin(double x) { return sin(x); }
LLAD_NOINLINE double t_cos(double x) { return cos(x); }
LLAD_NOINLINE double t_tan(double x) { return tan(x); }
LLAD_NOINLINE double t_mix(double x) { return sin(x) * cos(x) * cos(x) + tan(0.5 * x); }

int main(void) {
  const double xs[] = {-2.0, 0.4, 1.2, 5.0};
  for (int i = 0; i < 4; i++) {
    double x = xs[i], c = cos(x), s = sin(x), th = tan(0.5 * x);
    CHECK_DERIV(NAME("trig.sin'(%g)", x), __enzyme_fwddiff((void *)t_sin, x, 1.0),
                c, fd1(t_sin, x, FD_H));
    CHECK_DERIV(NAME("trig.cos'(%g)", x), __enzyme_fwddiff((void *)t_cos, x, 1.0),
                -s, fd1(t_cos, x, FD_H));
    CHECK_DERIV(NAME("trig.tan'(%g)", x), __enzyme_fwddiff((void *)t_tan, x, 1.0),
                1.0 / (c * c), fd1(t_tan, x, FD_H));
    CHECK_DERIV(NAME("trig.mix'(%g)", x), __enzyme_fwddiff((void *)t_mix, x, 1.0),
                c * c * c - 2.0 * s * s * c + 0.5 * (1.0 + th * th),
                fd1(t_mix, x, FD_H));
  }
  return llad_report();
}
