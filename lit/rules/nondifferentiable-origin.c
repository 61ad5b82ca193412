// hypot and atan2 are not differentiable at the origin. Their rules take the subgradient 0 there,
// so a zero tangent gives a zero derivative in forward mode and an active adjoint does not turn
// into NaN in reverse mode. u = fma(x, -1, x) is 0 for every x, so f is constant: df/dx = 0
// exactly, which is what finite differences give (a fuzz-found case: reverse used to say NaN).
// g(x, y) = hypot(x, y) + atan2(y, x) away from the origin checks the ordinary partials:
// at (3, 4): dg/dx = 3/5 - 4/25 = 0.44, dg/dy = 4/5 + 3/25 = 0.92.
// RUN: %clang -O2 -S -emit-llvm %s -o %t.ll
// RUN: %llad %t.ll -o %t.bc && %clang %t.bc -o %t.exe -lm && %t.exe | FileCheck %s
// RUN: %clang -O2 -fpass-plugin=%plugin %s -o %t.p.exe -lm && %t.p.exe | FileCheck %s
// CHECK: fwd 0 rev 0
// CHECK: dg 0.44 0.92 fwd 0.44

#include <math.h>
#include <stdio.h>
extern int enzyme_out, enzyme_dup, enzyme_const;
extern double __enzyme_autodiff(void *, ...);
extern double __enzyme_fwddiff(void *, ...);
typedef struct { double dx, dy; } pair;
extern pair __enzyme_autodiff_pair(void *, ...) __asm__("__enzyme_autodiff");

__attribute__((noinline)) double f(double x) {
  volatile double m = -1.0;
  double u = fma(x, m, x);
  return hypot(u, u) + atan2(u, u);
}
__attribute__((noinline)) double g(double x, double y) { return hypot(x, y) + atan2(y, x); }

int main(void) {
  double fwd = __enzyme_fwddiff((void *)f, 0.278, 1.0);
  double rev = __enzyme_autodiff((void *)f, 0.278);
  printf("fwd %g rev %g\n", fwd, rev);
  pair d = __enzyme_autodiff_pair((void *)g, 3.0, 4.0);
  double gf = __enzyme_fwddiff((void *)g, 3.0, 1.0, 4.0, 0.0);
  printf("dg %g %g fwd %g\n", d.dx, d.dy, gf);
  return 0;
}
