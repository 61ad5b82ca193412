/* libm: sinh cosh tanh and a composite. */
#include "check.h"

LLAD_NOINLINE double t_sinh(double x) { return sinh(x); }
LLAD_NOINLINE double t_cosh(double x) { return cosh(x); }
LLAD_NOINLINE double t_tanh(double x) { return tanh(x); }
LLAD_NOINLINE double t_mix(double x) { return tanh(sinh(x)) / cosh(0.5 * x); }

int main(void) {
  const double xs[] = {-1.8, 0.05, 0.9, 3.0};
  for (int i = 0; i < 4; i++) {
    double x = xs[i], t = tanh(x), ts = tanh(sinh(x)), c2 = cosh(0.5 * x);
    CHECK_DERIV(NAME("hyp.sinh'(%g)", x), __enzyme_fwddiff((void *)t_sinh, x, 1.0),
                cosh(x), fd1(t_sinh, x, FD_H));
    CHECK_DERIV(NAME("hyp.cosh'(%g)", x), __enzyme_fwddiff((void *)t_cosh, x, 1.0),
                sinh(x), fd1(t_cosh, x, FD_H));
    CHECK_DERIV(NAME("hyp.tanh'(%g)", x), __enzyme_fwddiff((void *)t_tanh, x, 1.0),
                1.0 - t * t, fd1(t_tanh, x, FD_H));
    CHECK_DERIV(NAME("hyp.mix'(%g)", x), __enzyme_fwddiff((void *)t_mix, x, 1.0),
                (1.0 - ts * ts) * cosh(x) / c2 - ts * 0.5 * sinh(0.5 * x) / (c2 * c2),
                fd1(t_mix, x, FD_H));
  }
  return llad_report();
}
