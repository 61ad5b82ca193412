// Regression test: at -O0 a
// const pointer argument passed on through a local slot is treated as dup with a null shadow in
// the callee. Here y is enzyme_const and f stores active values into it: at -O1/-O2 llad reports
// the store (an active value written into memory without shadow); at -O0 it used to compile, and the
// tangent store went through a null pointer (dg = nan or a crash). Both levels now report it.
// RUN: %clang -O1 -g -S -emit-llvm %s -o %t.O1.ll
// RUN: not %llad %t.O1.ll -S -o /dev/null 2>&1 | FileCheck %s
// RUN: %clang -O0 -Xclang -disable-O0-optnone -g -S -emit-llvm %s -o %t.O0.ll
// RUN: not %llad %t.O0.ll -S -o /dev/null 2>&1 | FileCheck %s

extern int enzyme_const, enzyme_dup;
extern double __enzyme_fwddiff(void *, ...);

__attribute__((noinline)) double f(double *y, const double *x) {
  for (int i = 0; i < 2; i++)
    y[i] = x[i] * x[i];
  return y[0] + y[1];
}

double g(double *y, double *x) {
  double r = f(y, x);
  return r * r;
}

double dg(double *y, double *x, double *dx) {
  return __enzyme_fwddiff((void *)g, enzyme_const, y, enzyme_dup, x, dx);
}

// CHECK: llad: error: {{.*}}const-pointer-slot-O0.c:16:10: in function 'f', instruction `store double {{.*}}`: cannot differentiate: an active value is written into memory that has no shadow
