/* Data-dependent trip counts: n from an int argument, and from the active x. */
#include "check.h"

/* truncated exp series: sum_{k<n} x^k/k!; derivative is the same series with n-1 terms */
LLAD_NOINLINE double series(double x, int n) {
  double s = 0.0, t = 1.0;
  for (int k = 0; k < n; k++) {
    s += t;
    t *= x / (double)(k + 1);
  }
  return s;
}

/* n = (int)(3x): sum_{i<n} i*x*x + x; derivative 2x*n(n-1)/2 + 1 */
LLAD_NOINLINE double xcount(double x) {
  int n = (int)(3.0 * x);
  double s = x;
  for (int i = 0; i < n; i++)
    s += (double)i * x * x;
  return s;
}

int main(void) {
  double x = 0.7, h = FD_H;
  const int ns[] = {0, 1, 2, 5, 20};
  for (int i = 0; i < 5; i++) {
    int n = ns[i];
    double fd = (series(x + h, n) - series(x - h, n)) / (2.0 * h);
    CHECK_DERIV(NAME("loop_datadep.series(n=%d)", n),
                __enzyme_fwddiff((void *)series, x, 1.0, n), n > 0 ? series(x, n - 1) : 0.0,
                fd);
  }
  const double xs[] = {0.2, 1.5, 4.1};
  for (int i = 0; i < 3; i++) {
    double y = xs[i];
    int n = (int)(3.0 * y);
    CHECK_DERIV(NAME("loop_datadep.xcount'(%g)", y),
                __enzyme_fwddiff((void *)xcount, y, 1.0), y * n * (n - 1) + 1.0,
                fd1(xcount, y, FD_H));
  }
  return llad_report();
}
