#include "bench.h"
/* heat.c's problem (explicit 2-D heat equation, 160 x 160 grid, 150 steps updated in place) with its
 * grid loops split across OpenMP threads: `#pragma omp parallel for` over the rows of the stencil and
 * of the copy-back. scripts/bench runs it at 1, 2 and 4 threads (OMP_NUM_THREADS); the gradient runs
 * with as many threads as the primal. */
#define N 160
#define STEPS 150
#define NPARAMS (N * N + 1)
#define DX (1.0 / (N - 1))
#define DT (0.2 * DX * DX)

__attribute__((noinline)) double heat_loss(const double *u0, double kappa, const double *target) {
  double *u = malloc(N * N * sizeof(double));
  double *next = malloc(N * N * sizeof(double));
  memcpy(u, u0, N * N * sizeof(double));
  double r = kappa * DT / (DX * DX);
  for (int s = 0; s < STEPS; s++) {
#pragma omp parallel for schedule(static)
    for (int i = 1; i < N - 1; i++)
      for (int j = 1; j < N - 1; j++) {
        int c = i * N + j;
        next[c] = u[c] + r * (u[c - N] + u[c + N] + u[c - 1] + u[c + 1] - 4 * u[c]);
      }
#pragma omp parallel for schedule(static)
    for (int i = 1; i < N - 1; i++)
      for (int j = 1; j < N - 1; j++) u[i * N + j] = next[i * N + j];
  }
  double loss = 0;
  for (int c = 0; c < N * N; c++) {
    double d = u[c] - target[c];
    loss += d * d;
  }
  free(next);
  free(u);
  return loss;
}

static double *target;

int bench_setup(void) {
  bench_theta = malloc(NPARAMS * sizeof(double));
  target = malloc(N * N * sizeof(double));
  for (int i = 0; i < N; i++)
    for (int j = 0; j < N; j++) {
      double x = i * DX, y = j * DX;
      bench_theta[i * N + j] = sin(M_PI * x) * sin(2 * M_PI * y) + 0.1 * bench_rand();
      target[i * N + j] = 0.5 * exp(-((x - 0.4) * (x - 0.4) + (y - 0.6) * (y - 0.6)) / 0.05);
    }
  bench_theta[N * N] = 1.0; /* kappa */
  return NPARAMS;
}
double bench_primal(const double *theta) { return heat_loss(theta, theta[N * N], target); }
void bench_gradient(const double *theta, double *grad) {
  memset(grad, 0, NPARAMS * sizeof(double));
  grad[N * N] = __enzyme_autodiff((void *)heat_loss, enzyme_dup, theta, grad, enzyme_out, theta[N * N],
                                  enzyme_const, target);
}
double bench_tangent(const double *theta, const double *v) {
  return __enzyme_fwddiff((void *)heat_loss, enzyme_dup, theta, v, enzyme_dup, theta[N * N], v[N * N],
                          enzyme_const, target);
}
int main(void) { return bench_main("omp_heat"); }
