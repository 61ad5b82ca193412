// With debug info (-g), errors start with the source location file:line:column of the instruction,
// through the CLI and through the clang plugin.
// RUN: %clang -g -O1 -S -emit-llvm %s -o %t.ll
// RUN: not %llad %t.ll -S -o /dev/null 2>&1 | FileCheck %s --check-prefixes=CHECK,CLI
// RUN: not %clang -g -O1 -fpass-plugin=%plugin -S -emit-llvm %s -o /dev/null 2>&1 | FileCheck %s --check-prefixes=CHECK,PLUGIN
// RUN: not %clang -g -O0 -Xclang -disable-O0-optnone -fpass-plugin=%plugin -S -emit-llvm %s -o /dev/null 2>&1 | FileCheck %s --check-prefixes=CHECK,PLUGIN

extern double mystery(double);
extern double __enzyme_fwddiff(void *, ...);

static double f(double x) {
  double y = x * x;
  return mystery(y) + x;
}

double df(double x) {
  return __enzyme_fwddiff((void *)f, x, 1.0);
}

// CLI:        llad: error: {{.*}}debug-location.c:13:10: in function 'f', instruction `{{.*}}call double @mystery({{[^`]*}}`: cannot differentiate: call to external function 'mystery' with active arguments, and llad has no derivative for it
// PLUGIN:     error: llad: {{.*}}debug-location.c:13:10: in function 'f', instruction `{{.*}}call double @mystery({{[^`]*}}`: cannot differentiate: call to external function 'mystery' with active arguments, and llad has no derivative for it
// CHECK-NEXT: {{^}}  hint: provide its body in this module, give it a custom rule, or mark it inactive
