/* memcpy of double arrays into local buffers, between local buffers, and out
 * of a heap buffer: the adjoint flows back through the copies.
 * s = sum_i x_i^2 x_{n-1-i}, so ds/dx_j = 2 x_j x_{n-1-j} + x_{n-1-j}^2. */
#include <stdlib.h>
#include "check.h"

void __enzyme_autodiff_v(void *, ...); /* no active scalar: returns void */

#define CAP 16
LLAD_NOINLINE double copies(const double *x, int n) {
  double buf[CAP], rev[CAP];
  memcpy(buf, x, n * sizeof(double));
  for (int i = 0; i < n; i++)
    buf[i] = buf[i] * buf[i];
  for (int i = 0; i < n; i++)
    rev[i] = x[n - 1 - i];
  double tmp[CAP];
  memcpy(tmp, rev, n * sizeof(double));
  double s = 0.0;
  for (int i = 0; i < n; i++)
    s += buf[i] * tmp[i];
  return s;
}

/* the same through a malloc'd buffer: heap -> local */
LLAD_NOINLINE double heap_copies(const double *x, int n) {
  double buf[CAP], *rev = malloc(n * sizeof(double));
  memcpy(buf, x, n * sizeof(double));
  for (int i = 0; i < n; i++)
    rev[i] = x[n - 1 - i] * buf[i] * buf[i];
  memcpy(buf, rev, n * sizeof(double));
  free(rev);
  double s = 0.0;
  for (int i = 0; i < n; i++)
    s += buf[i];
  return s;
}

int main(void) {
  for (int n = 5; n <= 6; n++) {
    double x[CAP], dx[CAP] = {0};
    for (int i = 0; i < n; i++)
      x[i] = 0.3 * i - 0.7 + 0.01 * n;
    __enzyme_autodiff_v((void *)copies, x, dx, n);
    for (int j = 0; j < n; j++) {
      double r = x[n - 1 - j];
      double save = x[j];
      x[j] = save + FD_H;
      double fp = copies(x, n);
      x[j] = save - FD_H;
      double fm = copies(x, n);
      x[j] = save;
      CHECK_DERIV(NAME("memcpy.n%d.dx[%d]", n, j), dx[j], 2.0 * x[j] * r + r * r, (fp - fm) / (2.0 * FD_H));
    }
    double dh[CAP] = {0};
    __enzyme_autodiff_v((void *)heap_copies, x, dh, n);
    for (int j = 0; j < n; j++) {
      double r = x[n - 1 - j];
      double save = x[j];
      x[j] = save + FD_H;
      double fp = heap_copies(x, n);
      x[j] = save - FD_H;
      double fm = heap_copies(x, n);
      x[j] = save;
      CHECK_DERIV(NAME("memcpy.heap.n%d.dx[%d]", n, j), dh[j], 2.0 * x[j] * r + r * r, (fp - fm) / (2.0 * FD_H));
    }
  }
  return llad_report();
}
