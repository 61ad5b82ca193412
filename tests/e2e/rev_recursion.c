/* Recursion: power by squaring (x^n, recursive on the integer n) and a
 * recursive product prod_{i<n} (1 + x_i^2) over an array. */
#include "check.h"

double __enzyme_autodiff(void *, ...);
void __enzyme_autodiff_v(void *, ...); /* no active scalar: returns void */

LLAD_NOINLINE double rpow(double x, int n) {
  if (n == 0)
    return 1.0;
  double h = rpow(x, n / 2);
  return (n % 2) ? h * h * x : h * h;
}

LLAD_NOINLINE double rprod(const double *x, int n) {
  if (n == 0)
    return 1.0;
  return (1.0 + x[n - 1] * x[n - 1]) * rprod(x, n - 1);
}

static int gn;
static double rpow_x(double x) { return rpow(x, gn); }

#define N 6
int main(void) {
  const int ns[] = {1, 2, 5, 8, 13};
  for (int k = 0; k < 5; k++) {
    int n = ns[k];
    double x = 1.07;
    gn = n;
    CHECK_DERIV(NAME("recursion.pow(x,%d)", n), __enzyme_autodiff((void *)rpow, x, n),
                n * pow(x, n - 1), fd1(rpow_x, x, FD_H));
  }
  double x[N], dx[N] = {0}, P = 1.0;
  for (int i = 0; i < N; i++)
    x[i] = 0.3 * i - 0.6, P *= 1.0 + x[i] * x[i];
  __enzyme_autodiff_v((void *)rprod, x, dx, N);
  for (int i = 0; i < N; i++) {
    double save = x[i];
    x[i] = save + FD_H;
    double fp = rprod(x, N);
    x[i] = save - FD_H;
    double fm = rprod(x, N);
    x[i] = save;
    CHECK_DERIV(NAME("recursion.prod.dx[%d]", i), dx[i], P * 2.0 * x[i] / (1.0 + x[i] * x[i]),
                (fp - fm) / (2.0 * FD_H));
  }
  return llad_report();
}
