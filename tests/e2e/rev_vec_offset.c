/* Vectorizable loops (at -O2) on arrays whose primal and shadow are only
 * 8-byte aligned (x + 1): the reverse sweep's vector accesses must keep the
 * primal's alignment. Odd lengths exercise the scalar remainder loops; a
 * reversed copy into a heap buffer makes the vector shuffles run backwards. */
#include <stdlib.h>
#include "check.h"

void __enzyme_autodiff_v(void *, ...); /* no active scalar: returns void */

/* y_i = 3 x_i + x_i^2 */
LLAD_NOINLINE void axpx2(double *y, const double *x, int n) {
  for (int i = 0; i < n; i++)
    y[i] = 3.0 * x[i] + x[i] * x[i];
}

/* s = sum_i x_i x_{n-1-i} through a reversed heap copy: ds/dx_j = 2 x_{n-1-j} */
LLAD_NOINLINE double mirror(const double *x, int n) {
  double *t = malloc(n * sizeof(double));
  for (int i = 0; i < n; i++)
    t[i] = x[n - 1 - i];
  double s = 0.0;
  for (int i = 0; i < n; i++)
    s += x[i] * t[i];
  free(t);
  return s;
}

#define CAP 20
int main(void) {
  for (int n = 7; n <= 19; n += 6) {
    double xs[CAP], dxs[CAP] = {0}, ys[CAP], dys[CAP] = {0};
    double *x = xs + 1, *dx = dxs + 1, *y = ys + 1, *dy = dys + 1; /* 8 (mod 16) */
    for (int i = 0; i < n; i++)
      x[i] = 0.2 * i - 1.0, dy[i] = 1.0 + 0.5 * i;
    __enzyme_autodiff_v((void *)axpx2, y, dy, x, dx, n);
    for (int i = 0; i < n; i++) {
      double fd = ((3.0 * (x[i] + FD_H) + (x[i] + FD_H) * (x[i] + FD_H)) -
                   (3.0 * (x[i] - FD_H) + (x[i] - FD_H) * (x[i] - FD_H))) / (2.0 * FD_H);
      CHECK_DERIV(NAME("vec_offset.axpx2.n%d.dx[%d]", n, i), dx[i], (1.0 + 0.5 * i) * (3.0 + 2.0 * x[i]),
                  (1.0 + 0.5 * i) * fd);
      CHECK_CLOSE(NAME("vec_offset.axpx2.n%d.dy[%d].consumed", n, i), dy[i], 0.0, 0.0);
    }
    for (int i = 0; i < n; i++)
      dx[i] = 0.0;
    __enzyme_autodiff_v((void *)mirror, x, dx, n);
    for (int j = 0; j < n; j++) {
      double save = x[j];
      x[j] = save + FD_H;
      double fp = mirror(x, n);
      x[j] = save - FD_H;
      double fm = mirror(x, n);
      x[j] = save;
      CHECK_DERIV(NAME("vec_offset.mirror.n%d.dx[%d]", n, j), dx[j], 2.0 * x[n - 1 - j], (fp - fm) / (2.0 * FD_H));
    }
  }
  return llad_report();
}
