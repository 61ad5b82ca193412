/* Reverse mode of polynomials: a fixed polynomial, and Horner's rule over a
 * coefficient array (constant, then duplicated: d/dc_i = x^i). */
#include "check.h"

double __enzyme_autodiff(void *, ...);

LLAD_NOINLINE double p(double x) {
  return 3.0 * x * x * x * x - 2.0 * x * x * x + 0.5 * x * x - 7.0 * x + 1.0;
}

double horner(const double *c, int n, double x) {
  double r = c[n - 1];
  for (int i = n - 2; i >= 0; i--)
    r = r * x + c[i];
  return r;
}

static double c[5] = {1.0, -7.0, 0.5, -2.0, 3.0}; /* same polynomial as p */
static double horner_x(double x) { return horner(c, 5, x); }

int main(void) {
  const double xs[] = {-1.5, 0.0, 0.3, 2.0};
  for (int k = 0; k < 4; k++) {
    double x = xs[k];
    double an = 12.0 * x * x * x - 6.0 * x * x + x - 7.0;
    CHECK_DERIV(NAME("poly.p'(%g)", x), __enzyme_autodiff((void *)p, x), an, fd1(p, x, FD_H));
    double d = __enzyme_autodiff((void *)horner, enzyme_const, c, 5, x);
    CHECK_DERIV(NAME("poly.horner_const'(%g)", x), d, an, fd1(horner_x, x, FD_H));
  }
  /* coefficients duplicated: the gradient w.r.t. c accumulates into dc */
  double x = 1.25, dc[5] = {0};
  double dx = __enzyme_autodiff((void *)horner, enzyme_dup, c, dc, 5, x);
  CHECK_DERIV("poly.horner_dup.dx", dx, 12.0 * x * x * x - 6.0 * x * x + x - 7.0,
              fd1(horner_x, x, FD_H));
  double xi = 1.0;
  for (int i = 0; i < 5; i++, xi *= x) {
    double save = c[i];
    c[i] = save + FD_H;
    double fp = horner(c, 5, x);
    c[i] = save - FD_H;
    double fm = horner(c, 5, x);
    c[i] = save;
    CHECK_DERIV(NAME("poly.horner_dup.dc[%d]", i), dc[i], xi, (fp - fm) / (2.0 * FD_H));
  }
  return llad_report();
}
