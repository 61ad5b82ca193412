/* Full 3x3 Jacobian by forward mode, one column per call with dx = e_j. */
#include "check.h"

LLAD_NOINLINE void F(const double *x, double *y) {
  y[0] = x[0] * x[1] + sin(x[2]);
  y[1] = exp(x[0]) - x[2] * x[2] * x[1];
  y[2] = x[0] / x[1] + x[2];
}

int main(void) {
  const double x[3] = {0.5, 2.0, -1.2};
  const double J[3][3] = {
      {x[1], x[0], cos(x[2])},
      {exp(x[0]), -x[2] * x[2], -2.0 * x[2] * x[1]},
      {1.0 / x[1], -x[0] / (x[1] * x[1]), 1.0},
  };
  double h = FD_H;
  for (int j = 0; j < 3; j++) {
    double xv[3] = {x[0], x[1], x[2]}, dx[3] = {0, 0, 0}, y[3] = {0}, dy[3] = {0};
    double xp[3] = {x[0], x[1], x[2]}, xm[3] = {x[0], x[1], x[2]}, yp[3], ym[3];
    dx[j] = 1.0;
    xp[j] += h;
    xm[j] -= h;
    F(xp, yp);
    F(xm, ym);
    __enzyme_fwddiff_v((void *)F, enzyme_dup, xv, dx, enzyme_dup, y, dy);
    for (int i = 0; i < 3; i++)
      CHECK_DERIV(NAME("jacobian.J[%d][%d]", i, j), dy[i], J[i][j], (yp[i] - ym[i]) / (2.0 * h));
    CHECK_CLOSE(NAME("jacobian.dx[%d].unchanged", j), dx[j], 1.0, 0.0);
  }
  return llad_report();
}
