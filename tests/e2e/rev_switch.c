/* switch in reverse mode: a plain switch on an integer, and a switch inside a
 * loop driven by a constant opcode array (the reverse sweep replays the path). */
#include "check.h"

double __enzyme_autodiff(void *, ...);

LLAD_NOINLINE double sw(double x, int k) {
  switch (k) {
  case 0: return x * x;
  case 1: return sin(x) * x;
  case 2: return exp(0.5 * x);
  case 7: return 1.0 / x;
  default: return 3.0 * x;
  }
}

LLAD_NOINLINE double interp(double x, const int *ops, int n) {
  double acc = x;
  for (int i = 0; i < n; i++) {
    switch (ops[i]) {
    case 0: acc = acc * x; break;
    case 1: acc = sin(acc); break;
    case 2: acc = acc + x * x; break;
    case 3: acc = acc * 0.5 - x; break;
    default: break;
    }
  }
  return acc;
}

static int gk;
static const int ops[] = {0, 2, 1, 3, 9, 0, 1, 2, 3, 0};
#define NOPS ((int)(sizeof ops / sizeof ops[0]))
static double sw_x(double x) { return sw(x, gk); }
static double interp_x(double x) { return interp(x, ops, NOPS); }

int main(void) {
  const int ks[] = {0, 1, 2, 7, 4};
  double x = 0.8;
  for (int i = 0; i < 5; i++) {
    int k = ks[i];
    double an = k == 0 ? 2.0 * x : k == 1 ? cos(x) * x + sin(x) : k == 2 ? 0.5 * exp(0.5 * x)
              : k == 7 ? -1.0 / (x * x) : 3.0;
    gk = k;
    CHECK_DERIV(NAME("switch.case%d", k), __enzyme_autodiff((void *)sw, x, k), an, fd1(sw_x, x, FD_H));
  }
  /* the interpreter's derivative by a hand-written tangent sweep */
  double acc = x, dacc = 1.0;
  for (int i = 0; i < NOPS; i++) {
    switch (ops[i]) {
    case 0: dacc = dacc * x + acc, acc = acc * x; break;
    case 1: dacc = cos(acc) * dacc, acc = sin(acc); break;
    case 2: dacc = dacc + 2.0 * x, acc = acc + x * x; break;
    case 3: dacc = 0.5 * dacc - 1.0, acc = acc * 0.5 - x; break;
    }
  }
  double d = __enzyme_autodiff((void *)interp, x, enzyme_const, ops, NOPS);
  CHECK_DERIV("switch.interp", d, dacc, fd1(interp_x, x, FD_H));
  return llad_report();
}
