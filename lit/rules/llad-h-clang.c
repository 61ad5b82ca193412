// include/llad.h from C: LLAD_FORWARD_RULE expands to a `__llad_rule_N` global that llad lowers into
// its rule table; at the call f(y, x) in g the rule is called with a config and the shadows, both
// through the CLI (clang output at -O1) and through the clang plugin at -O2, where f is kept out of
// line (protected from inlining until llad has run) and the derivative is inlined into dg.
// With -DMISSING, a request whose activities no rule of f accepts is an error at the call's line.
// RUN: %clang -O1 -g -I %S/../../include -S -emit-llvm %s -o %t.ll
// RUN: %llad %t.ll -S -o - | FileCheck %s --check-prefix=CLI
// RUN: %clang -O2 -I %S/../../include -fpass-plugin=%plugin -S -emit-llvm %s -o - | FileCheck %s --check-prefix=PLUGIN
// RUN: not %clang -DMISSING -O1 -g -I %S/../../include -fpass-plugin=%plugin -S -emit-llvm %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=MISSING
// RUN: %clang -DMISSING -O1 -g -I %S/../../include -S -emit-llvm %s -o %t.missing.ll
// RUN: not %llad %t.missing.ll -S -o /dev/null 2>&1 | FileCheck %s --check-prefix=MISSING-CLI

#include "llad.h"

extern int enzyme_dup, enzyme_const;
extern double __enzyme_fwddiff(void *, ...);

typedef struct { double primal, shadow; } dual;

// noinline: the CLI path runs clang's -O1 before llad, which would inline f into g.
__attribute__((noinline)) double f(double *y, const double *x) {
  for (int i = 0; i < 2; i++)
    y[i] = x[i] * x[i];
  return y[0] + y[1];
}

dual f_fwd(const llad_config *cfg, double *y, double *dy, const double *x, const double *dx);
LLAD_FORWARD_RULE(f, f_fwd, "ret=dup args=dup,dup");

double g(double *y, double *x) {
  double r = f(y, x);
  return r * r;
}

double dg(double *y, double *dy, double *x, double *dx) {
  return __enzyme_fwddiff((void *)g, enzyme_dup, y, dy, enzyme_dup, x, dx);
}

#ifdef MISSING
double dg_const_y(double *y, double *x, double *dx) {
  return __enzyme_fwddiff((void *)g, enzyme_const, y, enzyme_dup, x, dx);
}
#endif

// CLI-DAG:     @[[CFG:llad.config[.0-9]*]] = private constant { i32, i32, i32, i64, i64 } { i32 1, i32 1, i32 1, i64 0, i64 0 }
// CLI-LABEL:   define internal double @fwddiffe_g(
// CLI:           call { double, double } @f_fwd(ptr @[[CFG]], ptr %0, ptr %1, ptr %2, ptr %3)
// CLI-NOT:     define {{.*}}@fwddiffe_f(

// PLUGIN:       @[[CFG:llad.config[.0-9]*]] = private {{.*}}constant { i32, i32, i32, i64, i64 } { i32 1, i32 1, i32 1, i64 0, i64 0 }
// PLUGIN-LABEL: define {{.*}}double @dg(
// PLUGIN-NOT:     __enzyme_fwddiff
// PLUGIN:         call { double, double } @f_fwd(ptr {{.*}}@[[CFG]], ptr %0, ptr %1, ptr %2, ptr %3)
// PLUGIN-NOT:   define {{.*}}@fwddiffe_f(

// MISSING:     error: llad: {{.*}}llad-h-clang.c:31:14: in function 'g', instruction `{{.*}}call double @f({{[^`]*}}`: cannot differentiate: no forward rule of 'f' accepts the activities of this call: needed ret=dup args=const,dup; available: ret=dup args=dup,dup (f_fwd)
// MISSING-CLI: llad: error: {{.*}}llad-h-clang.c:31:14: in function 'g', instruction `{{.*}}call double @f({{[^`]*}}`: cannot differentiate: no forward rule of 'f' accepts the activities of this call: needed ret=dup args=const,dup; available: ret=dup args=dup,dup (f_fwd)
