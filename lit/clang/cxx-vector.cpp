// C++ with std::vector inside the differentiated function, through the clang plugin and the CLI:
// operator new/delete are allocations, vector's methods are differentiated (returned element
// pointers get shadows), and a loop that walks a pointer type analysis must not chase forever.
// At -O0 with exceptions on, vector's methods are called with `invoke`: differentiated along their
// normal path.
// RUN: clang++ -O2 -fpass-plugin=%plugin %s -o %t && %t | FileCheck %s
// RUN: clang++ -O1 -fpass-plugin=%plugin %s -o %t1 && %t1 | FileCheck %s
// RUN: clang++ -O2 -c -emit-llvm %s -o %t.bc && %llad %t.bc -o %t.d.bc && clang++ -O2 %t.d.bc -o %t2 && %t2 | FileCheck %s
// RUN: clang++ -O0 -fpass-plugin=%plugin %s -o %t0 && %t0 | FileCheck %s
// RUN: clang++ -O0 -Xclang -disable-O0-optnone -fpass-plugin=%plugin %s -o %t3 && %t3 | FileCheck %s
// RUN: clang++ -O0 -c -emit-llvm %s -o %t0.bc && %llad %t0.bc -o %t0.d.bc && clang++ %t0.d.bc -o %t4 && %t4 | FileCheck %s
#include <cmath>
#include <cstdio>
#include <vector>
extern int enzyme_dup, enzyme_const;
extern "C" double __enzyme_autodiff(void *, ...);
extern "C" double __enzyme_fwddiff(void *, ...);
double f(const double *x, int n) {
  std::vector<double> tmp(n);
  for (int i = 0; i < n; i++) tmp[i] = std::sin(x[i]) * x[i];
  double s = 0;
  for (double t : tmp) s += t * t;
  return s;
}
int main() {
  double x[3] = {0.5, 1.0, 1.5}, dx[3] = {0, 0, 0};
  __enzyme_autodiff((void *)f, enzyme_dup, x, dx, enzyme_const, 3);
  int ok = 1;
  for (int i = 0; i < 3; i++) {
    double t = std::sin(x[i]) * x[i];
    ok &= std::fabs(dx[i] - 2 * t * (std::cos(x[i]) * x[i] + std::sin(x[i]))) < 1e-12;
  }
  double d0[3] = {1, 0, 0};
  double fwd = __enzyme_fwddiff((void *)f, enzyme_dup, x, d0, enzyme_const, 3);
  ok &= std::fabs(fwd - dx[0]) < 1e-12;
  printf("%s %.6f %.6f %.6f\n", ok ? "ok" : "WRONG", dx[0], dx[1], dx[2]);
}
// CHECK: ok 0.440217 2.325444 3.302509
