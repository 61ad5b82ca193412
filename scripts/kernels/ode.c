#include "bench.h"
/* RK4 parameter fit of an 8-species generalized Lotka-Volterra model with saturating interactions,
 *   dx_i/dt = x_i (r_i + sum_j A_ij x_j / (1 + x_j)),
 * 32 trajectories (constant initial conditions) x 1000 RK4 steps of dt = 0.01, the state of each trajectory
 * updated in place every step. loss = sum over trajectories and over every 10th step of |x - data|^2, the data
 * (constant) coming from the same model with other parameters plus noise.
 * Gradient with respect to the 72 parameters theta = [r (8), A (8 x 8)]. */
#define S 8
#define NTRAJ 32
#define STEPS 1000
#define OBS_EVERY 10
#define NOBS (STEPS / OBS_EVERY)
#define DT 0.01
#define NPARAMS (S + S * S)

static void rhs(const double *x, const double *r, const double *A, double *dxdt) {
  double sat[S];
  for (int j = 0; j < S; j++) sat[j] = x[j] / (1 + x[j]);
  for (int i = 0; i < S; i++) {
    double g = r[i];
    for (int j = 0; j < S; j++) g += A[i * S + j] * sat[j];
    dxdt[i] = x[i] * g;
  }
}

/* One RK4 step of dt, x updated in place. */
static void rk4_step(double *x, const double *r, const double *A, double dt) {
  double k1[S], k2[S], k3[S], k4[S], tmp[S];
  rhs(x, r, A, k1);
  for (int i = 0; i < S; i++) tmp[i] = x[i] + 0.5 * dt * k1[i];
  rhs(tmp, r, A, k2);
  for (int i = 0; i < S; i++) tmp[i] = x[i] + 0.5 * dt * k2[i];
  rhs(tmp, r, A, k3);
  for (int i = 0; i < S; i++) tmp[i] = x[i] + dt * k3[i];
  rhs(tmp, r, A, k4);
  for (int i = 0; i < S; i++) x[i] += dt / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
}

/* x0: NTRAJ x S initial states; data: NTRAJ x NOBS x S observations (after steps 10, 20, ..., 1000). */
__attribute__((noinline)) double ode_loss(const double *r, const double *A, const double *x0, const double *data) {
  double loss = 0;
  for (int t = 0; t < NTRAJ; t++) {
    double x[S];
    for (int i = 0; i < S; i++) x[i] = x0[t * S + i];
    for (int n = 1; n <= STEPS; n++) {
      rk4_step(x, r, A, DT);
      if (n % OBS_EVERY == 0) {
        const double *obs = &data[(t * NOBS + n / OBS_EVERY - 1) * S];
        for (int i = 0; i < S; i++) loss += (x[i] - obs[i]) * (x[i] - obs[i]);
      }
    }
  }
  return loss;
}

static double *x0, *data;

int bench_setup(void) {
  /* The parameters that make the data: growth rates 0.3..0.8, self-limitation -1.5..-1.2 (it outweighs
   * growth plus the off-diagonal terms, as x/(1+x) < 1, so each species settles at a bounded positive level),
   * off-diagonal interactions in [-0.1, 0.1). */
  double p[NPARAMS], *r = p, *A = p + S;
  for (int i = 0; i < S; i++) r[i] = 0.55 + 0.25 * bench_rand();
  for (int i = 0; i < S; i++)
    for (int j = 0; j < S; j++) A[i * S + j] = i == j ? -1.35 + 0.15 * bench_rand() : 0.1 * bench_rand();
  x0 = malloc(NTRAJ * S * sizeof(double));
  for (int i = 0; i < NTRAJ * S; i++) x0[i] = 0.85 + 0.65 * bench_rand(); /* 0.2 .. 1.5 */
  data = malloc(NTRAJ * NOBS * S * sizeof(double));
  for (int t = 0; t < NTRAJ; t++) {
    double x[S];
    for (int i = 0; i < S; i++) x[i] = x0[t * S + i];
    for (int n = 1; n <= STEPS; n++) {
      rk4_step(x, r, A, DT);
      if (n % OBS_EVERY == 0)
        for (int i = 0; i < S; i++) data[(t * NOBS + n / OBS_EVERY - 1) * S + i] = x[i] * (1 + 0.02 * bench_rand());
    }
  }
  /* The fit starts from perturbed parameters. */
  bench_theta = malloc(NPARAMS * sizeof(double));
  for (int k = 0; k < NPARAMS; k++) bench_theta[k] = p[k] + 0.05 * bench_rand();
  return NPARAMS;
}
double bench_primal(const double *theta) { return ode_loss(theta, theta + S, x0, data); }
void bench_gradient(const double *theta, double *grad) {
  memset(grad, 0, NPARAMS * sizeof(double));
  __enzyme_autodiff((void *)ode_loss, enzyme_dup, theta, grad, enzyme_dup, theta + S, grad + S, enzyme_const, x0,
                    enzyme_const, data);
}
double bench_tangent(const double *theta, const double *v) {
  return __enzyme_fwddiff((void *)ode_loss, enzyme_dup, theta, v, enzyme_dup, theta + S, v + S, enzyme_const, x0,
                          enzyme_const, data);
}
int main(void) { return bench_main("ode"); }
