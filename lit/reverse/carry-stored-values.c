// The reverse of an in-place heat step scatters each adjoint into its row neighbours: what one
// iteration stores the next loads, and overwrites. llad's derivative keeps them in registers along
// the row (ir/carry.cpp); the user's functions are not touched; with `u` and `next` passed in
// (may alias) nothing is carried, as the adjoints' stores could reach each other.
// RUN: %clang -O2 -fpass-plugin=%plugin -c %s -o /dev/null -Rpass=llad-carry 2>&1 | FileCheck %s
// RUN: %clang -O2 -fpass-plugin=%plugin -c %s -o /dev/null -DPASSED_IN -Rpass=llad-carry 2>&1 | FileCheck %s --check-prefix=ALIAS --allow-empty
// CHECK: remark: derivative loop keeps values in registers across iterations: {{[1-9]}} loads of what the previous iteration stored, {{[1-9]}} stores the next iteration overwrites
// ALIAS-NOT: remark
#include <stdlib.h>
#include <string.h>
double __enzyme_autodiff(void *, ...);
int enzyme_dup, enzyme_const;

#ifdef PASSED_IN
__attribute__((noinline)) double heat(double *u, double *next, double k, int rows, int cols) {
#else
__attribute__((noinline)) double heat(const double *u0, double k, int rows, int cols) {
  double *u = malloc(rows * cols * sizeof(double)), *next = malloc(rows * cols * sizeof(double));
  memcpy(u, u0, rows * cols * sizeof(double));
#endif
  for (int s = 0; s < 10; s++) {
    for (int i = 1; i < rows - 1; i++)
      for (int j = 1; j < cols - 1; j++) {
        int c = i * cols + j;
        next[c] = u[c] + k * (u[c - cols] + u[c + cols] + u[c - 1] + u[c + 1] - 4 * u[c]);
      }
    for (int i = 1; i < rows - 1; i++)
      for (int j = 1; j < cols - 1; j++) u[i * cols + j] = next[i * cols + j];
  }
  double loss = 0;
  for (int c = 0; c < rows * cols; c++) loss += u[c] * u[c];
#ifndef PASSED_IN
  free(next);
  free(u);
#endif
  return loss;
}

#ifdef PASSED_IN
double gradient(double *u, double *du, double *next, double *dnext, double k, int rows, int cols) {
  return __enzyme_autodiff((void *)heat, enzyme_dup, u, du, enzyme_dup, next, dnext, k, rows, cols);
}
#else
double gradient(const double *u0, double *du0, double k, int rows, int cols) {
  return __enzyme_autodiff((void *)heat, enzyme_dup, u0, du0, k, rows, cols);
}
#endif
