/* Enzyme compatibility: the common C idiom declares one
 * `double __enzyme_autodiff(void*, ...)` and also uses it for requests without
 * an active scalar (the derivative returns void), ignoring the result (Enzyme
 * replaces the call's uses with undef). The seed example g = f(y, x)^2:
 * dx = [120, 40], dy = [0, 0] (rev_seed_gh.c declares a void prototype instead). */
#include "check.h"

double __enzyme_autodiff(void *, ...);

LLAD_NOINLINE double f(double *y, const double *x) {
  for (int i = 0; i < 2; i++)
    y[i] = x[i] * x[i];
  return y[0] + y[1];
}

double g(double *y, double *x) {
  double r = f(y, x);
  return r * r;
}

int main(void) {
  double x[2] = {3.0, 1.0}, dx[2] = {0.0, 0.0}, y[2] = {0.0, 0.0}, dy[2] = {0.0, 0.0};
  __enzyme_autodiff((void *)g, enzyme_dup, y, dy, enzyme_dup, x, dx);
  double h = FD_H, yp[2], xp[2] = {3.0 + h, 1.0}, xm[2] = {3.0 - h, 1.0};
  double fd = (g(yp, xp) - g(yp, xm)) / (2.0 * h);
  CHECK_DERIV("double_proto.dx[0]", dx[0], 120.0, fd);
  xp[0] = 3.0, xm[0] = 3.0, xp[1] = 1.0 + h, xm[1] = 1.0 - h;
  fd = (g(yp, xp) - g(yp, xm)) / (2.0 * h);
  CHECK_DERIV("double_proto.dx[1]", dx[1], 40.0, fd);
  CHECK_CLOSE("double_proto.dy[0]", dy[0], 0.0, 1e-12);
  return llad_report();
}
