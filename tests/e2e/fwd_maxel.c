/* Loop-carried selects: max element and argmax-weighted sum. */
#include "check.h"
#define N 7

LLAD_NOINLINE double maxel(const double *x, int n) {
  double m = x[0];
  for (int i = 1; i < n; i++)
    m = x[i] > m ? x[i] : m;
  return m;
}

LLAD_NOINLINE double clipped_sum(const double *x, int n, double lo, double hi) {
  double s = 0.0;
  for (int i = 0; i < n; i++) {
    double v = x[i] * x[i];
    if (v < lo) v = lo;
    if (v > hi) v = hi;
    s += v;
  }
  return s;
}

int main(void) {
  double x[N] = {0.3, -2.0, 1.7, 0.9, 2.4, -0.5, 1.1}, dx[N], xp[N], xm[N], h = FD_H;
  double an_clip = 0.0, lo = 0.5, hi = 3.0, nclip = 0.0;
  for (int i = 0; i < N; i++) {
    dx[i] = 0.5 + 0.25 * i;
    xp[i] = x[i] + h * dx[i];
    xm[i] = x[i] - h * dx[i];
    double v = x[i] * x[i];
    if (v > lo && v < hi) an_clip += 2.0 * x[i] * dx[i];
    else nclip += 1.0;
  }
  CHECK_DERIV("maxel.dmax", __enzyme_fwddiff((void *)maxel, enzyme_dup, x, dx, N), dx[4],
              (maxel(xp, N) - maxel(xm, N)) / (2.0 * h));
  CHECK_DERIV("maxel.dmax.first4", __enzyme_fwddiff((void *)maxel, enzyme_dup, x, dx, 4), dx[2],
              (maxel(xp, 4) - maxel(xm, 4)) / (2.0 * h));
  CHECK_DERIV("maxel.clipped_sum",
              __enzyme_fwddiff((void *)clipped_sum, enzyme_dup, x, dx, N, lo, 0.0, hi, 0.0),
              an_clip, (clipped_sum(xp, N, lo, hi) - clipped_sum(xm, N, lo, hi)) / (2.0 * h));
  /* seeding both bounds: tangent = number of clipped elements (4) */
  CHECK_DERIV("maxel.clipped_sum.dlo_dhi",
              __enzyme_fwddiff((void *)clipped_sum, enzyme_const, x, N, lo, 1.0, hi, 1.0), nclip,
              (clipped_sum(x, N, lo + h, hi + h) - clipped_sum(x, N, lo - h, hi - h)) / (2.0 * h));
  return llad_report();
}
