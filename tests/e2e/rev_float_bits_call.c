/* A double passed to a callee as its 64 bits in an integer (memcpy into a uint64_t, as code that
 * serializes values does) and turned back into a double there: the derivative flows through the
 * integer argument, in reverse and forward mode. */
#include "check.h"
#include <stdint.h>

double __enzyme_autodiff(void *, ...);

LLAD_NOINLINE double from_bits(uint64_t bits, double scale) {
  double x;
  memcpy(&x, &bits, sizeof x);
  return scale * x * x;
}
LLAD_NOINLINE double f(double x) {
  uint64_t b;
  memcpy(&b, &x, sizeof b);
  return from_bits(b, 3.0) + from_bits(b, x);
}

int main(void) {
  const double xs[] = {0.4, -1.3, 2.0};
  for (int i = 0; i < 3; i++) {
    double x = xs[i];
    double analytic = 6 * x + 3 * x * x;
    CHECK_DERIV_TOL(NAME("reverse[%d]", i), __enzyme_autodiff((void *)f, x), analytic, fd1(f, x, FD_H), 1e-6, 1e-4);
    CHECK_DERIV_TOL(NAME("forward[%d]", i), __enzyme_fwddiff((void *)f, x, 1.0), analytic, fd1(f, x, FD_H), 1e-6, 1e-4);
  }
  return llad_report();
}
