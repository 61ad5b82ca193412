/* enzyme_dupnoneed output: only the shadow of y is meaningful after the call. */
#include "check.h"
#define N 4

LLAD_NOINLINE void expx(const double *x, double *y, int n) {
  for (int i = 0; i < n; i++)
    y[i] = exp(x[i]) * x[i];
}

LLAD_NOINLINE double outret(double *y, double x) {
  *y = x * x * x;
  return 3.0 * x + *y;
}

int main(void) {
  double x[N] = {-1.0, 0.0, 0.5, 2.0}, dx[N] = {1.0, -2.0, 0.5, 1.0};
  double y[N] = {0}, dy[N] = {0}, yp[N], ym[N], xp[N], xm[N], h = FD_H;
  for (int i = 0; i < N; i++) {
    xp[i] = x[i] + h * dx[i];
    xm[i] = x[i] - h * dx[i];
  }
  expx(xp, yp, N);
  expx(xm, ym, N);
  __enzyme_fwddiff_v((void *)expx, enzyme_dup, x, dx, enzyme_dupnoneed, y, dy, N);
  for (int i = 0; i < N; i++)
    CHECK_DERIV(NAME("dupnoneed.dy[%d]", i), dy[i], exp(x[i]) * (1.0 + x[i]) * dx[i],
                (yp[i] - ym[i]) / (2.0 * h));

  double s = 0.0, ds = 0.0, t = 1.2, s2;
  double dr = __enzyme_fwddiff((void *)outret, enzyme_dupnoneed, &s, &ds, t, 1.0);
  CHECK_DERIV("dupnoneed.outret.dreturn", dr, 3.0 + 3.0 * t * t,
              (outret(&s2, t + h) - outret(&s2, t - h)) / (2.0 * h));
  double s3, s4;
  outret(&s3, t + h);
  outret(&s4, t - h);
  CHECK_DERIV("dupnoneed.outret.dy", ds, 3.0 * t * t, (s3 - s4) / (2.0 * h));
  return llad_report();
}
