// The clang pass-plugin extension point at -O2: `clang -fpass-plugin=libllad.so` differentiates during
// the normal pipeline, the request disappears
// and the derivative is inlined and optimized in place.
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

// The derivative is inlined into df and optimized by the rest of the pipeline like any other code:
// the loop calls sin (the primal) and cos (the tangent) and no request is left.
// CHECK-LABEL: define {{.*}}double @df(double noundef {{%[0-9]+}}, i32 noundef {{%[0-9]+}})
// CHECK:         call double @sin(
// CHECK:         call double @llvm.cos.f64(
// CHECK-NOT: __enzyme_fwddiff
// CHECK-NOT: @enzyme_const
