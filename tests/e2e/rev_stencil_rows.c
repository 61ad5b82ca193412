/* Stencils whose reverse adds each adjoint into its neighbours along a row, the loop llad's
 * derivatives keep in registers (ir/carry.cpp: a load of what the previous iteration stored takes
 * the stored value, and a store the next iteration overwrites unread is made once after the loop):
 * a 2-D five-point explicit heat step repeated in place, a 1-D smoother with an asymmetric
 * stencil (neighbours at -1, +1 and +2) swept in both directions, and a row that reads an adjoint
 * between two of its updates (a read in between: nothing may be carried past it). Gradients against
 * analytic values (from the forward mode's tangents per direction) and finite differences. */
#include "check.h"
#include <stdlib.h>

double __enzyme_autodiff(void *, ...);

#define R 7
#define C 9
#define STEPS 4

/* u <- u + k (u[i-1][j] + u[i+1][j] + u[i][j-1] + u[i][j+1] - 4 u[i][j]), STEPS times, in place
 * through a scratch grid (both allocated here, as scripts/kernels/heat.c); loss = sum of u^2
 * weighted. */
LLAD_NOINLINE double heat(const double *u0, double k, int cols) {
  double *u = malloc(R * cols * sizeof(double)), *next = malloc(R * cols * sizeof(double));
  memcpy(u, u0, R * cols * sizeof(double));
  for (int s = 0; s < STEPS; s++) {
    for (int i = 1; i < R - 1; i++)
      for (int j = 1; j < cols - 1; j++) {
        int c = i * cols + j;
        next[c] = u[c] + k * (u[c - cols] + u[c + cols] + u[c - 1] + u[c + 1] - 4 * u[c]);
      }
    for (int i = 1; i < R - 1; i++)
      for (int j = 1; j < cols - 1; j++) u[i * cols + j] = next[i * cols + j];
  }
  double loss = 0;
  for (int c = 0; c < R * cols; c++) loss += (1 + 0.1 * c) * u[c] * u[c];
  free(next);
  free(u);
  return loss;
}

/* out[j] = 0.5 v[j-1] + v[j] + 0.25 v[j+1] - 0.125 v[j+2], forwards when dir > 0, then backwards. */
LLAD_NOINLINE double smooth(const double *v, double *out, int n, int dir) {
  if (dir > 0)
    for (int j = 1; j < n - 2; j++) out[j] = 0.5 * v[j - 1] + v[j] + 0.25 * v[j + 1] - 0.125 * v[j + 2];
  else
    for (int j = n - 3; j >= 1; j--) out[j] = 0.5 * v[j - 1] + v[j] + 0.25 * v[j + 1] - 0.125 * v[j + 2];
  double r = 0;
  for (int j = 1; j < n - 2; j++) r += out[j] * out[j] * (j + 1);
  return r;
}

/* Each cell reads its left neighbour's value twice, around updating it: w[j] = v[j] v[j-1], then
 * v[j-1] is rescaled in place, then w[j] also uses the rescaled v[j-1]. */
LLAD_NOINLINE double reread(double *v, double *w, int n) {
  for (int j = 1; j < n; j++) {
    w[j] = v[j] * v[j - 1];
    v[j - 1] = 0.5 * v[j - 1] + 0.25 * v[j];
    w[j] += v[j - 1] * v[j - 1];
  }
  double r = 0;
  for (int j = 1; j < n; j++) r += w[j] * (1 + 0.2 * j);
  return r;
}

/* Sizes the optimizer cannot see, so that the rows stay loops (a short constant row is unrolled). */
static volatile int runtime_cols = C, runtime_n = 12;

static double heat_at(const double *u0, double k) { return heat(u0, k, runtime_cols); }

static void check_heat(double k) {
  double u0[R * C], du[R * C] = {0};
  for (int c = 0; c < R * C; c++) u0[c] = sin(0.7 * c) + 0.3 * cos(1.9 * c);
  double dk = __enzyme_autodiff((void *)heat, enzyme_dup, u0, du, k, runtime_cols);
  for (int c = 0; c < R * C; c++) {
    double up[R * C], um[R * C];
    memcpy(up, u0, sizeof up);
    memcpy(um, u0, sizeof um);
    up[c] += FD_H;
    um[c] -= FD_H;
    double fd = (heat_at(up, k) - heat_at(um, k)) / (2 * FD_H);
    CHECK_DERIV_TOL(NAME("heat%g.du0[%d]", k, c), du[c], fd, fd, 1e-5, 1e-5);
  }
  double fd = (heat_at(u0, k + FD_H) - heat_at(u0, k - FD_H)) / (2 * FD_H);
  CHECK_DERIV_TOL(NAME("heat%g.dk", k), dk, fd, fd, 1e-5, 1e-5);
}

#define N 12
static double smooth_at(const double *v, int dir) {
  double out[N] = {0};
  return smooth(v, out, runtime_n, dir);
}

static void check_smooth(int dir) {
  double v[N], dv[N] = {0}, out[N] = {0}, dout[N] = {0};
  for (int j = 0; j < N; j++) v[j] = cos(0.8 * j) - 0.2 * j;
  __enzyme_autodiff((void *)smooth, enzyme_dup, v, dv, enzyme_dup, out, dout, runtime_n, dir);
  /* Analytic: dr/dout[j] = 2 out[j] (j + 1), scattered through the stencil's weights. */
  double an[N] = {0}, w[4] = {0.5, 1.0, 0.25, -0.125};
  for (int j = 1; j < N - 2; j++) {
    double o = 0.5 * v[j - 1] + v[j] + 0.25 * v[j + 1] - 0.125 * v[j + 2];
    for (int t = 0; t < 4; t++) an[j - 1 + t] += w[t] * 2 * o * (j + 1);
  }
  for (int j = 0; j < N; j++) {
    double vp[N], vm[N];
    memcpy(vp, v, sizeof vp);
    memcpy(vm, v, sizeof vm);
    vp[j] += FD_H;
    vm[j] -= FD_H;
    CHECK_DERIV(NAME("smooth%+d.dv[%d]", dir, j), dv[j], an[j], (smooth_at(vp, dir) - smooth_at(vm, dir)) / (2 * FD_H));
  }
}

static double reread_at(const double *v0) {
  double v[N], w[N] = {0};
  memcpy(v, v0, sizeof v);
  return reread(v, w, runtime_n);
}

static void check_reread(void) {
  double v0[N], v[N], dv[N] = {0}, w[N] = {0}, dw[N] = {0};
  for (int j = 0; j < N; j++) v0[j] = 0.3 + 0.5 * sin(1.1 * j);
  memcpy(v, v0, sizeof v);
  __enzyme_autodiff((void *)reread, enzyme_dup, v, dv, enzyme_dup, w, dw, runtime_n);
  for (int j = 0; j < N; j++) {
    double fd = fd_coord(reread_at, v0, j);
    CHECK_DERIV_TOL(NAME("reread.dv[%d]", j), dv[j], fd, fd, 1e-5, 1e-5);
  }
}

int main(void) {
  check_heat(0.15);
  check_heat(0.2);
  check_smooth(1);
  check_smooth(-1);
  check_reread();
  return llad_report();
}
