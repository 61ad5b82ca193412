/* A damped oscillator x'' = -k x - c x' integrated by RK4 over 100 steps;
 * gradient of the final position w.r.t. the initial state (dup array) and k
 * (active). Reference: RK4 on the variational equations (exact for the
 * discrete scheme, since explicit RK commutes with differentiation). */
#include "check.h"

double __enzyme_autodiff(void *, ...);

#define STEPS 100
#define DT 0.05
static void rhs(const double *s, double k, double c, double *ds) {
  ds[0] = s[1];
  ds[1] = -k * s[0] - c * s[1];
}

LLAD_NOINLINE double final_position(const double *s0, double k, double c) {
  double s[2] = {s0[0], s0[1]}, k1[2], k2[2], k3[2], k4[2], t[2];
  for (int n = 0; n < STEPS; n++) {
    rhs(s, k, c, k1);
    for (int i = 0; i < 2; i++) t[i] = s[i] + 0.5 * DT * k1[i];
    rhs(t, k, c, k2);
    for (int i = 0; i < 2; i++) t[i] = s[i] + 0.5 * DT * k2[i];
    rhs(t, k, c, k3);
    for (int i = 0; i < 2; i++) t[i] = s[i] + DT * k3[i];
    rhs(t, k, c, k4);
    for (int i = 0; i < 2; i++) s[i] += DT / 6.0 * (k1[i] + 2.0 * k2[i] + 2.0 * k3[i] + k4[i]);
  }
  return s[0];
}

/* state u = (x, v, x_a, v_a, x_b, v_b, x_k, v_k): sensitivities to x0, v0, k */
static void var_rhs(const double *u, double k, double c, double *du) {
  du[0] = u[1], du[1] = -k * u[0] - c * u[1];
  for (int p = 1; p <= 3; p++) {
    du[2 * p] = u[2 * p + 1];
    du[2 * p + 1] = -k * u[2 * p] - c * u[2 * p + 1] - (p == 3 ? u[0] : 0.0);
  }
}

static double s0[2] = {1.0, -0.5}, gk = 2.5, gc = 0.3;
static double pos_k(double k) { return final_position(s0, k, gc); }

int main(void) {
  double ds0[2] = {0};
  double dk = __enzyme_autodiff((void *)final_position, s0, ds0, gk, enzyme_const, gc);
  double u[8] = {s0[0], s0[1], 1, 0, 0, 1, 0, 0}, a[8], b[8], cc[8], d[8], t[8];
  for (int n = 0; n < STEPS; n++) {
    var_rhs(u, gk, gc, a);
    for (int i = 0; i < 8; i++) t[i] = u[i] + 0.5 * DT * a[i];
    var_rhs(t, gk, gc, b);
    for (int i = 0; i < 8; i++) t[i] = u[i] + 0.5 * DT * b[i];
    var_rhs(t, gk, gc, cc);
    for (int i = 0; i < 8; i++) t[i] = u[i] + DT * cc[i];
    var_rhs(t, gk, gc, d);
    for (int i = 0; i < 8; i++) u[i] += DT / 6.0 * (a[i] + 2.0 * b[i] + 2.0 * cc[i] + d[i]);
  }
  printf("ode: x(T) = %.12g, d/dx0 = %.12g, d/dv0 = %.12g, d/dk = %.12g\n",
         final_position(s0, gk, gc), ds0[0], ds0[1], dk);
  for (int i = 0; i < 2; i++) {
    double save = s0[i];
    s0[i] = save + FD_H;
    double fp = final_position(s0, gk, gc);
    s0[i] = save - FD_H;
    double fm = final_position(s0, gk, gc);
    s0[i] = save;
    CHECK_DERIV(NAME("ode.ds0[%d]", i), ds0[i], u[2 + 2 * i], (fp - fm) / (2.0 * FD_H));
  }
  CHECK_DERIV("ode.dk", dk, u[6], fd1(pos_k, gk, FD_H));
  return llad_report();
}
