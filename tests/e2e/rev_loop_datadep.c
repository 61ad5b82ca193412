/* Data-dependent trip count: iterate until s reaches a threshold given by an
 * integer argument. The number of iterations is only known at run time. */
#include "check.h"

double __enzyme_autodiff(void *, ...);

LLAD_NOINLINE double grow(double x, int limit, int *iters) {
  double s = 1.0;
  int k = 0;
  while (s < (double)limit) {
    s = s * (1.0 + x) + x * x;
    k++;
  }
  *iters = k;
  return s;
}

static int glimit;
static double grow_x(double x) { int k; return grow(x, glimit, &k); }

int main(void) {
  const int limits[] = {2, 10, 1000, 100000};
  double x = 0.37;
  int prev = -1;
  for (int i = 0; i < 4; i++) {
    int limit = limits[i], iters = -1;
    double d = __enzyme_autodiff((void *)grow, x, limit, enzyme_const, &iters);
    /* hand tangent over the same trip count */
    double s = 1.0, ds = 0.0;
    int k = 0;
    while (s < (double)limit) {
      ds = ds * (1.0 + x) + s + 2.0 * x;
      s = s * (1.0 + x) + x * x;
      k++;
    }
    printf("limit %d: %d iterations\n", limit, iters);
    CHECK_CLOSE(NAME("datadep.iters(%d)", limit), iters, k, 0.0);
    CHECK_CLOSE(NAME("datadep.iters_grow(%d)", limit), iters > prev, 1, 0.0);
    prev = iters;
    glimit = limit;
    CHECK_DERIV(NAME("datadep.d(%d)", limit), d, ds, fd1(grow_x, x, FD_H));
  }
  return llad_report();
}
