// Complex division goes through the C runtime's __divdc3 / __divsc3, whose scaled algorithm llad
// cannot substitute without changing the primal: a clear error naming the division, in both modes
// and through the CLI; complex multiplication in the same program is differentiated.
// RUN: not %clang -O0 -g -fpass-plugin=%plugin -c %s -o /dev/null 2>&1 | FileCheck %s
// RUN: not %clang -O2 -g -DFORWARD -fpass-plugin=%plugin -c %s -o /dev/null 2>&1 | FileCheck %s
// RUN: %clang -O2 -g -S -emit-llvm %s -o %t.ll
// RUN: not %llad %t.ll -o /dev/null 2>&1 | FileCheck %s
// RUN: not %clang -O1 -g -DFLOAT -fpass-plugin=%plugin -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=FLOAT
// CHECK: complex-division.c:[[#@LINE+8]]:{{.*}} in function 'ratio', instruction `{{.*}}call { double, double } @__divdc3({{.*}}`: cannot differentiate: complex division (`/` on _Complex or std::complex values, which clang turns into a call of the C runtime's '__divdc3') is not differentiated by llad yet: the runtime's scaled algorithm is out of reach, and a substitute would change the primal's values
// CHECK-NEXT: hint: divide with real arithmetic, (a + bi) / (c + di) = ((ac + bd) + (bc - ad) i) / (c^2 + d^2), or multiply by a reciprocal computed that way (complex multiplication is supported)
// FLOAT: in function 'ratio', instruction `{{.*}}call <2 x float> @__divsc3({{.*}}`: cannot differentiate: complex division
#include <complex.h>
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
#ifndef FLOAT
__attribute__((noinline)) double complex ratio(double complex a, double complex b) {
  return a / b;
}
double f(double x) {
  double complex z = x + 2.0 * I;
  return creal(ratio(z * z, z + 1.0));
}
#else
__attribute__((noinline)) float complex ratio(float complex a, float complex b) { return a / b; }
double f(double x) { return crealf(ratio((float)x + 2.0f * I, 1.0f + (float)x * I)); }
#endif
double d(double x) {
#ifdef FORWARD
  return __enzyme_fwddiff((void *)f, x, 1.0);
#else
  return __enzyme_autodiff((void *)f, x);
#endif
}
