/* A parameter fit of an 8-species ODE with saturating interactions, integrated with RK4: the
 * state is a small stack array updated in place by an out-of-line rk4_step (internal, so fastcc at
 * -O2) that calls rhs four times. Loss = sum over trajectories and steps of the squared distance to
 * a target. Reverse gradient (72 parameters: growth rates r and interactions A) and forward
 * directional derivatives, against central finite differences and against each other. */
#include "check.h"

void __enzyme_autodiff_v(void *, ...);

#define S 8
#define TRAJ 4
#define STEPS 300
#define DT 0.01

/* dx_i/dt = x_i (r_i - sum_j A_ij x_j / (1 + x_j)) */
static void rhs(const double *r, const double *A, const double *x, double *dx) {
  for (int i = 0; i < S; i++) {
    double s = 0;
    for (int j = 0; j < S; j++)
      s += A[i * S + j] * x[j] / (1.0 + x[j]);
    dx[i] = x[i] * (r[i] - s);
  }
}

LLAD_NOINLINE void rk4_step(const double *r, const double *A, double *x) {
  double k1[S], k2[S], k3[S], k4[S], t[S];
  rhs(r, A, x, k1);
  for (int i = 0; i < S; i++) t[i] = x[i] + 0.5 * DT * k1[i];
  rhs(r, A, t, k2);
  for (int i = 0; i < S; i++) t[i] = x[i] + 0.5 * DT * k2[i];
  rhs(r, A, t, k3);
  for (int i = 0; i < S; i++) t[i] = x[i] + DT * k3[i];
  rhs(r, A, t, k4);
  for (int i = 0; i < S; i++) x[i] += DT / 6.0 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
}

/* params = [r (S), A (S*S)] */
LLAD_NOINLINE double loss(const double *params, const double *x0, const double *target) {
  const double *r = params, *A = params + S;
  double total = 0;
  for (int k = 0; k < TRAJ; k++) {
    double x[S];
    for (int i = 0; i < S; i++) x[i] = x0[k * S + i];
    for (int n = 0; n < STEPS; n++) {
      rk4_step(r, A, x);
      for (int i = 0; i < S; i++) {
        double d = x[i] - target[i];
        total += d * d;
      }
    }
  }
  return total / (TRAJ * STEPS);
}

#define P (S + S * S)

int main(void) {
  double params[P], x0[TRAJ * S], target[S];
  for (int i = 0; i < S; i++) {
    params[i] = 0.6 + 0.05 * i;
    target[i] = 0.4 + 0.03 * i;
    for (int j = 0; j < S; j++) params[S + i * S + j] = (i == j ? 0.9 : 0.08 * ((i * 3 + j * 5) % 7) / 7.0);
  }
  for (int k = 0; k < TRAJ; k++)
    for (int i = 0; i < S; i++) x0[k * S + i] = 0.2 + 0.1 * ((k + i) % 5);

  double grad[P] = {0};
  __enzyme_autodiff_v((void *)loss, enzyme_dup, params, grad, enzyme_const, x0, enzyme_const, target);

  double norm = 0;
  for (int p = 0; p < P; p++) norm += grad[p] * grad[p];
  CHECK_CLOSE("rk4.gradient_nonzero", norm > 1e-12, 1.0, 0.0);

  /* Gradient entries against central differences. */
  int probes[] = {0, 3, 7, S + 0, S + 9, S + 27, S + 63};
  for (unsigned k = 0; k < sizeof probes / sizeof probes[0]; k++) {
    int p = probes[k];
    double h = 1e-6, saved = params[p];
    params[p] = saved + h;
    double fp = loss(params, x0, target);
    params[p] = saved - h;
    double fm = loss(params, x0, target);
    params[p] = saved;
    CHECK_CLOSE(NAME("rk4.rev.grad[%d].fd", p), grad[p], (fp - fm) / (2 * h), 1e-5);
  }

  /* Forward mode along two directions: equals grad . v and the finite difference. */
  for (int dir = 0; dir < 2; dir++) {
    double v[P], dparams[P], along = 0;
    for (int p = 0; p < P; p++) {
      v[p] = dir == 0 ? (p < S ? 1.0 : 0.0) : 0.01 * ((p * 7) % 11) - 0.05;
      dparams[p] = v[p];
      along += grad[p] * v[p];
    }
    double d = __enzyme_fwddiff((void *)loss, enzyme_dup, params, dparams, enzyme_const, x0, enzyme_const, target);
    double h = 1e-6, xp[P], xm[P];
    for (int p = 0; p < P; p++) xp[p] = params[p] + h * v[p], xm[p] = params[p] - h * v[p];
    double fd = (loss(xp, x0, target) - loss(xm, x0, target)) / (2 * h);
    CHECK_CLOSE(NAME("rk4.fwd[%d].vs_rev", dir), d, along, 1e-10);
    CHECK_CLOSE(NAME("rk4.fwd[%d].fd", dir), d, fd, 1e-5);
  }
  return llad_report();
}
