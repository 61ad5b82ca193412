// Regression test: see invoke-request.ll. With -fexceptions, the cleanup variable turns the request
// into an `invoke`; llad used to emit invalid IR, after which clang crashed at -O1/-O2. Now the
// invoke becomes a call (at -O2 the derivative, 2x, is inlined).
// RUN: %clang -O0 -fexceptions -fpass-plugin=%plugin -S -emit-llvm %s -o - | FileCheck %s --check-prefixes=CHECK,O0
// RUN: %clang -O2 -fexceptions -fpass-plugin=%plugin -S -emit-llvm %s -o - | FileCheck %s --check-prefixes=CHECK,O2

extern double __enzyme_fwddiff(void *, ...);
extern void release(double *);

static double sq(double x) { return x * x; }

double dsq(double x) {
  __attribute__((cleanup(release))) double scratch = 0;
  return __enzyme_fwddiff((void *)sq, x, 1.0) + scratch;
}

// CHECK-LABEL: define {{.*}}double @dsq(
// O0:            call double @fwddiffe_sq(
// O2:            fadd reassoc double [[X:%[0-9]+]], [[X]]
// CHECK-NOT: __enzyme_fwddiff
