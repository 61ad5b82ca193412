/* 2D 5-point stencil on a 6x6 grid (nested loops), plus an energy return. */
#include "check.h"
#define N 6

LLAD_NOINLINE double stencil(const double *u, double *v) {
  double e = 0.0;
  for (int i = 1; i < N - 1; i++)
    for (int j = 1; j < N - 1; j++) {
      int c = i * N + j;
      v[c] = u[c] - 0.25 * (u[c - N] + u[c + N] + u[c - 1] + u[c + 1]) + 0.1 * u[c] * u[c];
      e += v[c] * v[c];
    }
  return e;
}

int main(void) {
  double u[N * N], du[N * N], v[N * N] = {0}, dv[N * N] = {0};
  double up[N * N], um[N * N], vp[N * N] = {0}, vm[N * N] = {0}, h = FD_H;
  for (int k = 0; k < N * N; k++) {
    u[k] = sin(0.7 * k) + 0.05 * k;
    du[k] = cos(1.3 * k);
    up[k] = u[k] + h * du[k];
    um[k] = u[k] - h * du[k];
  }
  /* reference tangents, computed before the call */
  double an_v[N * N] = {0}, an_e = 0.0;
  for (int i = 1; i < N - 1; i++)
    for (int j = 1; j < N - 1; j++) {
      int c = i * N + j;
      double vc = u[c] - 0.25 * (u[c - N] + u[c + N] + u[c - 1] + u[c + 1]) + 0.1 * u[c] * u[c];
      an_v[c] = du[c] - 0.25 * (du[c - N] + du[c + N] + du[c - 1] + du[c + 1]) +
                0.2 * u[c] * du[c];
      an_e += 2.0 * vc * an_v[c];
    }
  double de = __enzyme_fwddiff((void *)stencil, enzyme_dup, u, du, enzyme_dup, v, dv);
  double fd_e = (stencil(up, vp) - stencil(um, vm)) / (2.0 * h);
  CHECK_DERIV("stencil2d.denergy", de, an_e, fd_e);
  for (int i = 1; i < N - 1; i++)
    for (int j = 1; j < N - 1; j++) {
      int c = i * N + j;
      CHECK_DERIV(NAME("stencil2d.dv[%d][%d]", i, j), dv[c], an_v[c],
                  (vp[c] - vm[c]) / (2.0 * h));
    }
  CHECK_CLOSE("stencil2d.dv[0][0].untouched", dv[0], 0.0, 0.0);
  CHECK_CLOSE("stencil2d.dv[5][5].untouched", dv[N * N - 1], 0.0, 0.0);
  return llad_report();
}
