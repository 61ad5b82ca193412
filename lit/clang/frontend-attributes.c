// llad's clang front end (libllad.so loaded with -Xclang -load or -fplugin, as Enzyme's plugin is)
// turns Enzyme's source attributes into IR llad reads: an annotation on each marked definition,
// which also stays out of line until llad has run (noinline, lifted afterwards); a registration
// global for a marked declaration defined elsewhere; and one marker per unit that used any (weak,
// so optimization keeps them for llad, which deletes them).
// Front end only (no pass plugin), both spellings of the load:
// RUN: %clang -O2 -Xclang -load -Xclang %plugin -S -emit-llvm %s -o - | FileCheck %s
// RUN: %clang -O2 -fplugin=%plugin -S -emit-llvm %s -o - | FileCheck %s
// With the pass too, the noinline it added is gone after differentiation and sq is inlined again;
// the registrations and the marker, read, are gone:
// RUN: %clang -O2 -fpass-plugin=%plugin -fplugin=%plugin -S -emit-llvm %s -o - | FileCheck %s --check-prefix=PASS

// CHECK-DAG: @__enzyme_inactivefn_llad_{{[0-9_]+}}_cbrt = weak hidden {{.*}}global [1 x ptr] [ptr @cbrt]
// CHECK-DAG: @__llad_frontend_attributes = weak hidden {{.*}}global i32 1
// CHECK-DAG: c"enzyme_inactive\00"
// CHECK-DAG: c"enzyme_function_like=log1p\00"
// CHECK-DAG: c"llad_inline=default\00"
// CHECK-DAG: @llvm.global.annotations = {{.*}}ptr @my_log1p{{.*}}ptr @sq,
// CHECK: define internal {{.*}}double @sq(double {{.*}}) [[SQ:#[0-9]+]]
// CHECK: attributes [[SQ]] = { {{.*}}noinline

// PASS-NOT: _llad_
// PASS-NOT: __llad_frontend_attributes
// PASS: define internal {{.*}}double @sq({{.*}}) [[SQP:#[0-9]+]]
// PASS: define {{.*}}double @dg(double
// PASS-NOT: call {{.*}}@sq(
// PASS: ret double
// PASS-NOT: attributes [[SQP]] = {{.*}}noinline
// PASS: attributes [[SQP]] = {{.*}}"enzyme_inactive"

#include <math.h>

double __enzyme_autodiff(void *, ...);

__attribute__((enzyme_inactive)) static double sq(double x) { return x * x; }
__attribute__((enzyme_inactive)) double cbrt(double);
__attribute__((enzyme_function_like("log1p"))) double my_log1p(double x) { return 2.0 * x; }
__attribute__((enzyme_shouldrecompute)) double hint(double x) { return x; }

double g(double x) { return x * sq(x) * cbrt(x) + my_log1p(x) + hint(x); }
double dg(double x) { return __enzyme_autodiff((void *)g, x); }
