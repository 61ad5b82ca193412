/* libm in reverse mode: exp log log1p expm1 sqrt cbrt, alone and composed. */
#include "check.h"

double __enzyme_autodiff(void *, ...);

LLAD_NOINLINE double t_exp(double x) { return exp(x); }
LLAD_NOINLINE double t_log(double x) { return log(x); }
LLAD_NOINLINE double t_log1p(double x) { return log1p(x); }
LLAD_NOINLINE double t_expm1(double x) { return expm1(x); }
LLAD_NOINLINE double t_sqrt(double x) { return sqrt(x); }
LLAD_NOINLINE double t_cbrt(double x) { return cbrt(x); }
/* x used several times: the adjoints of the uses add up */
LLAD_NOINLINE double t_mix(double x) { return exp(sqrt(x)) * log(1.0 + x * x) + cbrt(x) / expm1(x); }

#define CHECK1(fn, x, an) CHECK_DERIV(NAME("explog." #fn "'(%g)", x), __enzyme_autodiff((void *)fn, x), an, fd1(fn, x, FD_H))

int main(void) {
  const double xs[] = {0.05, 0.7, 2.5, 9.0};
  for (int i = 0; i < 4; i++) {
    double x = xs[i];
    CHECK1(t_exp, x, exp(x));
    CHECK1(t_log, x, 1.0 / x);
    CHECK1(t_log1p, x, 1.0 / (1.0 + x));
    CHECK1(t_expm1, x, exp(x));
    CHECK1(t_sqrt, x, 0.5 / sqrt(x));
    CHECK1(t_cbrt, x, 1.0 / (3.0 * cbrt(x) * cbrt(x)));
    double s = sqrt(x), L = log(1.0 + x * x), e = exp(s), c = cbrt(x), m = expm1(x);
    double an = e * 0.5 / s * L + e * 2.0 * x / (1.0 + x * x) +
                (1.0 / (3.0 * c * c)) / m - c * exp(x) / (m * m);
    CHECK1(t_mix, x, an);
  }
  /* negative arguments where defined */
  CHECK1(t_cbrt, -8.0, 1.0 / 12.0);
  CHECK1(t_expm1, -0.3, exp(-0.3));
  CHECK1(t_log1p, -0.5, 2.0);
  return llad_report();
}
