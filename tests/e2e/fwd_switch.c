/* switch on a constant int argument (implicit const and enzyme_const). */
#include "check.h"

LLAD_NOINLINE double sw(double x, int k) {
  double r;
  switch (k) {
  case 0: r = x * x; break;
  case 1: r = sin(x); break;
  case 2: r = exp(2.0 * x); break;
  case 3: x = x * 3.0; /* fall through */
  case 4: r = x * x * x; break;
  case 7: return 5.0;
  default: r = -x;
  }
  return r + 1.0;
}
static double dsw(double x, int k) {
  switch (k) {
  case 0: return 2.0 * x;
  case 1: return cos(x);
  case 2: return 2.0 * exp(2.0 * x);
  case 3: return 81.0 * x * x;
  case 4: return 3.0 * x * x;
  case 7: return 0.0;
  default: return -1.0;
  }
}

int main(void) {
  double x = 0.8, h = FD_H;
  for (int k = 0; k <= 8; k++) {
    double fd = (sw(x + h, k) - sw(x - h, k)) / (2.0 * h);
    double a = __enzyme_fwddiff((void *)sw, x, 1.0, k);
    CHECK_DERIV(NAME("switch.k=%d", k), a, dsw(x, k), fd);
    double b = __enzyme_fwddiff((void *)sw, x, 1.0, enzyme_const, k);
    CHECK_DERIV(NAME("switch.k=%d.enzyme_const", k), b, dsw(x, k), fd);
  }
  return llad_report();
}
