#include "bench.h"
/* Explicit 1D heat equation, in place: u[i] += k (u[i-1] - 2u[i] + u[i+1]) for STEPS steps;
 * the loss is sum u^2 at the end. Gradient w.r.t. the initial temperatures. */
#define N 256
#define STEPS 200
void __enzyme_autodiff(void *, ...);
__attribute__((noinline)) double heat(double *u, double k) {
  double next[N];
  for (int s = 0; s < STEPS; s++) {
    next[0] = u[0];
    next[N - 1] = u[N - 1];
    for (int i = 1; i < N - 1; i++) next[i] = u[i] + k * (u[i - 1] - 2 * u[i] + u[i + 1]);
    for (int i = 0; i < N; i++) u[i] = next[i];
  }
  double loss = 0;
  for (int i = 0; i < N; i++) loss += u[i] * u[i];
  return loss;
}
int main(void) {
  static double u[N], du[N];
  double p = TIME_NS(200, { for (int i = 0; i < N; i++) u[i] = (i % 17) * 0.1; sink = heat(u, 0.2); });
  double g = TIME_NS(200, {
    for (int i = 0; i < N; i++) { u[i] = (i % 17) * 0.1; du[i] = 0; }
    __enzyme_autodiff((void *)heat, enzyme_dup, u, du, enzyme_const, 0.2);
  });
  report("heat", p, g);
  return 0;
}
