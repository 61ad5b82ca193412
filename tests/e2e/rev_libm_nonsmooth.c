/* Non-smooth libm in reverse mode, away from the kinks: fabs fmin fmax. */
#include "check.h"

typedef struct { double da, db; } D2;
double __enzyme_autodiff(void *, ...);
D2 __enzyme_autodiff_d2(void *, double, double);

LLAD_NOINLINE double t_fabs(double x) { return fabs(x) * x; } /* x|x|: derivative 2|x| */
LLAD_NOINLINE double t_fmin(double a, double b) { return fmin(a * a, b) * 3.0; }
LLAD_NOINLINE double t_fmax(double a, double b) { return fmax(a, 2.0 * b) + a; }
/* clamp(x, lo, hi) * x */
LLAD_NOINLINE double t_clamp(double x) { return fmax(-1.0, fmin(x, 1.0)) * x; }

static double other;
static double fmin_a(double a) { return t_fmin(a, other); }
static double fmin_b(double b) { return t_fmin(other, b); }
static double fmax_a(double a) { return t_fmax(a, other); }
static double fmax_b(double b) { return t_fmax(other, b); }

int main(void) {
  const double xs[] = {-2.5, -0.3, 0.6, 4.0};
  for (int i = 0; i < 4; i++) {
    double x = xs[i];
    CHECK_DERIV(NAME("nonsmooth.xabs'(%g)", x), __enzyme_autodiff((void *)t_fabs, x),
                2.0 * fabs(x), fd1(t_fabs, x, FD_H));
    double cl = x < -1.0 ? -1.0 : (x > 1.0 ? 1.0 : x);
    double an = fabs(x) < 1.0 ? 2.0 * x : cl;
    CHECK_DERIV(NAME("nonsmooth.clamp'(%g)", x), __enzyme_autodiff((void *)t_clamp, x), an,
                fd1(t_clamp, x, FD_H));
  }
  /* fmin/fmax: each side of the comparison */
  const double pts[3][2] = {{0.5, 1.0}, {2.5, 1.0}, {-1.5, 0.25}};
  for (int i = 0; i < 3; i++) {
    double a = pts[i][0], b = pts[i][1];
    D2 d = __enzyme_autodiff_d2((void *)t_fmin, a, b);
    int left = a * a < b;
    other = b;
    CHECK_DERIV(NAME("nonsmooth.fmin.da(%g,%g)", a, b), d.da, left ? 6.0 * a : 0.0, fd1(fmin_a, a, FD_H));
    other = a;
    CHECK_DERIV(NAME("nonsmooth.fmin.db(%g,%g)", a, b), d.db, left ? 0.0 : 3.0, fd1(fmin_b, b, FD_H));
    D2 e = __enzyme_autodiff_d2((void *)t_fmax, a, b);
    int first = a > 2.0 * b;
    other = b;
    CHECK_DERIV(NAME("nonsmooth.fmax.da(%g,%g)", a, b), e.da, first ? 2.0 : 1.0, fd1(fmax_a, a, FD_H));
    other = a;
    CHECK_DERIV(NAME("nonsmooth.fmax.db(%g,%g)", a, b), e.db, first ? 0.0 : 2.0, fd1(fmax_b, b, FD_H));
  }
  return llad_report();
}
