/* y = x / |x| (in place into a separate buffer) and its norm as return value. */
#include "check.h"
#define N 4

LLAD_NOINLINE double normalize(const double *x, double *y, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++)
    s += x[i] * x[i];
  double r = sqrt(s);
  for (int i = 0; i < n; i++)
    y[i] = x[i] / r;
  return r;
}

int main(void) {
  double x[N] = {1.0, -2.0, 2.0, 4.0}, dx[N] = {0.5, 0.25, -1.0, 0.75}; /* |x| = 5 */
  double y[N], dy[N] = {0}, xp[N], xm[N], yp[N], ym[N], h = FD_H, ydx = 0.0;
  for (int i = 0; i < N; i++) {
    xp[i] = x[i] + h * dx[i];
    xm[i] = x[i] - h * dx[i];
    ydx += x[i] / 5.0 * dx[i];
  }
  double rp = normalize(xp, yp, N), rm = normalize(xm, ym, N);
  double dr = __enzyme_fwddiff((void *)normalize, enzyme_dup, x, dx, enzyme_dup, y, dy, N);
  CHECK_DERIV("normalize.dnorm", dr, ydx, (rp - rm) / (2.0 * h));
  for (int i = 0; i < N; i++)
    CHECK_DERIV(NAME("normalize.dy[%d]", i), dy[i], (dx[i] - x[i] / 5.0 * ydx) / 5.0,
                (yp[i] - ym[i]) / (2.0 * h));
  CHECK_CLOSE("normalize.y[3].primal", y[3], 0.8, 1e-12);
  return llad_report();
}
