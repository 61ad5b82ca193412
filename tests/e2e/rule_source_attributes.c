/* Enzyme's source attributes, read by llad's clang front end (the harness loads libllad.so into
 * clang's front end too, as Enzyme users do): __attribute__((enzyme_inactive)) on a function
 * defined here (not inlined before llad runs, although nothing else keeps it out of line), on a
 * prototype whose definition follows, on a libm declaration defined elsewhere (cbrt), and on a
 * global; enzyme_inactive_noblock; enzyme_function_like("log1p") on a function whose body
 * computes something else. Derivatives are those of the marked semantics, forward and reverse, at
 * x = 1.5:
 *   g1 = x * sq(x), sq inactive                     -> dg1 = sq(x) = x^2
 *   g2 = later(x) + 2x, later = sin, inactive       -> dg2 = 2
 *   g3 = x * cbrt(x), cbrt inactive                 -> dg3 = cbrt(x)
 *   g4 = my_log1p(x) (= 2x), like log1p             -> dg4 = 1 / (1 + x), value 2x
 *   g5 = 3x + (last = x^2, read back), last inactive -> dg5 = 3
 *   g6 = x + twice(x), twice inactive_noblock       -> dg6 = 1 */
#include "check.h"

double __enzyme_autodiff(void *, ...);

__attribute__((enzyme_inactive)) static double sq(double x) { return x * x; }
double g1(double x) { return x * sq(x); }

__attribute__((enzyme_inactive)) static double later(double x);
double g2(double x) { return later(x) + 2.0 * x; }
static double later(double x) { return sin(x); }

__attribute__((enzyme_inactive)) double cbrt(double);
double g3(double x) { return x * cbrt(x); }

__attribute__((enzyme_function_like("log1p"))) static double my_log1p(double x) { return 2.0 * x; }
double g4(double x) { return my_log1p(x); }

__attribute__((enzyme_inactive)) static double last;
LLAD_NOINLINE void remember(double v) { last = v; }
LLAD_NOINLINE double recall(void) { return last; }
double g5(double x) {
  remember(x * x);
  return 3.0 * x + recall();
}

__attribute__((enzyme_inactive_noblock)) static double twice(double x) { return 2.0 * x; }
double g6(double x) { return x + twice(x); }

#define CHECK_BOTH(name, g, expected)                                     \
  do {                                                                   \
    double fwd = __enzyme_fwddiff((void *)g, 1.5, 1.0);                  \
    double rev = __enzyme_autodiff((void *)g, 1.5);                      \
    CHECK_CLOSE(name ".forward", fwd, expected, 1e-12);                  \
    CHECK_CLOSE(name ".reverse", rev, expected, 1e-12);                  \
  } while (0)

int main(void) {
  const double x = 1.5;
  CHECK_BOTH("inactive_defined", g1, x * x);
  CHECK_BOTH("inactive_prototype", g2, 2.0);
  CHECK_BOTH("inactive_declaration", g3, cbrt(x));
  CHECK_BOTH("function_like", g4, 1.0 / (1.0 + x));
  CHECK_CLOSE("function_like.primal", g4(x), 2.0 * x, 1e-15);
  CHECK_BOTH("inactive_global", g5, 3.0);
  CHECK_CLOSE("inactive_global.stored", last, x * x, 1e-15);
  CHECK_BOTH("inactive_noblock", g6, 1.0);
  return llad_report();
}
