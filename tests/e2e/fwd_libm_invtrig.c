/* libm: asin acos atan atan2 (both arguments). */
#include "check.h"

LLAD_NOINLINE double t_asin(double x) { return asin(x); }
LLAD_NOINLINE double t_acos(double x) { return acos(x); }
LLAD_NOINLINE double t_atan(double x) { return atan(x); }
LLAD_NOINLINE double t_atan2(double y, double x) { return atan2(y, x); }

static double a2fd(double y, double x, double dy, double dx) {
  double h = FD_H;
  return (t_atan2(y + h * dy, x + h * dx) - t_atan2(y - h * dy, x - h * dx)) / (2.0 * h);
}

int main(void) {
  const double xs[] = {-0.7, 0.1, 0.85};
  for (int i = 0; i < 3; i++) {
    double x = xs[i];
    CHECK_DERIV(NAME("invtrig.asin'(%g)", x), __enzyme_fwddiff((void *)t_asin, x, 1.0),
                1.0 / sqrt(1.0 - x * x), fd1(t_asin, x, FD_H));
    CHECK_DERIV(NAME("invtrig.acos'(%g)", x), __enzyme_fwddiff((void *)t_acos, x, 1.0),
                -1.0 / sqrt(1.0 - x * x), fd1(t_acos, x, FD_H));
    CHECK_DERIV(NAME("invtrig.atan'(%g)", x * 4), __enzyme_fwddiff((void *)t_atan, x * 4, 1.0),
                1.0 / (1.0 + 16.0 * x * x), fd1(t_atan, x * 4, FD_H));
  }
  /* atan2 in several quadrants */
  const double pts[4][2] = {{0.5, 2.0}, {1.5, -0.5}, {-1.0, -3.0}, {-2.0, 0.25}};
  for (int i = 0; i < 4; i++) {
    double y = pts[i][0], x = pts[i][1], r2 = x * x + y * y;
    CHECK_DERIV(NAME("invtrig.atan2(%g,%g).d/dy", y, x),
                __enzyme_fwddiff((void *)t_atan2, y, 1.0, x, 0.0), x / r2,
                a2fd(y, x, 1.0, 0.0));
    CHECK_DERIV(NAME("invtrig.atan2(%g,%g).d/dx", y, x),
                __enzyme_fwddiff((void *)t_atan2, y, 0.0, x, 1.0), -y / r2,
                a2fd(y, x, 0.0, 1.0));
  }
  return llad_report();
}
