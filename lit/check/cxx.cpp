// llad_check.h from C++ (LLAD_ARRAY/LLAD_VALUE are _Generic selections, which clang accepts in
// C++): the report names the function by its demangled name.
// RUN: %clang -x c++ -O2 -I %S/../../include -fpass-plugin=%plugin %s -o %t -lm -lstdc++
// RUN: %t | FileCheck %s
// CHECK:      llad check: q(double const*, double), reverse
// CHECK-NEXT: RT = Const, Tx = Const, Ta = Const | 2 2
// CHECK:      RT = Active, Tx = Duplicated, Ta = Active | 5 5
// CHECK-NEXT: total | 30 30
// CHECK:      failed 0
#include "llad_check.h"
#include <cmath>
#include <cstdio>

double q(const double *x, double a) { return a * std::sin(x[0]) * x[1]; }

int main() {
  double x[2] = {0.5, 2.0}, a = 1.5;
  int failed = llad_check_reverse(q, "all", LLAD_ARRAY(x, 2), LLAD_VALUE(a));
  std::printf("failed %d\n", failed);
  return failed != 0;
}
