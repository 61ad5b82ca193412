/* A malloc'd temporary inside the differentiated function: fill, reduce, free.
 * s = sum_i t_i t_{n-1-i} with t_i = x_i sin(x_i), so ds/dx_j = 2 t_{n-1-j} t'_j. */
#include <stdlib.h>
#include "check.h"

void __enzyme_autodiff_v(void *, ...); /* no active scalar: returns void */

LLAD_NOINLINE double mirror(const double *x, int n) {
  double *t = malloc(n * sizeof(double));
  for (int i = 0; i < n; i++)
    t[i] = sin(x[i]) * x[i];
  double s = 0.0;
  for (int i = 0; i < n; i++)
    s += t[i] * t[n - 1 - i];
  free(t);
  return s;
}

#define N 7
int main(void) {
  double x[N], dx[N] = {0};
  for (int i = 0; i < N; i++)
    x[i] = 0.4 * i - 1.1;
  __enzyme_autodiff_v((void *)mirror, x, dx, N);
  for (int j = 0; j < N; j++) {
    double xm = x[N - 1 - j], tm = sin(xm) * xm;
    double an = 2.0 * tm * (cos(x[j]) * x[j] + sin(x[j]));
    double save = x[j];
    x[j] = save + FD_H;
    double fp = mirror(x, N);
    x[j] = save - FD_H;
    double fm = mirror(x, N);
    x[j] = save;
    CHECK_DERIV(NAME("malloc.dx[%d]", j), dx[j], an, (fp - fm) / (2.0 * FD_H));
  }
  return llad_report();
}
