/* The seed tutorial example: forward mode through a call that writes y. */
#include "check.h"

double f(double *y, const double *x) {
  for (int i = 0; i < 2; i++)
    y[i] = x[i] * x[i];
  return y[0] + y[1];
}

double g(double *y, double *x) {
  double r = f(y, x);
  return r * r;
}

int main(void) {
  double x[2] = {3.0, 1.0}, dx[2] = {1.0, 0.0};
  double y[2] = {0.0, 0.0}, dy[2] = {0.0, 0.0};
  double dg = __enzyme_fwddiff((void *)g, enzyme_dup, y, dy, enzyme_dup, x, dx);
  printf("seed_g: dg = %g, dy = [%g, %g], y = [%g, %g]\n", dg, dy[0], dy[1], y[0], y[1]);
  /* g = (x0^2 + x1^2)^2 = 100, dg = 2*10*(2*3*1) = 120, dy = (2*x0*dx0, 2*x1*dx1) */
  CHECK_CLOSE("seed_g.dg", dg, 120.0, 1e-12);
  CHECK_CLOSE("seed_g.dy[0]", dy[0], 6.0, 1e-12);
  CHECK_CLOSE("seed_g.dy[1]", dy[1], 0.0, 1e-12);
  CHECK_CLOSE("seed_g.y[0].primal", y[0], 9.0, 1e-12);
  CHECK_CLOSE("seed_g.y[1].primal", y[1], 1.0, 1e-12);
  CHECK_CLOSE("seed_g.dx[0].unchanged", dx[0], 1.0, 0.0);
  /* the same tangent by central finite difference of g */
  double h = FD_H, yp[2], xp[2] = {3.0 + h, 1.0}, xm[2] = {3.0 - h, 1.0};
  double fd = (g(yp, xp) - g(yp, xm)) / (2.0 * h);
  CHECK_DERIV("seed_g.dg.deriv", dg, 120.0, fd);
  return llad_report();
}
