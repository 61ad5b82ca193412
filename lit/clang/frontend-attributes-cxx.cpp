// Enzyme's attributes in C++ through llad's front end: the C++11 spelling [[enzyme::inactive]],
// a function template marked inactive (every instantiation is), enzyme_function_like on a
// template, a static member function, and an inactive static data member. Checked values at
// x = 1.5: d/dx [x * sq<double>(x)] with sq inactive = x^2 = 2.25; d/dx my_log1p<double>(x)
// as log1p = 0.4; d/dx [x * Stats::scale(x)] with scale inactive = scale(x) = 3;
// d/dx [x + twice(x)] with [[enzyme::inactive]] twice = 1.
// RUN: clang++ -O2 -fpass-plugin=%plugin -fplugin=%plugin %s -o %t && %t | FileCheck %s
// RUN: clang++ -O0 -fpass-plugin=%plugin -Xclang -load -Xclang %plugin %s -o %t0 && %t0 | FileCheck %s
// RUN: clang++ -O2 -fplugin=%plugin -c -emit-llvm %s -o %t.bc && %llad %t.bc -o %t.d.bc && clang++ -O2 %t.d.bc -o %t2 && %t2 | FileCheck %s
// CHECK: template_inactive 2.25
// CHECK-NEXT: template_function_like 0.4
// CHECK-NEXT: static_member 3
// CHECK-NEXT: cxx11_spelling 1
#include <cstdio>

extern "C" double __enzyme_autodiff(void *, ...);

template <typename T> __attribute__((enzyme_inactive)) T sq(T x) { return x * x; }
template <typename T> __attribute__((enzyme_function_like("log1p"))) T my_log1p(T x) { return 2 * x; }

struct Stats {
  __attribute__((enzyme_inactive)) static double scale(double x) { return 2 * x; }
};

[[enzyme::inactive]] static double twice(double x) { return 2 * x; }

static double a(double x) { return x * sq<double>(x); }
static double b(double x) { return my_log1p<double>(x); }
static double c(double x) { return x * Stats::scale(x); }
static double d(double x) { return x + twice(x); }

int main() {
  std::printf("template_inactive %g\n", __enzyme_autodiff((void *)a, 1.5));
  std::printf("template_function_like %g\n", __enzyme_autodiff((void *)b, 1.5));
  std::printf("static_member %g\n", __enzyme_autodiff((void *)c, 1.5));
  std::printf("cxx11_spelling %g\n", __enzyme_autodiff((void *)d, 1.5));
}
