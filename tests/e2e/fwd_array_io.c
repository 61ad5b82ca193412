/* Arrays in and out, both duplicated; the primal output is also checked. */
#include "check.h"
#define N 5

LLAD_NOINLINE void couple(const double *x, double *y, int n) {
  for (int i = 0; i < n; i++)
    y[i] = x[i] * x[(i + 1) % n] + sin(x[i]);
}

LLAD_NOINLINE double dot(const double *a, const double *b, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++)
    s += a[i] * b[i];
  return s;
}

int main(void) {
  double x[N] = {0.5, -1.0, 2.0, 0.25, 1.5}, dx[N] = {1.0, 0.5, -0.25, 2.0, -1.0};
  double y[N] = {0}, dy[N] = {0}, xp[N], xm[N], yp[N], ym[N], h = FD_H;
  for (int i = 0; i < N; i++) {
    xp[i] = x[i] + h * dx[i];
    xm[i] = x[i] - h * dx[i];
  }
  couple(xp, yp, N);
  couple(xm, ym, N);
  __enzyme_fwddiff_v((void *)couple, enzyme_dup, x, dx, enzyme_dup, y, dy, N);
  for (int i = 0; i < N; i++) {
    int j = (i + 1) % N;
    CHECK_DERIV(NAME("array_io.dy[%d]", i), dy[i],
                dx[i] * x[j] + x[i] * dx[j] + cos(x[i]) * dx[i], (yp[i] - ym[i]) / (2.0 * h));
    CHECK_CLOSE(NAME("array_io.y[%d].primal", i), y[i], x[i] * x[j] + sin(x[i]), 1e-12);
  }
  /* dot(a, b) with both arrays active; then the same array passed twice */
  double b[N] = {2.0, 1.0, -1.0, 0.5, 3.0}, db[N] = {0.1, 0.2, 0.3, 0.4, 0.5};
  double bp[N], bm[N], an = 0.0;
  for (int i = 0; i < N; i++) {
    bp[i] = b[i] + h * db[i];
    bm[i] = b[i] - h * db[i];
    an += dx[i] * b[i] + x[i] * db[i];
  }
  CHECK_DERIV("array_io.ddot(x,b)",
              __enzyme_fwddiff((void *)dot, enzyme_dup, x, dx, enzyme_dup, b, db, N), an,
              (dot(xp, bp, N) - dot(xm, bm, N)) / (2.0 * h));
  CHECK_DERIV("array_io.ddot(x,x)",
              __enzyme_fwddiff((void *)dot, enzyme_dup, x, dx, enzyme_dup, x, dx, N),
              2.0 * dot(x, dx, N), (dot(xp, xp, N) - dot(xm, xm, N)) / (2.0 * h));
  return llad_report();
}
