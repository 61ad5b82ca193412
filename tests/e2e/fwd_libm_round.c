/* floor ceil round trunc: zero derivative, but they scale active values. */
#include "check.h"

LLAD_NOINLINE double t_floor(double x) { return floor(x); }
LLAD_NOINLINE double t_ceil(double x) { return ceil(x); }
LLAD_NOINLINE double t_round(double x) { return round(x); }
LLAD_NOINLINE double t_trunc(double x) { return trunc(x); }
LLAD_NOINLINE double t_mix(double x) {
  return floor(x) * x + ceil(x) + round(x) * x * x - trunc(x) * sin(x);
}
static double dmix(double x) { return floor(x) + 2.0 * x * round(x) - trunc(x) * cos(x); }

int main(void) {
  const double xs[] = {-2.7, -0.4, 1.3, 3.6};
  for (int i = 0; i < 4; i++) {
    double x = xs[i];
    CHECK_DERIV(NAME("round.floor'(%g)", x), __enzyme_fwddiff((void *)t_floor, x, 1.0),
                0.0, fd1(t_floor, x, FD_H));
    CHECK_DERIV(NAME("round.ceil'(%g)", x), __enzyme_fwddiff((void *)t_ceil, x, 1.0),
                0.0, fd1(t_ceil, x, FD_H));
    CHECK_DERIV(NAME("round.round'(%g)", x), __enzyme_fwddiff((void *)t_round, x, 1.0),
                0.0, fd1(t_round, x, FD_H));
    CHECK_DERIV(NAME("round.trunc'(%g)", x), __enzyme_fwddiff((void *)t_trunc, x, 1.0),
                0.0, fd1(t_trunc, x, FD_H));
    CHECK_DERIV(NAME("round.mix'(%g)", x), __enzyme_fwddiff((void *)t_mix, x, 1.0),
                dmix(x), fd1(t_mix, x, FD_H));
  }
  return llad_report();
}
