/* Stable log-sum-exp (max, exp, log in loops): tangent = softmax . dx */
#include "check.h"
#define N 6

LLAD_NOINLINE double lse(const double *x, int n) {
  double m = x[0];
  for (int i = 1; i < n; i++)
    if (x[i] > m) m = x[i];
  double s = 0.0;
  for (int i = 0; i < n; i++)
    s += exp(x[i] - m);
  return m + log(s);
}

int main(void) {
  double x[N] = {1.0, -0.5, 3.2, 2.9, 0.0, -4.0}, dx[N] = {0.2, 1.0, -0.3, 0.7, 0.5, 2.0};
  double xp[N], xm[N], h = FD_H, z = 0.0, an = 0.0;
  for (int i = 0; i < N; i++) {
    xp[i] = x[i] + h * dx[i];
    xm[i] = x[i] - h * dx[i];
    z += exp(x[i]);
  }
  for (int i = 0; i < N; i++)
    an += exp(x[i]) / z * dx[i];
  CHECK_DERIV("logsumexp.dlse", __enzyme_fwddiff((void *)lse, enzyme_dup, x, dx, N), an,
              (lse(xp, N) - lse(xm, N)) / (2.0 * h));
  /* shifting all inputs by the same amount: tangent is exactly the shift */
  double ones[N] = {1, 1, 1, 1, 1, 1}, sp[N], sm[N];
  for (int i = 0; i < N; i++) {
    sp[i] = x[i] + h;
    sm[i] = x[i] - h;
  }
  CHECK_DERIV("logsumexp.dlse.uniform_shift", __enzyme_fwddiff((void *)lse, enzyme_dup, x, ones, N),
              1.0, (lse(sp, N) - lse(sm, N)) / (2.0 * h));
  return llad_report();
}
