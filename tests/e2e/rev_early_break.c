/* Early exit: accumulate x[i]^2 until the partial sum exceeds a limit; the
 * elements after the break get a zero gradient. */
#include "check.h"

double __enzyme_autodiff(void *, ...);

LLAD_NOINLINE double until(const double *x, int n, double limit) {
  double s = 0.0;
  for (int i = 0; i < n; i++) {
    s += x[i] * x[i] * (1.0 + 0.1 * i);
    if (s > limit)
      break;
  }
  return sqrt(s);
}

#define N 12
int main(void) {
  double x[N];
  for (int i = 0; i < N; i++)
    x[i] = 0.5 + 0.25 * sin(1.0 + i);
  const double limits[] = {0.1, 1.5, 1e9};
  for (int t = 0; t < 3; t++) {
    double limit = limits[t], dx[N] = {0};
    double dlimit = __enzyme_autodiff((void *)until, x, dx, N, limit);
    double s = 0.0;
    int last = N - 1;
    for (int i = 0; i < N; i++) {
      s += x[i] * x[i] * (1.0 + 0.1 * i);
      if (s > limit) { last = i; break; }
    }
    printf("limit %g: break after %d\n", limit, last);
    CHECK_CLOSE(NAME("break.dlimit(%g)", limit), dlimit, 0.0, 0.0);
    for (int i = 0; i < N; i++) {
      double an = i <= last ? x[i] * (1.0 + 0.1 * i) / sqrt(s) : 0.0;
      double save = x[i];
      x[i] = save + FD_H;
      double fp = until(x, N, limit);
      x[i] = save - FD_H;
      double fm = until(x, N, limit);
      x[i] = save;
      CHECK_DERIV(NAME("break.dx[%d](%g)", i, limit), dx[i], an, (fp - fm) / (2.0 * FD_H));
    }
  }
  return llad_report();
}
