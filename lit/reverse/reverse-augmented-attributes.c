// Regression test: see reverse-augmented-attributes.ll. At -O1/-O2 clang infers
// memory(argmem: read) for dot(); augmented_dot inherits it, its call is deleted, and reverse_dot pops
// garbage from an empty tape: the program segfaults. At -O0 it prints the right gradient.
// RUN: %clang -O0 -fpass-plugin=%plugin %s -o %t0 && %t0 | FileCheck %s
// RUN: %clang -O1 -fpass-plugin=%plugin %s -o %t1 && %t1 | FileCheck %s
// RUN: %clang -O2 -fpass-plugin=%plugin %s -o %t2 && %t2 | FileCheck %s

#include <stdio.h>

extern void __enzyme_autodiff(void *, ...);
extern int enzyme_dup, enzyme_const;

static double dot(const double *a, const double *b) { return a[0] * b[0] + a[1] * b[1]; }

int main(void) {
  double a[2] = {1, 2}, da[2] = {0, 0}, b[2] = {3, 4};
  __enzyme_autodiff((void *)dot, enzyme_dup, a, da, enzyme_const, b);
  printf("da = %g %g\n", da[0], da[1]);
  return 0;
}

// CHECK: da = 3 4
