/* A calloc'd (zeroed) buffer of bins: b[i % K] += x_i^2, then s = sum_k c_k b_k^2.
 * ds/dx_i = 4 c_k b_k x_i with k = i % K. An active scalar scales the bins. */
#include <stdlib.h>
#include "check.h"

double __enzyme_autodiff(void *, ...);

#define K 3
LLAD_NOINLINE double bins(const double *x, int n, double scale) {
  double *b = calloc(K, sizeof(double));
  for (int i = 0; i < n; i++)
    b[i % K] += scale * x[i] * x[i];
  double s = 0.0;
  for (int k = 0; k < K; k++)
    s += (k + 1.0) * b[k] * b[k];
  free(b);
  return s;
}

#define N 10
int main(void) {
  double x[N], dx[N] = {0}, scale = 0.8, b[K] = {0}, s = 0.0;
  for (int i = 0; i < N; i++)
    x[i] = cos(0.9 * i) + 0.05;
  double dscale = __enzyme_autodiff((void *)bins, x, dx, N, scale);
  for (int i = 0; i < N; i++)
    b[i % K] += scale * x[i] * x[i];
  for (int k = 0; k < K; k++)
    s += (k + 1.0) * b[k] * b[k];
  CHECK_DERIV("calloc.dscale", dscale, 2.0 * s / scale,
              (bins(x, N, scale + FD_H) - bins(x, N, scale - FD_H)) / (2.0 * FD_H));
  for (int i = 0; i < N; i++) {
    int k = i % K;
    double save = x[i];
    x[i] = save + FD_H;
    double fp = bins(x, N, scale);
    x[i] = save - FD_H;
    double fm = bins(x, N, scale);
    x[i] = save;
    CHECK_DERIV(NAME("calloc.dx[%d]", i), dx[i], 4.0 * (k + 1.0) * b[k] * scale * x[i],
                (fp - fm) / (2.0 * FD_H));
  }
  return llad_report();
}
