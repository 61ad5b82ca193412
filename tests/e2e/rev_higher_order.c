/* Derivatives of derivatives: llad differentiates its own derivatives, tape runtime included.
 *  - a Hessian-vector product, forward over reverse: H v of f(x) = sum_i sin(x_i) x_{i+1 mod n},
 *    checked against central differences of the gradient along v;
 *  - second derivatives of g(x) = sum_k sin(k x) / k every way: reverse over reverse, reverse over
 *    forward, forward over forward, against g''(x) = -sum_k k sin(k x). */
#include "check.h"

void __enzyme_autodiff_v(void *, ...);
double __enzyme_autodiff(void *, ...);

#define N 4
LLAD_NOINLINE double f(const double *x, int n) {
  double s = 0;
  for (int i = 0; i < n; i++) s += sin(x[i]) * x[(i + 1) % n];
  return s;
}

void gradient(const double *x, double *g, int n) {
  for (int i = 0; i < n; i++) g[i] = 0;
  __enzyme_autodiff_v((void *)f, enzyme_dup, x, g, enzyme_const, n);
}

LLAD_NOINLINE double g(double x) {
  double s = 0;
  for (int k = 1; k < 6; k++) s += sin(k * x) / k;
  return s;
}
double dg_reverse(double x) { return __enzyme_autodiff((void *)g, x); }
double dg_forward(double x) { return __enzyme_fwddiff((void *)g, x, 1.0); }
double ddg_reverse_reverse(double x) { return __enzyme_autodiff((void *)dg_reverse, x); }
double ddg_reverse_forward(double x) { return __enzyme_autodiff((void *)dg_forward, x); }
double ddg_forward_forward(double x) { return __enzyme_fwddiff((void *)dg_forward, x, 1.0); }
double ddg_forward_reverse(double x) { return __enzyme_fwddiff((void *)dg_reverse, x, 1.0); }

int main(void) {
  const double x[N] = {0.3, -0.7, 1.1, 0.45}, v[N] = {1.0, 0.5, -0.2, 0.8};
  double grad[N], hv[N];
  __enzyme_fwddiff_v((void *)gradient, enzyme_dup, x, v, enzyme_dup, grad, hv, enzyme_const, N);
  double xp[N], xm[N], gp[N], gm[N];
  for (int i = 0; i < N; i++) {
    xp[i] = x[i] + FD_H * v[i];
    xm[i] = x[i] - FD_H * v[i];
  }
  gradient(xp, gp, N);
  gradient(xm, gm, N);
  for (int i = 0; i < N; i++) {
    /* H v analytically: d/dx_j of df/dx_i, f = sum_k sin(x_k) x_{k+1}. */
    int prev = (i + N - 1) % N, next = (i + 1) % N;
    double hv_exact = -sin(x[i]) * x[next] * v[i] + cos(x[i]) * v[next] + cos(x[prev]) * v[prev];
    CHECK_DERIV(NAME("hessian_vector[%d]", i), hv[i], hv_exact, (gp[i] - gm[i]) / (2 * FD_H));
  }
  const double t = 0.7;
  double exact = 0;
  for (int k = 1; k < 6; k++) exact += -k * sin(k * t);
  double fd = fd1(dg_reverse, t, FD_H);
  CHECK_DERIV("reverse_over_reverse", ddg_reverse_reverse(t), exact, fd);
  CHECK_DERIV("reverse_over_forward", ddg_reverse_forward(t), exact, fd);
  CHECK_DERIV("forward_over_forward", ddg_forward_forward(t), exact, fd);
  CHECK_DERIV("forward_over_reverse", ddg_forward_reverse(t), exact, fd);
  return llad_report();
}
