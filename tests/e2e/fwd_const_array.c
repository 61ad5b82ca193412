/* enzyme_const arrays and scalars mixed with active ones. */
#include "check.h"
#define N 6

LLAD_NOINLINE double weighted(const double *c, const double *x, double scale, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++)
    s += c[i] * sin(x[i]) * scale;
  return s;
}

int main(void) {
  double c[N], dc[N], x[N], dx[N], cp[N], cm[N], xp[N], xm[N], h = FD_H;
  double scale = 1.7, an_x = 0.0, an_c = 0.0, an_s = 0.0;
  for (int i = 0; i < N; i++) {
    c[i] = 1.0 + 0.5 * i;
    x[i] = 0.3 * i - 0.6;
    dx[i] = (i % 2) ? 1.0 : -0.5;
    dc[i] = 0.1 * (i + 1);
    xp[i] = x[i] + h * dx[i];
    xm[i] = x[i] - h * dx[i];
    cp[i] = c[i] + h * dc[i];
    cm[i] = c[i] - h * dc[i];
    an_x += c[i] * cos(x[i]) * dx[i] * scale;
    an_c += dc[i] * sin(x[i]) * scale;
    an_s += c[i] * sin(x[i]);
  }
  CHECK_DERIV("const_array.c_const.x_dup",
              __enzyme_fwddiff((void *)weighted, enzyme_const, c, enzyme_dup, x, dx,
                               enzyme_const, scale, N),
              an_x, (weighted(c, xp, scale, N) - weighted(c, xm, scale, N)) / (2.0 * h));
  CHECK_DERIV("const_array.c_dup.x_const",
              __enzyme_fwddiff((void *)weighted, enzyme_dup, c, dc, enzyme_const, x,
                               enzyme_const, scale, N),
              an_c, (weighted(cp, x, scale, N) - weighted(cm, x, scale, N)) / (2.0 * h));
  CHECK_DERIV("const_array.arrays_const.scale_active",
              __enzyme_fwddiff((void *)weighted, enzyme_const, c, enzyme_const, x, scale, 1.0, N),
              an_s, (weighted(c, x, scale + h, N) - weighted(c, x, scale - h, N)) / (2.0 * h));
  return llad_report();
}
