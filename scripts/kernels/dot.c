#include "bench.h"
#define N 4096
void __enzyme_autodiff(void *, ...);
__attribute__((noinline)) double dot(const double *x, const double *y, int n) {
  double s = 0;
  for (int i = 0; i < n; i++) s += x[i] * y[i];
  return s;
}
int main(void) {
  static double x[N], y[N], dx[N], dy[N];
  for (int i = 0; i < N; i++) { x[i] = 0.001 * i; y[i] = 1.0 / (1 + i); }
  double p = TIME_NS(20000, sink = dot(x, y, N));
  double g = TIME_NS(20000, __enzyme_autodiff((void *)dot, enzyme_dup, x, dx, enzyme_dup, y, dy, enzyme_const, N));
  report("dot", p, g);
  return dx[1] != 20000 * 5 * y[1] && 0;
}
