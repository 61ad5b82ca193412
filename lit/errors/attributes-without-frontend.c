// Enzyme's attributes are unknown to clang without llad's front end: clang drops them with a
// warning, and differentiating the marked function as written would silently change the
// derivative. llad reads the source file and refuses, naming the attribute, its line and the fix
// (through the pass plugin alone and through the CLI on IR made without the front end).
// RUN: not %clang -O2 -fpass-plugin=%plugin -c %s -o /dev/null 2>&1 | FileCheck %s
// RUN: %clang -O2 -c -emit-llvm %s -o %t.bc 2>/dev/null
// RUN: not %llad %t.bc -o /dev/null 2>&1 | FileCheck %s
// With the front end it compiles:
// RUN: %clang -O2 -fpass-plugin=%plugin -fplugin=%plugin -c %s -o /dev/null

// CHECK: in function 'dg', instruction `{{.*}}@__enzyme_autodiff{{.*}}`: cannot differentiate: {{.*}}attributes-without-frontend.c:18 marks a declaration `enzyme_inactive`, but clang ignored the attribute (llad's front end was not loaded), so llad would differentiate it as written
// CHECK-NEXT: hint: load llad into clang's front end too: add `-Xclang -load -Xclang <path>/libllad.so` (or `-fplugin=<path>/libllad.so`) beside `-fpass-plugin`

double __enzyme_autodiff(void *, ...);

// A comment that mentions __attribute__((enzyme_function_like("log1p"))) is not code.

__attribute__((enzyme_inactive)) static double log_value(double x) { return x * x; }

double g(double x) { return x * log_value(x); }
double dg(double x) { return __enzyme_autodiff((void *)g, x); }
