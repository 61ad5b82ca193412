/* Calls to non-inlined helpers, several levels deep, incl. a pointer helper. */
#include "check.h"

LLAD_NOINLINE double sq(double x) { return x * x; }
LLAD_NOINLINE void accum(double *acc, double v) { *acc += sq(v) * 0.5; }
LLAD_NOINLINE double lvl2(double x) { return sq(sin(x)) + 3.0 * sq(x); }
LLAD_NOINLINE double lvl3(double x, double y) {
  double acc = lvl2(x * y) * sq(y) + lvl2(y);
  accum(&acc, x - y);
  return acc;
}
static double dlvl2(double x) { return sin(2.0 * x) + 6.0 * x; }

int main(void) {
  double h = FD_H;
  const double xs[] = {-0.8, 0.4, 1.9};
  for (int i = 0; i < 3; i++) {
    double x = xs[i];
    CHECK_DERIV(NAME("calls.sq'(%g)", x), __enzyme_fwddiff((void *)sq, x, 1.0), 2.0 * x,
                fd1(sq, x, h));
    CHECK_DERIV(NAME("calls.lvl2'(%g)", x), __enzyme_fwddiff((void *)lvl2, x, 1.0), dlvl2(x),
                fd1(lvl2, x, h));
  }
  double x = 0.7, y = -1.3, xy = x * y;
  double ax = dlvl2(xy) * y * y * y + (x - y);
  double ay = dlvl2(xy) * x * y * y + lvl2(xy) * 2.0 * y + dlvl2(y) - (x - y);
  CHECK_DERIV("calls.lvl3.d/dx", __enzyme_fwddiff((void *)lvl3, x, 1.0, y, 0.0), ax,
              (lvl3(x + h, y) - lvl3(x - h, y)) / (2.0 * h));
  CHECK_DERIV("calls.lvl3.d/dy", __enzyme_fwddiff((void *)lvl3, x, 0.0, y, 1.0), ay,
              (lvl3(x, y + h) - lvl3(x, y - h)) / (2.0 * h));
  /* differentiate the pointer helper directly: acc in/out */
  double acc = 2.0, dacc = 0.5, v = 1.5;
  double ap = acc + h * dacc, am = acc - h * dacc;
  accum(&ap, v + h * 2.0);
  accum(&am, v - h * 2.0);
  __enzyme_fwddiff_v((void *)accum, enzyme_dup, &acc, &dacc, v, 2.0);
  CHECK_DERIV("calls.accum.dacc", dacc, 0.5 + v * 2.0, (ap - am) / (2.0 * h));
  CHECK_CLOSE("calls.accum.acc.primal", acc, 2.0 + 0.5 * v * v, 1e-12);
  return llad_report();
}
