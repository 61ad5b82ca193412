/* Memory from posix_memalign carries derivatives: its shadow is allocated beside it (llad lowers
 * the call to aligned_alloc, whose result is stored through the first argument), in forward and
 * reverse mode, once and in a loop (a buffer per iteration, freed each time).
 * f(x, n) = sum_k (buf_k[0] = x * k; buf_k[1] = buf_k[0] * x) = sum_k k x^2 -> df/dx = 2 x sum_k k. */
#include <stdlib.h>
#include "check.h"

int posix_memalign(void **memptr, size_t alignment, size_t size);
double __enzyme_autodiff(void *, ...);
float __enzyme_autodiff_f(void *, float);

LLAD_NOINLINE double f(double x, int n) {
  double s = 0;
  for (int k = 1; k <= n; k++) {
    double *buf;
    if (posix_memalign((void **)&buf, 32, 4 * sizeof(double)) != 0)
      return 0;
    buf[0] = x * k;
    buf[1] = buf[0] * x;
    s += buf[1];
    free(buf);
  }
  return s;
}

LLAD_NOINLINE float g(float x) {
  float *cell;
  posix_memalign((void **)&cell, 16, sizeof(float));
  *cell = x * x * x;
  float r = *cell;
  free(cell);
  return r;
}

static double f5(double x) { return f(x, 5); }

int main(void) {
  const double x = 1.7;
  double d = __enzyme_autodiff((void *)f, x, enzyme_const, 5);
  CHECK_DERIV("reverse.loop", d, 2 * x * 15, fd1(f5, x, FD_H));
  double t = __enzyme_fwddiff((void *)f, x, 1.0, enzyme_const, 5);
  CHECK_DERIV("forward.loop", t, 2 * x * 15, fd1(f5, x, FD_H));
  float gf = __enzyme_autodiff_f((void *)g, 1.5f);
  CHECK_CLOSE("reverse.float", gf, 3 * 1.5 * 1.5, 1e-6);
  return llad_report();
}
