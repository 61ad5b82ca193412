/* libm: fabs fmin fmax copysign (evaluated away from the kinks). */
#include "check.h"

LLAD_NOINLINE double t_fabs(double x) { return fabs(x) * x; }           /* 2|x| */
LLAD_NOINLINE double t_fmin(double x, double y) { return fmin(x * x, y); }
LLAD_NOINLINE double t_fmax(double x, double y) { return fmax(3.0 * x, y * y); }
LLAD_NOINLINE double t_copysign(double x, double y) { return copysign(x, y); }

typedef double (*fn2)(double, double);
static double fd2(fn2 f, double x, double y, double dx, double dy) {
  double h = FD_H;
  return (f(x + h * dx, y + h * dy) - f(x - h * dx, y - h * dy)) / (2.0 * h);
}

int main(void) {
  const double xs[] = {-1.3, 0.6};
  for (int i = 0; i < 2; i++) {
    double x = xs[i];
    CHECK_DERIV(NAME("nonsmooth.fabs(x)*x @%g", x),
                __enzyme_fwddiff((void *)t_fabs, x, 1.0), 2.0 * fabs(x),
                fd1(t_fabs, x, FD_H));
  }
  /* fmin(x*x, y): at (0.5, 2) the first operand wins, at (2, 0.5) the second */
  CHECK_DERIV("nonsmooth.fmin.first.d/dx", __enzyme_fwddiff((void *)t_fmin, 0.5, 1.0, 2.0, 0.0),
              1.0, fd2(t_fmin, 0.5, 2.0, 1.0, 0.0));
  CHECK_DERIV("nonsmooth.fmin.first.d/dy", __enzyme_fwddiff((void *)t_fmin, 0.5, 0.0, 2.0, 1.0),
              0.0, fd2(t_fmin, 0.5, 2.0, 0.0, 1.0));
  CHECK_DERIV("nonsmooth.fmin.second.dir", __enzyme_fwddiff((void *)t_fmin, 2.0, 1.0, 0.5, -3.0),
              -3.0, fd2(t_fmin, 2.0, 0.5, 1.0, -3.0));
  /* fmax(3x, y*y) */
  CHECK_DERIV("nonsmooth.fmax.first.dir", __enzyme_fwddiff((void *)t_fmax, 1.0, 2.0, 1.5, 1.0),
              6.0, fd2(t_fmax, 1.0, 1.5, 2.0, 1.0));
  CHECK_DERIV("nonsmooth.fmax.second.dir", __enzyme_fwddiff((void *)t_fmax, 0.1, 2.0, -1.5, 1.0),
              -3.0, fd2(t_fmax, 0.1, -1.5, 2.0, 1.0));
  /* copysign(x, y): d/dx = sign(x)*sign(y), d/dy = 0 */
  const double cs[4][2] = {{1.5, 2.0}, {1.5, -2.0}, {-0.7, 3.0}, {-0.7, -0.1}};
  for (int i = 0; i < 4; i++) {
    double x = cs[i][0], y = cs[i][1];
    double an = ((x > 0) == (y > 0)) ? 1.0 : -1.0;
    CHECK_DERIV(NAME("nonsmooth.copysign(%g,%g).d/dx", x, y),
                __enzyme_fwddiff((void *)t_copysign, x, 1.0, y, 0.0), an,
                fd2(t_copysign, x, y, 1.0, 0.0));
    CHECK_DERIV(NAME("nonsmooth.copysign(%g,%g).d/dy", x, y),
                __enzyme_fwddiff((void *)t_copysign, x, 0.0, y, 1.0), 0.0,
                fd2(t_copysign, x, y, 0.0, 1.0));
  }
  return llad_report();
}
