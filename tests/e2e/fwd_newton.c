/* while-until-convergence: Newton iterations for sqrt(a) and cbrt(a). */
#include "check.h"

LLAD_NOINLINE double newton_sqrt(double a) {
  double y = a > 1.0 ? a : 1.0, prev = 0.0;
  int it = 0;
  while (fabs(y - prev) > 1e-15 * y && it < 100) {
    prev = y;
    y = 0.5 * (y + a / y);
    it++;
  }
  return y;
}

LLAD_NOINLINE double newton_cbrt(double a) {
  double y = 1.0;
  for (int it = 0; it < 100; it++) {
    double step = (y * y * y - a) / (3.0 * y * y);
    y -= step;
    if (fabs(step) <= 1e-15 * fabs(y))
      break;
  }
  return y;
}

int main(void) {
  const double as[] = {0.25, 2.0, 10.0, 12345.0};
  for (int i = 0; i < 4; i++) {
    double a = as[i];
    CHECK_DERIV(NAME("newton.sqrt'(%g)", a), __enzyme_fwddiff((void *)newton_sqrt, a, 1.0),
                0.5 / sqrt(a), fd1(newton_sqrt, a, FD_H));
    CHECK_DERIV(NAME("newton.cbrt'(%g)", a), __enzyme_fwddiff((void *)newton_cbrt, a, 1.0),
                1.0 / (3.0 * cbrt(a) * cbrt(a)), fd1(newton_cbrt, a, FD_H));
  }
  return llad_report();
}
