/* Forward mode through a buffer grown with realloc: the tangents written before a realloc move
 * with the values. s = sum_i x_i^3 (1 + 0.1 i); the tangent along e_j is 3 (1 + 0.1 j) x_j^2. */
#include <stdlib.h>
#include "check.h"

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
  double x[N];
  for (int i = 0; i < N; i++)
    x[i] = 0.3 * i - 1.0;
  for (int j = 0; j < N; j++) {
    double dx[N] = {0};
    dx[j] = 1.0;
    double d = __enzyme_fwddiff((void *)grow, enzyme_dup, x, dx, enzyme_const, N);
    double an = 3.0 * (1.0 + 0.1 * j) * x[j] * x[j];
    double save = x[j];
    x[j] = save + FD_H;
    double fp = grow(x, N);
    x[j] = save - FD_H;
    double fm = grow(x, N);
    x[j] = save;
    CHECK_DERIV(NAME("realloc.d[%d]", j), d, an, (fp - fm) / (2.0 * FD_H));
  }
  return llad_report();
}
