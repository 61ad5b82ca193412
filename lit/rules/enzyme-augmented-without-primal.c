// An Enzyme-form augmented rule that returns nothing (Enzyme's ReverseMode/invsqrt.c: "nothing need
// to be done in augmented forward pass") for a function whose float result is used: in Enzyme's
// convention the augmented rule returns the primal only for pointer returns, so the float comes
// from the original call, kept beside the rule (llad used to refuse this). The reverse rule gives
// d/dx x^(-1/2); invmag(A) = |A|^-1 (approximately: Q_rsqrt is the fast inverse square root), so
// dA[i] = -A[i] / |A|^3 = -0.0191, -0.0382, -0.0573 for A = (1, 2, 3).
// RUN: %clang -O0 -fpass-plugin=%plugin %s -o %t0.exe -lm && %t0.exe | FileCheck %s
// RUN: %clang -O2 -fpass-plugin=%plugin %s -o %t2.exe -lm && %t2.exe | FileCheck %s
// RUN: %clang -O1 -S -emit-llvm %s -o %t.ll && %llad %t.ll -o %t.bc && %clang %t.bc -o %t1.exe -lm && %t1.exe | FileCheck %s
// CHECK: dA[0] -0.0191 expect -0.0191
// CHECK-NEXT: dA[1] -0.0382 expect -0.0382
// CHECK-NEXT: dA[2] -0.0573 expect -0.0573
#include <stdio.h>
#include <math.h>
#include <stdint.h>
#include <string.h>
__attribute__((noinline)) float Q_rsqrt(float number) {
  int32_t i; float x2, y; const float threehalfs = 1.5F;
  x2 = number * 0.5F; y = number;
  memcpy(&i, &y, 4);
  i = 0x5f3759df - (i >> 1);
  memcpy(&y, &i, 4);
  y = y * (threehalfs - (x2 * y * y));
  return y;
}
double invmag(double *__restrict__ A, int n) {
  double sumsq = 0;
  for (int i = 0; i < n; i++) sumsq += A[i] * A[i];
  return Q_rsqrt(sumsq);
}
void aug_rsqrt(float x) {}
float rev_rsqrt(float x, float grad_out) { return -grad_out * Q_rsqrt(x) / (2 * x); }
void *__enzyme_register_gradient_rsqrt[3] = {(void *)Q_rsqrt, (void *)aug_rsqrt, (void *)rev_rsqrt};
void __enzyme_autodiff(void *, ...);
int main(void) {
  double A[3] = {1, 2, 3}, dA[3] = {0};
  __enzyme_autodiff((void *)invmag, A, dA, 3);
  double m = sqrt(14.0);
  for (int i = 0; i < 3; i++) printf("dA[%d] %.4f expect %.4f\n", i, dA[i], -A[i] / (m * m * m));
  return 0;
}
