// The clang pass-plugin extension point at -O2: `clang -fpass-plugin=libllad.so` differentiates during
// the normal pipeline, the request disappears and the derivative is called directly.
// RUN: %clang -O2 -fpass-plugin=%plugin -S -emit-llvm %s -o - | FileCheck %s

#include <math.h>

extern int enzyme_const;
extern double __enzyme_fwddiff(void *, ...);

static double f(double x, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++)
    s += sin(x * i);
  return s * x;
}

double df(double x, int n) {
  return __enzyme_fwddiff((void *)f, x, 1.0, enzyme_const, n);
}

// CHECK:       define {{.*}}double @df(double noundef [[X:%[0-9]+]], i32 noundef [[N:%[0-9]+]])
// CHECK-NEXT:    [[R:%.*]] = tail call double @fwddiffe_f(double [[X]], double 1.000000e+00, i32 [[N]])
// CHECK-NEXT:    ret double [[R]]
// The derivative is optimized by the rest of the pipeline like any other function.
// CHECK-LABEL: define internal double @fwddiffe_f(double noundef %0, double %1, i32 noundef %2)
// CHECK:         call double @sin(
// CHECK:         call double @llvm.cos.f64(
// CHECK-NOT: __enzyme_fwddiff
// CHECK-NOT: @enzyme_const
