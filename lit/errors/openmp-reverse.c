// OpenMP in reverse mode is not supported yet: a parallel region with active data is an error
// that says "OpenMP" and names the region (forward mode works: tests/e2e/omp_forward.c). Atomic
// updates outside forward mode, as an OpenMP reduction's, stay errors.
// RUN: not %clang -O2 -fopenmp -g -fpass-plugin=%plugin %s -o /dev/null 2>&1 | FileCheck %s
// RUN: %clang -O2 -fopenmp -g -S -emit-llvm %s -o %t.ll
// RUN: not %llad %t.ll -S -o /dev/null 2>&1 | FileCheck %s
// CHECK: openmp-reverse.c:[[#@LINE+7]]:{{.*}} in function 'square'{{.*}}__kmpc_fork_call{{.*}}: cannot differentiate: OpenMP parallel region ('square.omp_outlined', a `#pragma omp parallel`) with active data in reverse mode is not supported yet
// CHECK-NEXT: hint: differentiate it in forward mode (__enzyme_fwddiff), or run that part serially for the gradient
#include <math.h>
extern int enzyme_dup, enzyme_const;
void __enzyme_autodiff(void *, ...);

__attribute__((noinline)) void square(double *y, const double *x, int n) {
#pragma omp parallel for
  for (int i = 0; i < n; i++)
    y[i] = sin(x[i]) * x[i];
}

double loss(const double *x, double *y, int n) {
  square(y, x, n);
  double s = 0;
  for (int i = 0; i < n; i++)
    s += y[i];
  return s;
}

void gradient(const double *x, double *dx, double *y, double *dy, int n) {
  __enzyme_autodiff((void *)loss, enzyme_dup, x, dx, enzyme_dup, y, dy, enzyme_const, n);
}
