/* Softmax cross-entropy with the max subtracted (a data-dependent argmax
 * branch): L = log(sum_j exp(z_j - m)) + m - z_t, dL/dz_j = softmax_j - [j = t]. */
#include "check.h"

void __enzyme_autodiff_v(void *, ...); /* no active scalar: returns void */

LLAD_NOINLINE double xent(const double *z, int n, int target) {
  double m = z[0];
  for (int j = 1; j < n; j++)
    if (z[j] > m)
      m = z[j];
  double s = 0.0;
  for (int j = 0; j < n; j++)
    s += exp(z[j] - m);
  return log(s) + m - z[target];
}

#define N 5
int main(void) {
  double z[N] = {0.3, -1.2, 2.1, 0.7, 1.9};
  for (int target = 0; target < N; target += 2) {
    double dz[N] = {0}, s = 0.0;
    __enzyme_autodiff_v((void *)xent, z, dz, N, target);
    for (int j = 0; j < N; j++)
      s += exp(z[j]);
    for (int j = 0; j < N; j++) {
      double save = z[j];
      z[j] = save + FD_H;
      double fp = xent(z, N, target);
      z[j] = save - FD_H;
      double fm = xent(z, N, target);
      z[j] = save;
      CHECK_DERIV(NAME("xent.t%d.dz[%d]", target, j), dz[j], exp(z[j]) / s - (j == target),
                  (fp - fm) / (2.0 * FD_H));
    }
  }
  return llad_report();
}
