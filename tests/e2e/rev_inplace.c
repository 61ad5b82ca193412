/* In-place update x[i] = x[i]^2 + x[i-1] (i >= 1) of a void function: the
 * output adjoint is seeded in the shadow; the reverse sweep needs the
 * overwritten inputs. Result: x'_i = x_0 + sum_{1<=k<=i} x_k^2, so
 * dx_0 = sum_i w_i and dx_j = 2 x_j sum_{i>=j} w_i. */
#include "check.h"

void __enzyme_autodiff_v(void *, ...);

LLAD_NOINLINE void update(double *x, int n) {
  for (int i = 1; i < n; i++)
    x[i] = x[i] * x[i] + x[i - 1];
}

#define N 8
static double weighted(const double *x0, const double *w) {
  double x[N];
  memcpy(x, x0, sizeof x);
  update(x, N);
  double s = 0.0;
  for (int i = 0; i < N; i++)
    s += w[i] * x[i];
  return s;
}

int main(void) {
  double x0[N], x[N], w[N], dx[N];
  for (int i = 0; i < N; i++) {
    x0[i] = 0.5 * sin(1.0 + i);
    w[i] = 1.0 + 0.25 * i;
  }
  memcpy(x, x0, sizeof x);
  memcpy(dx, w, sizeof dx); /* seed: the adjoint of the outputs */
  __enzyme_autodiff_v((void *)update, x, dx, N);
  double acc = 0.0, expect = x0[0];
  for (int i = 0; i < N; i++) {
    if (i > 0)
      expect = x0[i] * x0[i] + expect;
    CHECK_CLOSE(NAME("inplace.x[%d].primal", i), x[i], expect, 1e-14);
  }
  for (int j = N - 1; j >= 0; j--) {
    acc += w[j];
    double an = j == 0 ? acc : 2.0 * x0[j] * acc;
    double p[N], m[N];
    memcpy(p, x0, sizeof p);
    memcpy(m, x0, sizeof m);
    p[j] += FD_H, m[j] -= FD_H;
    CHECK_DERIV(NAME("inplace.dx[%d]", j), dx[j], an, (weighted(p, w) - weighted(m, w)) / (2.0 * FD_H));
  }
  return llad_report();
}
