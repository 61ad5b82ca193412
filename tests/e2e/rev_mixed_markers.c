/* Mixing markers: enzyme_const scalars and pointers, enzyme_dup pointers,
 * enzyme_out / unmarked active scalars, and an integer (always constant). */
#include "check.h"

typedef struct { double da, dx; } D2;
double __enzyme_autodiff(void *, ...);
D2 __enzyme_autodiff_d2(void *, ...);

/* f = x^2 W + a x P + a x^2 with W = sum w_i p_i^2, P = sum p_i */
double mix(double a, const double *p, double x, int n, const double *w) {
  double s = 0.0;
  for (int i = 0; i < n; i++)
    s += w[i] * p[i] * p[i] * x + a * p[i];
  return s * x + a * x * x;
}

#define N 4
static double p[N] = {0.5, -1.0, 2.0, 0.25}, w[N] = {1.0, 2.0, -0.5, 3.0};
static double ga = 0.7, gx = -1.2;
static double mix_a(double a) { return mix(a, p, gx, N, w); }
static double mix_x(double x) { return mix(ga, p, x, N, w); }

int main(void) {
  double a = ga, x = gx, W = 0.0, P = 0.0;
  for (int i = 0; i < N; i++)
    W += w[i] * p[i] * p[i], P += p[i];
  double an_x = 2.0 * x * W + a * P + 2.0 * a * x, an_a = x * P + x * x;

  /* a const, p dup, x explicitly enzyme_out, w const */
  double dp[N] = {0};
  double dx = __enzyme_autodiff((void *)mix, enzyme_const, a, enzyme_dup, p, dp, enzyme_out, x,
                                N, enzyme_const, w);
  CHECK_DERIV("mixed.const_a.dx", dx, an_x, fd1(mix_x, x, FD_H));
  for (int i = 0; i < N; i++) {
    double save = p[i];
    p[i] = save + FD_H;
    double fp = mix(a, p, x, N, w);
    p[i] = save - FD_H;
    double fm = mix(a, p, x, N, w);
    p[i] = save;
    CHECK_DERIV(NAME("mixed.const_a.dp[%d]", i), dp[i], 2.0 * x * x * w[i] * p[i] + a * x,
                (fp - fm) / (2.0 * FD_H));
  }

  /* a and x unmarked (active), p unmarked (dup by default) */
  double dp2[N] = {0};
  D2 d = __enzyme_autodiff_d2((void *)mix, a, p, dp2, x, N, enzyme_const, w);
  CHECK_DERIV("mixed.active_a.da", d.da, an_a, fd1(mix_a, a, FD_H));
  CHECK_DERIV("mixed.active_a.dx", d.dx, an_x, fd1(mix_x, x, FD_H));
  for (int i = 0; i < N; i++)
    CHECK_CLOSE(NAME("mixed.active_a.dp[%d]_same", i), dp2[i], dp[i], 1e-12);

  /* everything constant except x, p const too: dp untouched */
  double dx3 = __enzyme_autodiff((void *)mix, enzyme_const, a, enzyme_const, p, x, N,
                                 enzyme_const, w);
  CHECK_DERIV("mixed.all_const.dx", dx3, an_x, fd1(mix_x, x, FD_H));
  return llad_report();
}
