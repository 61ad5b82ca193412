/* libm in reverse mode: sin cos tan atan2 (both arguments active). */
#include "check.h"

typedef struct { double dy, dx; } D2;
double __enzyme_autodiff(void *, ...);
D2 __enzyme_autodiff_d2(void *, double, double);

LLAD_NOINLINE double t_sin(double x) { return sin(x); }
LLAD_NOINLINE double t_cos(double x) { return cos(x); }
LLAD_NOINLINE double t_tan(double x) { return tan(x); }
LLAD_NOINLINE double t_mix(double x) { return sin(x) * cos(2.0 * x) + tan(0.5 * x) * x; }
LLAD_NOINLINE double t_atan2(double y, double x) { return atan2(y, x); }

static double other;
static double atan2_y(double y) { return t_atan2(y, other); }
static double atan2_x(double x) { return t_atan2(other, x); }

#define CHECK1(fn, x, an) CHECK_DERIV(NAME("trig." #fn "'(%g)", x), __enzyme_autodiff((void *)fn, x), an, fd1(fn, x, FD_H))

int main(void) {
  const double xs[] = {-2.0, 0.4, 1.2, 5.0};
  for (int i = 0; i < 4; i++) {
    double x = xs[i], t = tan(0.5 * x);
    CHECK1(t_sin, x, cos(x));
    CHECK1(t_cos, x, -sin(x));
    CHECK1(t_tan, x, 1.0 / (cos(x) * cos(x)));
    CHECK1(t_mix, x, cos(x) * cos(2.0 * x) - 2.0 * sin(x) * sin(2.0 * x) + 0.5 * (1.0 + t * t) * x + t);
  }
  /* atan2 in all four quadrants */
  const double pts[4][2] = {{1.0, 2.0}, {1.5, -0.5}, {-0.7, -1.1}, {-2.0, 0.3}};
  for (int i = 0; i < 4; i++) {
    double y = pts[i][0], x = pts[i][1], r2 = x * x + y * y;
    D2 d = __enzyme_autodiff_d2((void *)t_atan2, y, x);
    other = x;
    CHECK_DERIV(NAME("trig.atan2.dy(%g,%g)", y, x), d.dy, x / r2, fd1(atan2_y, y, FD_H));
    other = y;
    CHECK_DERIV(NAME("trig.atan2.dx(%g,%g)", y, x), d.dx, -y / r2, fd1(atan2_x, x, FD_H));
  }
  return llad_report();
}
