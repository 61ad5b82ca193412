/* The seed tutorial's g and h in forward mode with f kept out of line (static noinline: fastcc at
 * -O1 and up), so the derivatives of g and h call f's derivative. h overwrites x in place after
 * calling f. g = h = (x0^2 + x1^2)^2 at x = [3, 1]: along dx = [1, 0] both give 120 and dy = [6, 0]. */
#include "check.h"

LLAD_NOINLINE double f(double *y, const double *x) {
  for (int i = 0; i < 2; i++)
    y[i] = x[i] * x[i];
  return y[0] + y[1];
}

LLAD_NOINLINE double g(double *y, double *x) {
  double r = f(y, x);
  return r * r;
}

LLAD_NOINLINE double h(double *y, double *x) {
  double ret = f(y, x);
  for (int i = 0; i < 2; i++)
    x[i] = x[i] * x[i];
  return ret * (y[0] + y[1]);
}

static double fd(double (*fn)(double *, double *), int i) {
  double y[2], xp[2] = {3.0, 1.0}, xm[2] = {3.0, 1.0};
  xp[i] += FD_H;
  xm[i] -= FD_H;
  double fp = fn(y, xp), fm = fn(y, xm);
  return (fp - fm) / (2.0 * FD_H);
}

static void check(const char *name, double (*fn)(double *, double *), double d, const double *dy, const double *dx, int i) {
  double exact = i == 0 ? 120.0 : 40.0;
  CHECK_DERIV(NAME("%s.d[%d]", name, i), d, exact, fd(fn, i));
  CHECK_CLOSE(NAME("%s.dy[%d][0]", name, i), dy[0], i == 0 ? 6.0 : 0.0, 1e-12);
  CHECK_CLOSE(NAME("%s.dy[%d][1]", name, i), dy[1], i == 1 ? 2.0 : 0.0, 1e-12);
  /* h squares x in place: its tangent is 2 x dx */
  double dx_after = fn == h ? (i == 0 ? 6.0 : 2.0) : 1.0;
  CHECK_CLOSE(NAME("%s.dx[%d].after", name, i), dx[i], dx_after, 1e-12);
}

int main(void) {
  for (int i = 0; i < 2; i++) {
    double x[2] = {3.0, 1.0}, dx[2] = {0.0, 0.0}, y[2] = {0.0, 0.0}, dy[2] = {0.0, 0.0};
    dx[i] = 1.0;
    double dg = __enzyme_fwddiff((void *)g, enzyme_dup, y, dy, enzyme_dup, x, dx);
    check("g", g, dg, dy, dx, i);
    double x2[2] = {3.0, 1.0}, dx2[2] = {0.0, 0.0}, y2[2] = {0.0, 0.0}, dy2[2] = {0.0, 0.0};
    dx2[i] = 1.0;
    double dh = __enzyme_fwddiff((void *)h, enzyme_dup, y2, dy2, enzyme_dup, x2, dx2);
    check("h", h, dh, dy2, dx2, i);
    CHECK_CLOSE(NAME("h.x[%d].primal_inplace", i), x2[i], i == 0 ? 9.0 : 1.0, 1e-12);
  }
  return llad_report();
}
