// Regression test: see invoke-request.ll. With -fexceptions, the cleanup variable turns the request
// into an `invoke`; llad emits invalid IR, reports an internal error, and at -O1/-O2 clang then
// crashes (segfault, "PLEASE submit a bug report") running later passes on the broken module.
// RUN: %clang -O0 -fexceptions -fpass-plugin=%plugin -S -emit-llvm %s -o - | FileCheck %s
// RUN: %clang -O2 -fexceptions -fpass-plugin=%plugin -S -emit-llvm %s -o - | FileCheck %s

extern double __enzyme_fwddiff(void *, ...);
extern void release(double *);

static double sq(double x) { return x * x; }

double dsq(double x) {
  __attribute__((cleanup(release))) double scratch = 0;
  return __enzyme_fwddiff((void *)sq, x, 1.0) + scratch;
}

// CHECK-LABEL: define {{.*}}double @dsq(
// CHECK:         call double @fwddiffe_sq(
// CHECK-NOT: __enzyme_fwddiff
