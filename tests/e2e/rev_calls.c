/* Helper functions (noinline) called several times, with different argument
 * activities at different call sites, and a helper writing through a pointer. */
#include "check.h"

typedef struct { double dx, dy; } D2;
D2 __enzyme_autodiff_d2(void *, double, double);

LLAD_NOINLINE double sq(double v) { return v * v; }
LLAD_NOINLINE double lin(double a, double v) { return a * v + sin(a); }
LLAD_NOINLINE void store_prod(double *out, double a, double b) { *out = a * b; }

LLAD_NOINLINE double outer(double x, double y) {
  double p;
  store_prod(&p, x, y);                 /* p = x y through memory */
  double r = sq(x) + sq(y) + sq(x * y); /* same helper, three call sites */
  r += lin(x, y) + lin(2.0, x) + lin(y, 3.0);
  return r * p;
}

static double other;
static double outer_x(double x) { return outer(x, other); }
static double outer_y(double y) { return outer(other, y); }

int main(void) {
  const double pts[3][2] = {{0.5, 1.5}, {-1.2, 0.3}, {2.0, -0.8}};
  for (int i = 0; i < 3; i++) {
    double x = pts[i][0], y = pts[i][1];
    double r = x * x + y * y + x * x * y * y + x * y + sin(x) + 2.0 * x + sin(2.0) + 3.0 * y + sin(y);
    double rx = 2.0 * x + 2.0 * x * y * y + y + cos(x) + 2.0;
    double ry = 2.0 * y + 2.0 * x * x * y + x + 3.0 + cos(y);
    D2 d = __enzyme_autodiff_d2((void *)outer, x, y);
    other = y;
    CHECK_DERIV(NAME("calls.dx(%g,%g)", x, y), d.dx, rx * x * y + r * y, fd1(outer_x, x, FD_H));
    other = x;
    CHECK_DERIV(NAME("calls.dy(%g,%g)", x, y), d.dy, ry * x * y + r * x, fd1(outer_y, y, FD_H));
  }
  return llad_report();
}
