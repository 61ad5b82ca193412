/* cabs of a double complex (two doubles in the IR: the same rule as hypot), forward and reverse:
 * f(x, y) = |x + 2iy| * |y - ix| = sqrt(x^2 + 4y^2) * sqrt(y^2 + x^2) (complex products would call
 * __muldc3, which llad has no rule for yet).
 * At (0.7, -1.1): df/dx = x g/a + x a/g, df/dy = 4y g/a + y a/g with a = |x + 2iy|, g = |y - ix|. */
#include <complex.h>
#include "check.h"

double __enzyme_autodiff(void *, ...);
typedef struct {
  double dx, dy;
} grad2;
grad2 __enzyme_autodiff_g(void *, double, double);

LLAD_NOINLINE double f(double x, double y) {
  double complex a = x + 2.0 * I * y, b = y - I * x;
  return cabs(a) * cabs(b);
}

static double fx(double x) { return f(x, -1.1); }
static double fy(double y) { return f(0.7, y); }

int main(void) {
  const double x = 0.7, y = -1.1;
  double a = sqrt(x * x + 4 * y * y), g = sqrt(y * y + x * x);
  double dfdx = x * g / a + x * a / g, dfdy = 4 * y * g / a + y * a / g;
  grad2 r = __enzyme_autodiff_g((void *)f, x, y);
  CHECK_DERIV("reverse.dx", r.dx, dfdx, fd1(fx, x, FD_H));
  CHECK_DERIV("reverse.dy", r.dy, dfdy, fd1(fy, y, FD_H));
  double t = __enzyme_fwddiff((void *)f, x, 1.0, y, 0.0);
  CHECK_DERIV("forward.dx", t, dfdx, fd1(fx, x, FD_H));
  return llad_report();
}
