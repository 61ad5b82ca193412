// The clang pass-plugin at -O0 (with optnone disabled, as Enzyme users do): the derivative works on
// unpromoted allocas, so it gets shadow allocas and shadow loads/stores.
// RUN: %clang -O0 -Xclang -disable-O0-optnone -fpass-plugin=%plugin -S -emit-llvm %s -o - | FileCheck %s

extern double __enzyme_fwddiff(void *, ...);

static double square(double x) {
  return x * x;
}

double dsquare(double x) {
  return __enzyme_fwddiff((void *)square, x, 1.0);
}

// CHECK-LABEL: define {{.*}}double @dsquare(
// CHECK:         call double @fwddiffe_square(double {{%.*}}, double 1.000000e+00)
// CHECK-LABEL: define internal double @fwddiffe_square(double {{.*}}%0, double %1)
// CHECK-NEXT:    [[PRIMAL:%.*]] = alloca double
// CHECK-NEXT:    [[SHADOW:%.*]] = alloca double
// CHECK-NEXT:    call void @llvm.memset.p0.i64(ptr [[SHADOW]], i8 0, i64 8, i1 false)
// CHECK-NEXT:    store double %0, ptr [[PRIMAL]]
// CHECK-NEXT:    store double %1, ptr [[SHADOW]]
// CHECK:         load double, ptr [[SHADOW]]
// CHECK:         fmul double
// CHECK-NOT: __enzyme_fwddiff
