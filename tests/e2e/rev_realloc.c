/* A buffer grown with realloc inside the differentiated function: the values written before a
 * realloc move to the new block, and so must their adjoints. s = sum_i x_i^2 * x_i * w_i, so
 * ds/dx_j = 3 w_j x_j^2. The buffer starts at 2 elements and doubles, so 9 elements realloc
 * three times. */
#include <stdlib.h>
#include "check.h"

void __enzyme_autodiff_v(void *, ...);

LLAD_NOINLINE double grow(const double *x, int n) {
  int cap = 2, len = 0;
  double *buf = malloc(cap * sizeof(double));
  for (int i = 0; i < n; i++) {
    if (len == cap) {
      cap *= 2;
      buf = realloc(buf, cap * sizeof(double));
    }
    buf[len++] = x[i] * x[i];
  }
  double s = 0.0;
  for (int i = 0; i < len; i++)
    s += buf[i] * x[i] * (1.0 + 0.1 * i);
  free(buf);
  return s;
}

#define N 9
int main(void) {
  double x[N], dx[N] = {0};
  for (int i = 0; i < N; i++)
    x[i] = 0.3 * i - 1.0;
  __enzyme_autodiff_v((void *)grow, x, dx, N);
  for (int j = 0; j < N; j++) {
    double an = 3.0 * (1.0 + 0.1 * j) * x[j] * x[j];
    double save = x[j];
    x[j] = save + FD_H;
    double fp = grow(x, N);
    x[j] = save - FD_H;
    double fm = grow(x, N);
    x[j] = save;
    CHECK_DERIV(NAME("realloc.dx[%d]", j), dx[j], an, (fp - fm) / (2.0 * FD_H));
  }
  return llad_report();
}
