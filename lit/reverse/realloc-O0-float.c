// realloc in reverse mode at -O0, where the reallocated pointers live in stack slots and type
// analysis cannot tell what the moved bytes hold: the adjoints of the moved bytes go back to the
// old shadow as a byte copy (it is still zero there), so float32 data no longer loses them (llad
// moved them as doubles and returned 1; Enzyme's smallrealloc.c). d/dinp of y[1] = y[0] + inp,
// y[0] = inp is 2; with a loop of reallocs (Enzyme's forrealloc.c pattern) it is 32.
// RUN: %clang -O0 -fpass-plugin=%plugin %s -o %t.exe && %t.exe | FileCheck %s
// RUN: %clang -O0 -Xclang -disable-O0-optnone -S -emit-llvm %s -o %t.ll && %llad %t.ll -o %t.bc && %clang %t.bc -o %t2.exe && %t2.exe | FileCheck %s
// CHECK: small 2
// CHECK-NEXT: loop 32

#include <stdio.h>
#include <stdlib.h>
float __enzyme_autodiff(void *, float);

float small(float inp) {
  float *x = (float *)malloc(1 * sizeof(float));
  x[0] = inp;
  float *y = (float *)realloc(x, 2 * sizeof(float));
  y[1] = y[0] + inp;
  float res = y[1];
  free(y);
  return res;
}

float loop(float inp) {
  float *x = (float *)malloc(sizeof(float));
  x[0] = inp;
  for (int i = 1; i < 6; i++) {
    x = (float *)realloc(x, (i + 1) * sizeof(float));
    x[i] = 2 * x[i - 1];
  }
  float res = x[5];
  free(x);
  return res;
}

int main(void) {
  printf("small %g\n", __enzyme_autodiff((void *)small, 3.0f));
  printf("loop %g\n", __enzyme_autodiff((void *)loop, 3.0f));
  return 0;
}
