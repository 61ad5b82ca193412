#include "bench.h"
/* Dot product of two vectors of 1e6 doubles; gradient with respect to both. */
#define N 1000000
__attribute__((noinline)) double dot(const double *x, const double *y, int n) {
  double s = 0;
  for (int i = 0; i < n; i++) s += x[i] * y[i];
  return s;
}
int bench_setup(void) {
  bench_theta = malloc(2 * N * sizeof(double));
  for (int i = 0; i < N; i++) { bench_theta[i] = 0.001 * (i % 1000); bench_theta[N + i] = 1.0 / (1 + i % 977); }
  return 2 * N;
}
double bench_primal(const double *theta) { return dot(theta, theta + N, N); }
void bench_gradient(const double *theta, double *grad) {
  memset(grad, 0, 2 * N * sizeof(double));
  __enzyme_autodiff((void *)dot, enzyme_dup, theta, grad, enzyme_dup, theta + N, grad + N, enzyme_const, N);
}
double bench_tangent(const double *theta, const double *v) {
  return __enzyme_fwddiff((void *)dot, enzyme_dup, theta, v, enzyme_dup, theta + N, v + N, enzyme_const, N);
}
int main(void) { return bench_main("dot"); }
