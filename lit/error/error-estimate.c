// __enzyme_error_estimate: forward mode whose shadows are rounding-error estimates, propagated as
//   err(r = f(a_i)) = max(ulp(r), sum_i |a_i / r * dr/da_i * err(a_i)|)
// (Menon et al., the model Enzyme uses), through arithmetic, libm calls (partials from
// rules/math.rules), memory and calls of user functions; each estimate of an active value is
// reported to the program's enzymeLogError. The expected values are computed here from the same
// formula in plain C: the cancellation in 1 - cos(x) at x = 1e-7 amplifies cos's one-ulp error
// by |cos x / (1 - cos x)| ~ 2e14. Plugin at -O0 (every local in memory) and -O2, and the CLI.
// RUN: %clang -O0 -fpass-plugin=%plugin %s -o %t0 -lm && %t0 | FileCheck %s
// RUN: %clang -O2 -fpass-plugin=%plugin %s -o %t2 -lm && %t2 | FileCheck %s
// RUN: %clang -O1 -c -emit-llvm %s -o %t.bc && %llad %t.bc -o %t.d.bc && %clang %t.d.bc -o %t1 -lm && %t1 | FileCheck %s
// CHECK: cancellation ok (logged 4)
// CHECK-NEXT: sum ok
// CHECK-NEXT: through memory and calls ok
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

double __enzyme_error_estimate(void *, ...);

static int logged;
void enzymeLogError(double res, double err, const char *op, const char *callee, const char *module, const char *function, const char *block) {
  (void)res, (void)err, (void)op, (void)callee, (void)module, (void)function, (void)block;
  logged++;
}

static double ulp(double x) {
  uint64_t bits;
  memcpy(&bits, &x, 8);
  bits ^= 1;
  double y;
  memcpy(&y, &bits, 8);
  return fabs(x - y);
}
static double max(double a, double b) { return a > b ? a : b; }

double cancellation(double x) {
  double v1 = cos(x);
  double v2 = 1 - v1;
  double v3 = x * x;
  double v4 = v2 / v3;
  double unused = sin(v4); // not active: not estimated, not logged
  (void)unused;
  return v4;
}

double sum(double a, double b) { return a + b; }

__attribute__((noinline)) void scale_into(double *out, const double *in, double k) { out[0] = in[0] * k; }
double through_memory(double a, double k) {
  double in[1] = {a}, out[1];
  scale_into(out, in, k);
  return exp(out[0]);
}

static void check(const char *name, double got, double want) {
  printf("%s %s", name, fabs(got - want) <= 1e-12 * fabs(want) ? "ok" : "WRONG");
  if (fabs(got - want) > 1e-12 * fabs(want)) printf(" (got %.17g, expected %.17g)", got, want);
}

int main(void) {
  const double x = 1e-7;
  double v1 = cos(x), v2 = 1 - v1, v3 = x * x, v4 = v2 / v3;
  double e1 = ulp(v1);                                      // input error 0: one ulp
  double e2 = max(ulp(v2), fabs(v1 / v2 * -1 * e1));        // the cancellation
  double e3 = ulp(v3);
  double e4 = max(ulp(v4), fabs(v2 / v4 * (1 / v3) * e2) + fabs(v3 / v4 * (-v4 / v3) * e3));
  check("cancellation", __enzyme_error_estimate((void *)cancellation, x, 0.0), e4);
  printf(" (logged %d)\n", logged);

  const double a = 99.0, b = 127.0, ea = 1e-14, eb = 3e-14;
  double es = max(ulp(a + b), fabs(a / (a + b) * ea) + fabs(b / (a + b) * eb));
  check("sum", __enzyme_error_estimate((void *)sum, a, ea, b, eb), es);
  printf("\n");

  const double k = 0.3, ek = 2e-17;
  double p = a * k, ep = max(ulp(p), fabs(a / p * k * ea) + fabs(k / p * a * ek));
  double r = exp(p), er = max(ulp(r), fabs(p / r * r * ep));
  check("through memory and calls", __enzyme_error_estimate((void *)through_memory, a, ea, k, ek), er);
  printf("\n");
  return 0;
}
