/* libm in reverse mode: pow (base and exponent active), hypot, tanh, erf. */
#include "check.h"

typedef struct { double da, db; } D2;
double __enzyme_autodiff(void *, ...);
D2 __enzyme_autodiff_d2(void *, double, double);

LLAD_NOINLINE double t_pow(double x, double y) { return pow(x, y); }
LLAD_NOINLINE double t_hypot(double x, double y) { return hypot(x, y); }
LLAD_NOINLINE double t_tanh(double x) { return tanh(x); }
LLAD_NOINLINE double t_erf(double x) { return erf(x); }
LLAD_NOINLINE double t_mix(double x) { return tanh(erf(x) * 2.0) * pow(x * x + 1.0, 1.5); }

static double other;
static double pow_x(double x) { return t_pow(x, other); }
static double pow_y(double y) { return t_pow(other, y); }
static double hypot_x(double x) { return t_hypot(x, other); }
static double hypot_y(double y) { return t_hypot(other, y); }

#define CHECK1(fn, x, an) CHECK_DERIV(NAME("pow." #fn "'(%g)", x), __enzyme_autodiff((void *)fn, x), an, fd1(fn, x, FD_H))

int main(void) {
  const double pts[4][2] = {{2.0, 3.0}, {0.5, -1.5}, {3.7, 0.25}, {1.1, 2.2}};
  for (int i = 0; i < 4; i++) {
    double x = pts[i][0], y = pts[i][1];
    D2 d = __enzyme_autodiff_d2((void *)t_pow, x, y);
    other = y;
    CHECK_DERIV(NAME("pow.pow.dx(%g,%g)", x, y), d.da, y * pow(x, y - 1.0), fd1(pow_x, x, FD_H));
    other = x;
    CHECK_DERIV(NAME("pow.pow.dy(%g,%g)", x, y), d.db, pow(x, y) * log(x), fd1(pow_y, y, FD_H));
    double hx = x - 2.0, hy = -y, r = hypot(hx, hy); /* includes negative coordinates */
    D2 e = __enzyme_autodiff_d2((void *)t_hypot, hx, hy);
    other = hy;
    CHECK_DERIV(NAME("pow.hypot.dx(%g,%g)", hx, hy), e.da, hx / r, fd1(hypot_x, hx, FD_H));
    other = hx;
    CHECK_DERIV(NAME("pow.hypot.dy(%g,%g)", hx, hy), e.db, hy / r, fd1(hypot_y, hy, FD_H));
  }
  /* pow with a constant integer exponent and a negative base: no NaN from log(x) */
  other = 3.0;
  double dneg = __enzyme_autodiff((void *)t_pow, -1.5, enzyme_const, 3.0);
  CHECK_DERIV("pow.pow.negbase_const_exp", dneg, 3.0 * 2.25, fd1(pow_x, -1.5, FD_H));
  const double xs[] = {-1.3, 0.0, 0.4, 2.0};
  for (int i = 0; i < 4; i++) {
    double x = xs[i], th = tanh(x), g = exp(-x * x) * 2.0 / sqrt(M_PI);
    CHECK1(t_tanh, x, 1.0 - th * th);
    CHECK1(t_erf, x, g);
    double u = tanh(2.0 * erf(x)), q = x * x + 1.0;
    CHECK1(t_mix, x, (1.0 - u * u) * 2.0 * g * pow(q, 1.5) + u * 1.5 * sqrt(q) * 2.0 * x);
  }
  return llad_report();
}
