// C++ compiled the ordinary way (exceptions on): calls that may throw are `invoke`s, differentiated
// along their normal path, at -O0 and -O2, through the plugin and the CLI. std::vector::push_back
// of active values, then a sum: d/dv[i] sum v[i]^2 = 2 v[i]. An exception thrown inside a
// derivative stops the program (it cannot unwind through the derivative: its tape and shadows would
// be half done), never a wrong number.
// RUN: clang++ -O0 -fpass-plugin=%plugin %s -o %t0 && %t0 | FileCheck %s
// RUN: clang++ -O2 -fpass-plugin=%plugin %s -o %t2 && %t2 | FileCheck %s
// RUN: clang++ -O1 -c -emit-llvm %s -o %t.bc && %llad %t.bc -o %t.d.bc && clang++ %t.d.bc -o %t1 && %t1 | FileCheck %s
// RUN: not --crash %t2 throw 2>&1 | FileCheck %s --check-prefix=THROW
// CHECK: gradient 2 4 6
// CHECK-NEXT: checked 3
// THROW: gradient 2 4 6
// THROW: too big
#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <vector>
extern "C" void __enzyme_autodiff(void *, ...);
extern int enzyme_dup, enzyme_const;
__attribute__((noinline)) double checked(double x) {
  if (x > 100) throw std::runtime_error("too big");
  return x;
}
double f(double *v, int n) {
  std::vector<double> m;
  for (int i = 0; i < n; i++) m.push_back(checked(v[i]) * v[i]);
  double r = 0;
  for (auto a : m) r += a;
  return r;
}
int main(int argc, char **argv) {
  double v[] = {1, 2, 3}, dv[] = {0, 0, 0};
  __enzyme_autodiff((void *)f, enzyme_dup, v, dv, enzyme_const, 3);
  std::printf("gradient %g %g %g\n", dv[0], dv[1], dv[2]);
  int ok = 0;
  for (int i = 0; i < 3; i++) {
    double vp[3] = {1, 2, 3}, vm[3] = {1, 2, 3};
    vp[i] += 1e-6, vm[i] -= 1e-6;
    ok += std::fabs((f(vp, 3) - f(vm, 3)) / 2e-6 - dv[i]) < 1e-6;
  }
  std::printf("checked %d\n", ok);
  std::fflush(stdout);
  if (argc > 1) {
    double big[] = {1, 200, 3}, dbig[] = {0, 0, 0};
    __enzyme_autodiff((void *)f, enzyme_dup, big, dbig, enzyme_const, 3);
    std::printf("not reached %g\n", dbig[0]);
  }
}
