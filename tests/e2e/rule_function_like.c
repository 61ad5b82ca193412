/* Enzyme's __enzyme_function_like: a hand-written series for log1p is differentiated with log1p's
 * rule (1 / (1 + x)), and annotate("enzyme_inactive") marks a function inactive.
 * f(x) = 3 my_log1p(x) + noisy(x) with noisy inactive: df/dx = 3 / (1 + x). */
#include "check.h"

double __enzyme_autodiff(void *, ...);

static int noisy_ran;

LLAD_NOINLINE double my_log1p(double x) {
  double s = 0, t = x;
  for (int k = 1; k < 80; k++) {
    s += (k % 2 ? 1 : -1) * t / k;
    t *= x;
  }
  return s;
}
void *__enzyme_function_like[2] = {(void *)my_log1p, (void *)"log1p"};

__attribute__((annotate("enzyme_inactive"))) LLAD_NOINLINE double noisy(double x) {
  noisy_ran++;
  return 2 * x;
}

LLAD_NOINLINE double f(double x) { return 3 * my_log1p(x) + noisy(x); }

int main(void) {
  for (int k = 0; k < 3; k++) {
    double x = 0.1 + 0.2 * k;
    CHECK_CLOSE(NAME("function_like.fwd[%d]", k), __enzyme_fwddiff((void *)f, x, 1.0), 3 / (1 + x), 1e-10);
    CHECK_CLOSE(NAME("function_like.rev[%d]", k), __enzyme_autodiff((void *)f, x), 3 / (1 + x), 1e-10);
  }
  CHECK_CLOSE("function_like.noisy_ran", noisy_ran, 6, 0);
  return llad_report();
}
