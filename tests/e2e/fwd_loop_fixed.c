/* for loops with a fixed trip count: a recurrence and a product. */
#include "check.h"

LLAD_NOINLINE double recur(double x) {
  double s = x;
  for (int i = 0; i < 10; i++)
    s = 0.5 * s + sin(s) + 0.1 * x;
  return s;
}
/* hand-written tangent recurrence (reference) */
static double drecur(double x) {
  double s = x, ds = 1.0;
  for (int i = 0; i < 10; i++) {
    ds = 0.5 * ds + cos(s) * ds + 0.1;
    s = 0.5 * s + sin(s) + 0.1 * x;
  }
  return ds;
}

/* prod_{i=1..8} (x + i): derivative = prod * sum 1/(x+i) */
LLAD_NOINLINE double prod(double x) {
  double p = 1.0;
  for (int i = 1; i <= 8; i++)
    p *= x + (double)i;
  return p;
}
static double dprod(double x) {
  double p = prod(x), s = 0.0;
  for (int i = 1; i <= 8; i++)
    s += 1.0 / (x + i);
  return p * s;
}

int main(void) {
  const double xs[] = {-0.5, 0.3, 1.1};
  for (int i = 0; i < 3; i++) {
    double x = xs[i];
    CHECK_DERIV(NAME("loop_fixed.recur'(%g)", x), __enzyme_fwddiff((void *)recur, x, 1.0),
                drecur(x), fd1(recur, x, FD_H));
    CHECK_DERIV(NAME("loop_fixed.prod'(%g)", x), __enzyme_fwddiff((void *)prod, x, 1.0),
                dprod(x), fd1(prod, x, FD_H));
  }
  return llad_report();
}
