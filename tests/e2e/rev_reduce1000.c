/* Reductions over 1000 elements, vectorized at -O2 (a pragma allows
 * reassociation in the two loops): a dot product (dx = y, dy = x) and a sum of
 * squares with an active scale. All entries are checked against the analytic
 * gradient via a max error, a few against FD. */
#include "check.h"

double __enzyme_autodiff(void *, ...);
void __enzyme_autodiff_v(void *, ...); /* no active scalar: returns void */

#define N 1000
LLAD_NOINLINE double dot(const double *x, const double *y, int n) {
#pragma clang fp reassociate(on) /* lets -O2 vectorize the reduction */
  double s = 0.0;
  for (int i = 0; i < n; i++)
    s += x[i] * y[i];
  return s;
}

LLAD_NOINLINE double sumsq(const double *x, int n, double a) {
#pragma clang fp reassociate(on)
  double s = 0.0;
  for (int i = 0; i < n; i++)
    s += x[i] * x[i];
  return a * s;
}

static double x[N], y[N], dx[N], dy[N];

int main(void) {
  for (int i = 0; i < N; i++) {
    x[i] = sin(0.01 * i) + 0.1;
    y[i] = cos(0.013 * i) - 0.2;
  }
  __enzyme_autodiff_v((void *)dot, x, dx, y, dy, N);
  double ex = 0.0, ey = 0.0;
  for (int i = 0; i < N; i++) {
    ex = fmax(ex, fabs(dx[i] - y[i]));
    ey = fmax(ey, fabs(dy[i] - x[i]));
  }
  CHECK_CLOSE("reduce.dot.max_err_dx", ex, 0.0, 1e-12);
  CHECK_CLOSE("reduce.dot.max_err_dy", ey, 0.0, 1e-12);
  const int some[] = {0, 1, 7, 500, 998, 999};
  for (int k = 0; k < 6; k++) {
    int i = some[k];
    double save = x[i];
    x[i] = save + FD_H;
    double fp = dot(x, y, N);
    x[i] = save - FD_H;
    double fm = dot(x, y, N);
    x[i] = save;
    CHECK_DERIV(NAME("reduce.dot.dx[%d]", i), dx[i], y[i], (fp - fm) / (2.0 * FD_H));
  }

  double a = 0.75, s = 0.0;
  for (int i = 0; i < N; i++)
    dx[i] = 0.0, s += x[i] * x[i];
  double da = __enzyme_autodiff((void *)sumsq, x, dx, N, a);
  double e = 0.0;
  for (int i = 0; i < N; i++)
    e = fmax(e, fabs(dx[i] - 2.0 * a * x[i]));
  CHECK_CLOSE("reduce.sumsq.max_err_dx", e, 0.0, 1e-12);
  CHECK_DERIV("reduce.sumsq.da", da, s,
              (sumsq(x, N, a + FD_H) - sumsq(x, N, a - FD_H)) / (2.0 * FD_H));
  for (int k = 0; k < 6; k++) {
    int i = some[k];
    double save = x[i];
    x[i] = save + FD_H;
    double fp = sumsq(x, N, a);
    x[i] = save - FD_H;
    double fm = sumsq(x, N, a);
    x[i] = save;
    CHECK_DERIV(NAME("reduce.sumsq.dx[%d]", i), dx[i], 2.0 * a * x[i], (fp - fm) / (2.0 * FD_H));
  }
  return llad_report();
}
