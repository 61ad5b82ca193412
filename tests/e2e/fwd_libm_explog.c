/* libm: sqrt exp exp2 expm1 log log2 log10 log1p, and a composite. */
#include "check.h"

LLAD_NOINLINE double t_sqrt(double x) { return sqrt(x); }
LLAD_NOINLINE double t_exp(double x) { return exp(x); }
LLAD_NOINLINE double t_exp2(double x) { return exp2(x); }
LLAD_NOINLINE double t_expm1(double x) { return expm1(x); }
LLAD_NOINLINE double t_log(double x) { return log(x); }
LLAD_NOINLINE double t_log2(double x) { return log2(x); }
LLAD_NOINLINE double t_log10(double x) { return log10(x); }
LLAD_NOINLINE double t_log1p(double x) { return log1p(x); }
LLAD_NOINLINE double t_mix(double x) { return exp(sqrt(x)) * log(x * x + 1.0); }

#define T(fn, x, an)                                                           \
  CHECK_DERIV(NAME("libm.%s'(%g)", &#fn[2], (x)),                               \
              __enzyme_fwddiff((void *)fn, (x), 1.0), (an), fd1(fn, (x), FD_H))

int main(void) {
  const double xs[] = {0.3, 2.5};
  for (int i = 0; i < 2; i++) {
    double x = xs[i];
    T(t_sqrt, x, 0.5 / sqrt(x));
    T(t_exp, x, exp(x));
    T(t_exp2, x, log(2.0) * exp2(x));
    T(t_expm1, x, exp(x));
    T(t_log, x, 1.0 / x);
    T(t_log2, x, 1.0 / (x * log(2.0)));
    T(t_log10, x, 1.0 / (x * log(10.0)));
    T(t_log1p, x, 1.0 / (1.0 + x));
    T(t_mix, x,
      exp(sqrt(x)) * (0.5 / sqrt(x) * log(x * x + 1.0) + 2.0 * x / (x * x + 1.0)));
  }
  /* expm1/log1p near 0, where they differ from exp-1 / log(1+x) numerically */
  T(t_expm1, 1e-9, exp(1e-9));
  T(t_log1p, -1e-9, 1.0 / (1.0 - 1e-9));
  return llad_report();
}
