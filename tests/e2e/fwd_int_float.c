/* int <-> float conversions: values that go through integers carry no tangent. */
#include "check.h"

LLAD_NOINLINE double f_floorint(double x) { int k = (int)x; return x * (double)k + (double)(k * k); }
LLAD_NOINLINE double f_index(double x) { int i = (int)(x * 10.0); return (double)i; }
LLAD_NOINLINE double f_loopidx(double x, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++)
    s += (double)i * x * x;
  return s;
}
LLAD_NOINLINE double f_lround(double x) { long b = lround(x * 4.0); return sin(x) + (double)b; }
LLAD_NOINLINE double f_viafloat(double x) { float fx = (float)x; return (double)(fx * fx); }
LLAD_NOINLINE double f_unsigned(double x) {
  unsigned u = (unsigned)(x * 3.0);
  return (double)u * x + (double)(u & 1u);
}

int main(void) {
  const double xs[] = {-2.35, 1.45, 3.73};
  for (int i = 0; i < 3; i++) {
    double x = xs[i];
    int k = (int)x;
    CHECK_DERIV(NAME("int_float.x*(int)x @%g", x), __enzyme_fwddiff((void *)f_floorint, x, 1.0),
                (double)k, fd1(f_floorint, x, FD_H));
    CHECK_DERIV(NAME("int_float.(double)(int)(10x) @%g", x),
                __enzyme_fwddiff((void *)f_index, x, 1.0), 0.0, fd1(f_index, x, FD_H));
    CHECK_DERIV(NAME("int_float.sin+lround @%g", x), __enzyme_fwddiff((void *)f_lround, x, 1.0),
                cos(x), fd1(f_lround, x, FD_H));
    /* the float round trip loses precision: looser tolerances, larger FD step */
    CHECK_DERIV_TOL(NAME("int_float.via_float @%g", x),
                    __enzyme_fwddiff((void *)f_viafloat, x, 1.0), 2.0 * x,
                    fd1(f_viafloat, x, 1e-3), 1e-6, 1e-3);
  }
  double x = 0.9, h = FD_H;
  CHECK_DERIV("int_float.loop_index_cast(n=6)", __enzyme_fwddiff((void *)f_loopidx, x, 1.0, 6),
              2.0 * x * 15.0, (f_loopidx(x + h, 6) - f_loopidx(x - h, 6)) / (2.0 * h));
  CHECK_DERIV("int_float.unsigned @2.5", __enzyme_fwddiff((void *)f_unsigned, 2.5, 1.0),
              7.0, fd1(f_unsigned, 2.5, FD_H));
  return llad_report();
}
