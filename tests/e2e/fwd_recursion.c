/* Recursion: fast power by squaring, recursive array sum (tail recursion at -O2). */
#include "check.h"

LLAD_NOINLINE double rpow(double x, int n) {
  if (n == 0)
    return 1.0;
  if (n % 2 == 0) {
    double hpow = rpow(x, n / 2);
    return hpow * hpow;
  }
  return x * rpow(x, n - 1);
}

LLAD_NOINLINE double rsum(const double *x, int n) {
  if (n == 0)
    return 0.0;
  return sin(x[n - 1]) * x[n - 1] + rsum(x, n - 1);
}

int main(void) {
  double x = 1.1, h = FD_H;
  const int ns[] = {0, 1, 2, 7, 12};
  for (int i = 0; i < 5; i++) {
    int n = ns[i];
    CHECK_DERIV(NAME("recursion.rpow(x,%d)", n), __enzyme_fwddiff((void *)rpow, x, 1.0, n),
                n == 0 ? 0.0 : n * pow(x, n - 1), (rpow(x + h, n) - rpow(x - h, n)) / (2.0 * h));
  }
  double a[6] = {0.3, -1.2, 2.0, 0.7, -0.1, 1.4}, da[6], ap[6], am[6], an = 0.0;
  for (int i = 0; i < 6; i++) {
    da[i] = 1.0 / (i + 1);
    ap[i] = a[i] + h * da[i];
    am[i] = a[i] - h * da[i];
    an += (cos(a[i]) * a[i] + sin(a[i])) * da[i];
  }
  CHECK_DERIV("recursion.rsum(6)", __enzyme_fwddiff((void *)rsum, enzyme_dup, a, da, 6), an,
              (rsum(ap, 6) - rsum(am, 6)) / (2.0 * h));
  return llad_report();
}
