/* Scalar arithmetic: + - * / and negation, one and two active arguments. */
#include "check.h"

LLAD_NOINLINE double f(double x) {
  return (x + 2.0) * (x - 3.0) / (x * x + 1.0) - (-x) * 0.5;
}
static double df(double x) {
  double u = (x + 2.0) * (x - 3.0), du = 2.0 * x - 1.0;
  double v = x * x + 1.0, dv = 2.0 * x;
  return (du * v - u * dv) / (v * v) + 0.5;
}

LLAD_NOINLINE double g(double x, double y) {
  return x * y - x / y + (y - x) * (y + x) - -y;
}
/* dg/dx = y - 1/y - 2x ; dg/dy = x + x/y^2 + 2y + 1 */
static double gx(double x, double y) { return y - 1.0 / y - 2.0 * x; }
static double gy(double x, double y) { return x + x / (y * y) + 2.0 * y + 1.0; }
static double gfd(double x, double y, double dx, double dy) {
  double h = FD_H;
  return (g(x + h * dx, y + h * dy) - g(x - h * dx, y - h * dy)) / (2.0 * h);
}

int main(void) {
  const double xs[] = {-1.5, 0.25, 2.0, 7.0};
  for (int i = 0; i < 4; i++) {
    double x = xs[i];
    double d = __enzyme_fwddiff((void *)f, x, 1.0);
    CHECK_DERIV(NAME("arith.f'(%g)", x), d, df(x), fd1(f, x, FD_H));
  }
  /* a seed of 3 scales the tangent */
  double d3 = __enzyme_fwddiff((void *)f, 0.75, 3.0);
  CHECK_DERIV("arith.f'(0.75)*seed3", d3, 3.0 * df(0.75), 3.0 * fd1(f, 0.75, FD_H));

  double x = 1.25, y = -0.75;
  double dgx = __enzyme_fwddiff((void *)g, x, 1.0, y, 0.0);
  CHECK_DERIV("arith.dg/dx", dgx, gx(x, y), gfd(x, y, 1.0, 0.0));
  double dgy = __enzyme_fwddiff((void *)g, x, 0.0, y, 1.0);
  CHECK_DERIV("arith.dg/dy", dgy, gy(x, y), gfd(x, y, 0.0, 1.0));
  double dgd = __enzyme_fwddiff((void *)g, x, 0.5, y, -2.0);
  CHECK_DERIV("arith.dg.directional", dgd, 0.5 * gx(x, y) - 2.0 * gy(x, y),
              gfd(x, y, 0.5, -2.0));
  return llad_report();
}
