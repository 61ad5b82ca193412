/* Loops the -O2 vectorizer turns into SIMD code (n = 1000): a reduction and a map. */
#include "check.h"
#define N 1000

LLAD_NOINLINE double sumsq(const double *x, int n) {
  double s = 0.0;
#pragma clang loop vectorize(enable) interleave(enable)
  for (int i = 0; i < n; i++)
    s += x[i] * x[i];
  return s;
}

LLAD_NOINLINE void scale_sq(double *restrict y, const double *restrict x, double c, int n) {
  for (int i = 0; i < n; i++)
    y[i] = c * x[i] * x[i];
}

static double x[N], dx[N], xp[N], xm[N], y[N], dy[N], yp[N], ym[N];

int main(void) {
  double h = FD_H, an = 0.0;
  for (int i = 0; i < N; i++) {
    x[i] = sin(0.01 * i) + 0.5;
    dx[i] = cos(0.03 * i);
    xp[i] = x[i] + h * dx[i];
    xm[i] = x[i] - h * dx[i];
    an += 2.0 * x[i] * dx[i];
  }
  CHECK_DERIV("vec_sumsq.dsum", __enzyme_fwddiff((void *)sumsq, enzyme_dup, x, dx, N), an,
              (sumsq(xp, N) - sumsq(xm, N)) / (2.0 * h));
  CHECK_DERIV("vec_sumsq.dsum.n=7(remainder)",
              __enzyme_fwddiff((void *)sumsq, enzyme_dup, x, dx, 7),
              2.0 * (x[0] * dx[0] + x[1] * dx[1] + x[2] * dx[2] + x[3] * dx[3] + x[4] * dx[4] +
                     x[5] * dx[5] + x[6] * dx[6]),
              (sumsq(xp, 7) - sumsq(xm, 7)) / (2.0 * h));

  double c = 1.5, dc = -0.5;
  scale_sq(yp, xp, c + h * dc, N);
  scale_sq(ym, xm, c - h * dc, N);
  __enzyme_fwddiff_v((void *)scale_sq, enzyme_dup, y, dy, enzyme_dup, x, dx, c, dc, N);
  int worst = 0; /* report the element that is furthest from the references */
  double worst_err = -1.0;
  for (int i = 0; i < N; i++) {
    double a = dc * x[i] * x[i] + 2.0 * c * x[i] * dx[i], f = (yp[i] - ym[i]) / (2.0 * h);
    double err = fabs(dy[i] - a) / RTOL_AN + fabs(dy[i] - f) / RTOL_FD;
    if (!(err <= worst_err)) { worst_err = err; worst = i; }
  }
  double wa = dc * x[worst] * x[worst] + 2.0 * c * x[worst] * dx[worst];
  CHECK_DERIV(NAME("vec_sumsq.scale_sq.dy[%d](worst_of_%d)", worst, N), dy[worst], wa,
              (yp[worst] - ym[worst]) / (2.0 * h));
  CHECK_DERIV("vec_sumsq.scale_sq.dy[999]", dy[N - 1],
              dc * x[N - 1] * x[N - 1] + 2.0 * c * x[N - 1] * dx[N - 1],
              (yp[N - 1] - ym[N - 1]) / (2.0 * h));
  return llad_report();
}
