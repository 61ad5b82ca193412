/* The seed tutorial in reverse mode: g = f(y, x)^2 and h, which overwrites x in
 * place after calling f. Both give dx = [120, 40], dy = [0, 0] at x = [3, 1]. */
#include "check.h"

void __enzyme_autodiff_v(void *, ...); /* no active scalar: the derivative returns void */

LLAD_NOINLINE double f(double *y, const double *x) {
  for (int i = 0; i < 2; i++)
    y[i] = x[i] * x[i];
  return y[0] + y[1];
}

double g(double *y, double *x) {
  double r = f(y, x);
  return r * r;
}

double h(double *y, double *x) {
  double ret = f(y, x);
  for (int i = 0; i < 2; i++)
    x[i] = x[i] * x[i];
  return ret * (y[0] + y[1]);
}

/* central difference of fn w.r.t. x[i] at x = [3, 1] (fresh copies: h writes x) */
static double fd(double (*fn)(double *, double *), int i) {
  double y[2], xp[2] = {3.0, 1.0}, xm[2] = {3.0, 1.0};
  xp[i] += FD_H;
  xm[i] -= FD_H;
  double fp = fn(y, xp), fm = fn(y, xm);
  return (fp - fm) / (2.0 * FD_H);
}

/* fn is only used for the finite differences: the request names g or h directly */
static void check(const char *name, double (*fn)(double *, double *), double *x,
                  double *dx, double *y, double *dy) {
  printf("%s: dx = [%g, %g], dy = [%g, %g], y = [%g, %g], x = [%g, %g]\n", name,
         dx[0], dx[1], dy[0], dy[1], y[0], y[1], x[0], x[1]);
  CHECK_CLOSE(NAME("%s.dx[0]", name), dx[0], 120.0, 1e-12);
  CHECK_CLOSE(NAME("%s.dx[1]", name), dx[1], 40.0, 1e-12);
  CHECK_CLOSE(NAME("%s.dy[0]", name), dy[0], 0.0, 1e-12);
  CHECK_CLOSE(NAME("%s.dy[1]", name), dy[1], 0.0, 1e-12);
  CHECK_CLOSE(NAME("%s.y[0].primal", name), y[0], 9.0, 1e-12);
  CHECK_CLOSE(NAME("%s.y[1].primal", name), y[1], 1.0, 1e-12);
  /* (x0^2 + x1^2)^2: d/dxi = 4 xi (x0^2 + x1^2) */
  CHECK_DERIV(NAME("%s.dx[0].deriv", name), dx[0], 4.0 * 3.0 * 10.0, fd(fn, 0));
  CHECK_DERIV(NAME("%s.dx[1].deriv", name), dx[1], 4.0 * 1.0 * 10.0, fd(fn, 1));
}

int main(void) {
  double x[2] = {3.0, 1.0}, dx[2] = {0.0, 0.0};
  double y[2] = {0.0, 0.0}, dy[2] = {0.0, 0.0};
  __enzyme_autodiff_v((void *)g, enzyme_dup, y, dy, enzyme_dup, x, dx);
  check("g", g, x, dx, y, dy);

  double x2[2] = {3.0, 1.0}, dx2[2] = {0.0, 0.0};
  double y2[2] = {0.0, 0.0}, dy2[2] = {0.0, 0.0};
  __enzyme_autodiff_v((void *)h, enzyme_dup, y2, dy2, enzyme_dup, x2, dx2);
  /* h overwrote x in place: the primal effect must still happen */
  CHECK_CLOSE("h.x[0].primal_inplace", x2[0], 9.0, 1e-12);
  CHECK_CLOSE("h.x[1].primal_inplace", x2[1], 1.0, 1e-12);
  x2[0] = 3.0, x2[1] = 1.0;
  check("h", h, x2, dx2, y2, dy2);
  return llad_report();
}
