/* saxpy y = a*x + y over n = 1000 (vectorized at -O2, runtime alias checks). */
#include "check.h"
#define N 1000

LLAD_NOINLINE void saxpy(int n, double a, const double *x, double *y) {
  for (int i = 0; i < n; i++)
    y[i] = a * x[i] + y[i];
}

static double x[N], dx[N], y[N], dy[N], an[N], fd[N], yp[N], ym[N], xp[N], xm[N];

int main(void) {
  double a = 2.5, da = 0.75, h = FD_H;
  for (int i = 0; i < N; i++) {
    x[i] = 0.001 * i - 0.3;
    dx[i] = sin(0.1 * i);
    y[i] = cos(0.002 * i);
    dy[i] = 0.5 - 0.001 * i; /* incoming tangent of y: y is in/out */
    xp[i] = x[i] + h * dx[i];
    xm[i] = x[i] - h * dx[i];
    yp[i] = y[i] + h * dy[i];
    ym[i] = y[i] - h * dy[i];
    an[i] = da * x[i] + a * dx[i] + dy[i];
  }
  saxpy(N, a + h * da, xp, yp);
  saxpy(N, a - h * da, xm, ym);
  for (int i = 0; i < N; i++)
    fd[i] = (yp[i] - ym[i]) / (2.0 * h);
  double y17 = a * x[17] + y[17];
  __enzyme_fwddiff_v((void *)saxpy, N, a, da, enzyme_dup, x, dx, enzyme_dup, y, dy);
  int worst = 0;
  double worst_err = -1.0;
  for (int i = 0; i < N; i++) {
    double err = fabs(dy[i] - an[i]) / RTOL_AN + fabs(dy[i] - fd[i]) / RTOL_FD;
    if (!(err <= worst_err)) { worst_err = err; worst = i; }
  }
  CHECK_DERIV(NAME("saxpy.dy[%d](worst_of_%d)", worst, N), dy[worst], an[worst], fd[worst]);
  CHECK_DERIV("saxpy.dy[0]", dy[0], an[0], fd[0]);
  CHECK_DERIV("saxpy.dy[999]", dy[N - 1], an[N - 1], fd[N - 1]);
  CHECK_CLOSE("saxpy.y[17].primal", y[17], y17, 1e-12);
  return llad_report();
}
