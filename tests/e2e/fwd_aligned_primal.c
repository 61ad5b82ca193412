/* The primal buffers are promised 16-byte aligned (__builtin_assume_aligned), so -O2 vectorizes
 * the loop with aligned vector loads and stores; the user's shadows are only 8-byte aligned.
 * Shadow accesses must not inherit the primal's alignment (they would fault). Forward and
 * reverse mode. y_i = x_i^2 (1 + x_i / 2): dy_i/dx_i = 2 x_i + 1.5 x_i^2. */
#include "check.h"

void __enzyme_autodiff_v(void *, ...);
void __enzyme_fwddiff_v(void *, ...);

#define N 16
LLAD_NOINLINE void f(const double *x0, double *y0) {
  const double *x = __builtin_assume_aligned(x0, 16);
  double *y = __builtin_assume_aligned(y0, 16);
  for (int i = 0; i < N; i++)
    y[i] = x[i] * x[i] * (1.0 + 0.5 * x[i]);
}

int main(void) {
  _Alignas(16) double x[N], y[N];
  _Alignas(16) double xbuf[N + 1], ybuf[N + 1];
  double *dx = xbuf + 1, *dy = ybuf + 1; /* 8-byte aligned only */
  for (int i = 0; i < N; i++)
    x[i] = 0.1 * i - 0.6;
  for (int i = 0; i < N; i++) {
    dx[i] = 1.0;
    dy[i] = 0.0;
  }
  __enzyme_fwddiff_v((void *)f, enzyme_dup, x, dx, enzyme_dup, y, dy);
  for (int j = 0; j < N; j += 3) {
    double xp[N], xm[N], yp[N], ym[N];
    for (int i = 0; i < N; i++)
      xp[i] = xm[i] = x[i];
    xp[j] += FD_H;
    xm[j] -= FD_H;
    f(xp, yp);
    f(xm, ym);
    CHECK_DERIV(NAME("aligned.fwd.dy[%d]", j), dy[j], 2 * x[j] + 1.5 * x[j] * x[j], (yp[j] - ym[j]) / (2 * FD_H));
  }
  for (int i = 0; i < N; i++) {
    dx[i] = 0.0;
    dy[i] = 1.0;
  }
  __enzyme_autodiff_v((void *)f, enzyme_dup, x, dx, enzyme_dup, y, dy);
  for (int j = 0; j < N; j += 3) {
    CHECK_CLOSE(NAME("aligned.rev.dx[%d]", j), dx[j], 2 * x[j] + 1.5 * x[j] * x[j], 1e-12);
    CHECK_CLOSE(NAME("aligned.rev.dy[%d].zeroed", j), dy[j], 0.0, 0.0);
  }
  return llad_report();
}
