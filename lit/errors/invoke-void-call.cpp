// A call that may throw (`invoke`, C++ with exceptions at -O0) whose arguments carry derivatives
// but which returns nothing: std::vector::push_back of an active value. Its derivative was skipped
// (the check looked at instructions other than block terminators), so the vector's shadow stayed
// empty and the gradient read through a null pointer. Now a clear error, in every mode; with
// -fno-exceptions the same program differentiates.
// RUN: not clang++ -O0 -fpass-plugin=%plugin -c %s -o /dev/null 2>&1 | FileCheck %s
// RUN: clang++ -O0 -fno-exceptions -fpass-plugin=%plugin %s -o %t && %t | FileCheck %s --check-prefix=GRADIENT
// CHECK: in function '_Z1fPdi', instruction `invoke void @_ZNSt6vectorIdSaIdEE9push_backEOd({{.*}}`: cannot differentiate: no derivative rule for the 'Invoke' instruction on active data
// CHECK-NEXT: hint: a call that may throw a C++ exception: compile the differentiated code with -fno-exceptions, or at -O1 and up
// GRADIENT: gradient 2 4 6
#include <cstdio>
#include <vector>
extern void __enzyme_autodiff(void *, double *, double *, int);
double f(double *v, int n) {
  std::vector<double> m;
  for (int i = 0; i < n; i++) m.push_back(v[i] * v[i]);
  double r = 0;
  for (auto a : m) r += a;
  return r;
}
int main() {
  double v[] = {1, 2, 3}, dv[] = {0, 0, 0};
  __enzyme_autodiff((void *)f, v, dv, 3);
  std::printf("gradient %g %g %g\n", dv[0], dv[1], dv[2]);
}
