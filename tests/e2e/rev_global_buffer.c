/* A global scratch buffer and a global coefficient written inside the differentiated code: llad
 * gives the buffer a shadow global (Enzyme returns 0 here at -O0). f(x) = 3x^2 + x^2 = 4x^2 with
 * the intermediate values kept in globals: df/dx = 8x, forward and reverse, several times (the
 * shadow must start from zero at every request). */
#include "check.h"

double __enzyme_autodiff(void *, ...);

double buf[2];
double coef = 3.0;

LLAD_NOINLINE double f(double x) {
  buf[0] = x * x;
  buf[1] = buf[0] * coef;
  return buf[1] + buf[0];
}

int main(void) {
  for (int k = 0; k < 3; k++) {
    double x = 0.5 + k;
    double fd = (f(x + FD_H) - f(x - FD_H)) / (2 * FD_H);
    CHECK_DERIV(NAME("global.fwd[%d]", k), __enzyme_fwddiff((void *)f, x, 1.0), 8 * x, fd);
    CHECK_DERIV(NAME("global.rev[%d]", k), __enzyme_autodiff((void *)f, x), 8 * x, fd);
    CHECK_CLOSE(NAME("global.primal[%d]", k), buf[1], 3 * x * x, 1e-12);
  }
  return llad_report();
}
