/* Explicit Euler for y' = -k y (100 steps) and a damped oscillator. */
#include "check.h"

LLAD_NOINLINE double decay(double k, double y0) {
  double y = y0, dt = 0.01;
  for (int i = 0; i < 100; i++)
    y += dt * (-k * y);
  return y; /* = y0 (1 - k dt)^100 */
}

LLAD_NOINLINE void oscillator(const double *p, double *state, int steps) {
  double x = state[0], v = state[1], dt = 0.02; /* p = {omega^2, damping} */
  for (int i = 0; i < steps; i++) {
    double a = -p[0] * x - p[1] * v;
    x += dt * v;
    v += dt * a;
  }
  state[0] = x;
  state[1] = v;
}

int main(void) {
  double k = 1.3, y0 = 2.0, h = FD_H, q = 1.0 - k * 0.01;
  CHECK_DERIV("euler.decay.d/dk", __enzyme_fwddiff((void *)decay, k, 1.0, y0, 0.0),
              -100.0 * 0.01 * y0 * pow(q, 99), (decay(k + h, y0) - decay(k - h, y0)) / (2 * h));
  CHECK_DERIV("euler.decay.d/dy0", __enzyme_fwddiff((void *)decay, k, 0.0, y0, 1.0), pow(q, 100),
              (decay(k, y0 + h) - decay(k, y0 - h)) / (2 * h));

  double p[2] = {4.0, 0.3}, dp[2] = {1.0, -0.5}, pp[2], pm[2];
  double s[2] = {1.0, 0.0}, ds[2] = {0.0, 0.0}, sp[2] = {1.0, 0.0}, sm[2] = {1.0, 0.0};
  for (int i = 0; i < 2; i++) {
    pp[i] = p[i] + h * dp[i];
    pm[i] = p[i] - h * dp[i];
  }
  /* reference: hand-written tangent of the same recurrence */
  double x = 1.0, v = 0.0, dx = 0.0, dv = 0.0, dt = 0.02;
  for (int i = 0; i < 250; i++) {
    double a = -p[0] * x - p[1] * v, da = -dp[0] * x - p[0] * dx - dp[1] * v - p[1] * dv;
    x += dt * v; dx += dt * dv;
    v += dt * a; dv += dt * da;
  }
  oscillator(pp, sp, 250);
  oscillator(pm, sm, 250);
  __enzyme_fwddiff_v((void *)oscillator, enzyme_dup, p, dp, enzyme_dup, s, ds, 250);
  CHECK_DERIV("euler.oscillator.dx", ds[0], dx, (sp[0] - sm[0]) / (2 * h));
  CHECK_DERIV("euler.oscillator.dv", ds[1], dv, (sp[1] - sm[1]) / (2 * h));
  CHECK_CLOSE("euler.oscillator.x.primal", s[0], x, 1e-12);
  return llad_report();
}
