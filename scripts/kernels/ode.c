#include "bench.h"
/* RK4 integration of a damped oscillator x'' = -k x - c x', state updated in place for STEPS
 * steps; the loss is the final position. Gradient w.r.t. the initial state and (k, c). */
#define STEPS 1000
void __enzyme_autodiff(void *, ...);
static void rhs(const double *s, const double *p, double *out) {
  out[0] = s[1];
  out[1] = -p[0] * s[0] - p[1] * s[1];
}
__attribute__((noinline)) double integrate(double *state, const double *params, double dt) {
  double k1[2], k2[2], k3[2], k4[2], tmp[2];
  for (int n = 0; n < STEPS; n++) {
    rhs(state, params, k1);
    for (int i = 0; i < 2; i++) tmp[i] = state[i] + 0.5 * dt * k1[i];
    rhs(tmp, params, k2);
    for (int i = 0; i < 2; i++) tmp[i] = state[i] + 0.5 * dt * k2[i];
    rhs(tmp, params, k3);
    for (int i = 0; i < 2; i++) tmp[i] = state[i] + dt * k3[i];
    rhs(tmp, params, k4);
    for (int i = 0; i < 2; i++) state[i] += dt / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
  }
  return state[0];
}
int main(void) {
  double params[2] = {4.0, 0.1}, dparams[2];
  double state[2], dstate[2];
  double p = TIME_NS(2000, { state[0] = 1; state[1] = 0; sink = integrate(state, params, 0.01); });
  double g = TIME_NS(2000, {
    state[0] = 1; state[1] = 0; dstate[0] = dstate[1] = 0; dparams[0] = dparams[1] = 0;
    __enzyme_autodiff((void *)integrate, enzyme_dup, state, dstate, enzyme_dup, params, dparams, enzyme_const, 0.01);
  });
  report("ode-rk4", p, g);
  return 0;
}
