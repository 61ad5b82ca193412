/* An Enzyme-form reverse rule called with a constant pointer: Enzyme passes the primal as its
 * shadow (so the rule's `dy[i] = 0` would wipe the primal); llad passes a zeroed scratch shadow
 * the size of the object (a global here) and frees it after the reverse rule. g(x) = f(ybuf, x)^2
 * with the seed's f: dx = [120, 40] at x = [3, 1], and ybuf keeps f's primal values. */
#include "check.h"

void __enzyme_autodiff_v(void *, ...);
static int aug_ran, rev_ran;

LLAD_NOINLINE double f(double *y, const double *x) {
  for (int i = 0; i < 2; i++)
    y[i] = x[i] * x[i];
  return y[0] + y[1];
}
typedef struct { void *tape; double primal; } aug_t;
aug_t f_aug(double *y, double *dy, const double *x, double *dx) {
  (void)dy, (void)dx;
  aug_ran++;
  aug_t r = {0, f(y, x)};
  return r;
}
void f_rev(double *y, double *dy, const double *x, double *dx, double dret, void *tape) {
  (void)y, (void)tape;
  rev_ran++;
  for (int i = 0; i < 2; i++) {
    dx[i] += 2 * x[i] * (dret + dy[i]);
    dy[i] = 0;
  }
}
void *__enzyme_register_gradient_f[3] = {(void *)f, (void *)f_aug, (void *)f_rev};

static double ybuf[2];
LLAD_NOINLINE double g(double *x) {
  double r = f(ybuf, x);
  return r * r;
}

int main(void) {
  double x[2] = {3, 1}, dx[2] = {0, 0};
  __enzyme_autodiff_v((void *)g, enzyme_dup, x, dx);
  double xp[2] = {3 + FD_H, 1}, xm[2] = {3 - FD_H, 1};
  double fd0 = (g(xp) - g(xm)) / (2 * FD_H);
  double xq[2] = {3, 1 + FD_H}, xn[2] = {3, 1 - FD_H};
  double fd1 = (g(xq) - g(xn)) / (2 * FD_H);
  g(x);
  CHECK_DERIV("scratch.dx[0]", dx[0], 120.0, fd0);
  CHECK_DERIV("scratch.dx[1]", dx[1], 40.0, fd1);
  CHECK_CLOSE("scratch.ybuf[0].primal", ybuf[0], 9.0, 0.0);
  CHECK_CLOSE("scratch.aug_ran", aug_ran, 1.0, 0.0);
  CHECK_CLOSE("scratch.rev_ran", rev_ran, 1.0, 0.0);
  return llad_report();
}
