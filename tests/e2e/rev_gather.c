/* Gather through an integer index array with repeated indices:
 * s = sum_k w_k x[idx[k]]^2, so ds/dx_j = 2 x_j sum_{k: idx[k]=j} w_k (scatter-add
 * in the reverse sweep; untouched entries get 0). */
#include "check.h"

void __enzyme_autodiff_v(void *, ...); /* no active scalar: returns void */

LLAD_NOINLINE double gather(const double *x, const int *idx, int k) {
  double s = 0.0;
  for (int i = 0; i < k; i++)
    s += (1.0 + 0.5 * i) * x[idx[i]] * x[idx[i]];
  return s;
}

#define N 6
#define K 9
static const int idx[K] = {3, 0, 3, 5, 1, 3, 0, 5, 2}; /* 4 is never read */

int main(void) {
  double x[N], dx[N] = {0};
  for (int j = 0; j < N; j++)
    x[j] = 0.5 * j - 1.2;
  __enzyme_autodiff_v((void *)gather, x, dx, enzyme_const, idx, K);
  for (int j = 0; j < N; j++) {
    double wsum = 0.0;
    for (int i = 0; i < K; i++)
      if (idx[i] == j)
        wsum += 1.0 + 0.5 * i;
    double save = x[j];
    x[j] = save + FD_H;
    double fp = gather(x, idx, K);
    x[j] = save - FD_H;
    double fm = gather(x, idx, K);
    x[j] = save;
    CHECK_DERIV(NAME("gather.dx[%d]", j), dx[j], 2.0 * x[j] * wsum, (fp - fm) / (2.0 * FD_H));
  }
  return llad_report();
}
