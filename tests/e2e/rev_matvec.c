/* Nested loops: y = A x (A is M x N, row-major), L = sum(y^2); gradient
 * w.r.t. both A and x (dL/dA_ij = 2 y_i x_j, dL/dx_j = 2 sum_i y_i A_ij). */
#include "check.h"

void __enzyme_autodiff_v(void *, ...); /* no active scalar: returns void */

LLAD_NOINLINE double matvec_loss(const double *A, const double *x, int m, int n) {
  double L = 0.0;
  for (int i = 0; i < m; i++) {
    double y = 0.0;
    for (int j = 0; j < n; j++)
      y += A[i * n + j] * x[j];
    L += y * y;
  }
  return L;
}

#define M 3
#define N 5
static double fd_entry(double *v, int k, const double *A, const double *x) {
  double save = v[k];
  v[k] = save + FD_H;
  double fp = matvec_loss(A, x, M, N);
  v[k] = save - FD_H;
  double fm = matvec_loss(A, x, M, N);
  v[k] = save;
  return (fp - fm) / (2.0 * FD_H);
}

int main(void) {
  double A[M * N], x[N], dA[M * N] = {0}, dx[N] = {0}, y[M] = {0};
  for (int k = 0; k < M * N; k++)
    A[k] = cos(0.7 * k) - 0.2;
  for (int j = 0; j < N; j++)
    x[j] = 0.3 * j - 0.5;
  __enzyme_autodiff_v((void *)matvec_loss, A, dA, x, dx, M, N);
  for (int i = 0; i < M; i++)
    for (int j = 0; j < N; j++)
      y[i] += A[i * N + j] * x[j];
  for (int i = 0; i < M; i++)
    for (int j = 0; j < N; j++)
      CHECK_DERIV(NAME("matvec.dA[%d][%d]", i, j), dA[i * N + j], 2.0 * y[i] * x[j],
                  fd_entry(A, i * N + j, A, x));
  for (int j = 0; j < N; j++) {
    double an = 0.0;
    for (int i = 0; i < M; i++)
      an += 2.0 * y[i] * A[i * N + j];
    CHECK_DERIV(NAME("matvec.dx[%d]", j), dx[j], an, fd_entry(x, j, A, x));
  }
  return llad_report();
}
