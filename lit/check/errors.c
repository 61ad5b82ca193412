// Check requests llad cannot run are errors at the request, before anything runs: activities no
// rule admits (with a note naming the check), activities the argument's type does not admit, and
// arguments that do not fit the function's parameters; through llad_check.h (the clang plugin) and
// through `llad check` (unknown functions and parameters, values that do not fit).
// RUN: not %clang -O1 -g -DCASE=1 -I %S/../../include -fpass-plugin=%plugin %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=NORULE
// RUN: not %clang -O1 -g -DCASE=2 -I %S/../../include -fpass-plugin=%plugin %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=FWD-ACTIVE
// RUN: not %clang -O1 -g -DCASE=3 -I %S/../../include -fpass-plugin=%plugin %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=SCALAR-FOR-ARRAY
// RUN: not %clang -O1 -g -DCASE=4 -I %S/../../include -fpass-plugin=%plugin %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=TOO-FEW
// RUN: not %clang -O1 -g -DCASE=5 -I %S/../../include -fpass-plugin=%plugin %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=FLOAT-FOR-INT
// RUN: not %clang -O1 -g -DCASE=6 -I %S/../../include -fpass-plugin=%plugin %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=ARRAY-FOR-SCALAR
// RUN: not %clang -O1 -g -DCASE=7 -I %S/../../include -fpass-plugin=%plugin %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=NOT-LITERAL
// RUN: %clang -O1 -I %S/../../include -S -emit-llvm %s -o %t.ll
// RUN: not %llad-check %t.ll -f nosuch --arg 1 2>&1 | FileCheck %s --check-prefix=CLI-UNKNOWN
// RUN: not %llad-check %t.ll -f g --arg z=1 2>&1 | FileCheck %s --check-prefix=CLI-NAME
// RUN: not %llad-check %t.ll -f s --arg 1,2 --arg 3 2>&1 | FileCheck %s --check-prefix=CLI-SHAPE
// RUN: not %llad-check %t.ll -f s --arg 1.5 --arg 2.5 2>&1 | FileCheck %s --check-prefix=CLI-INT
// RUN: not %llad-check %t.ll -f g --arg 1,2 2>&1 | FileCheck %s --check-prefix=CLI-COUNT
// RUN: not %llad-check %t.ll -f g --arg 3,1 --arg 0,0 --reverse "ret=active args=const,dup" 2>&1 | FileCheck %s --check-prefix=CLI-NORULE
// RUN: not %llad-check %t.ll -f g --arg 3,1 --arg 0,0 --forward "ret=dup args=dup" 2>&1 | FileCheck %s --check-prefix=CLI-ARITY
// RUN: %clang -O1 -DNO_RULES -I %S/../../include -S -emit-llvm %s -o %t.norules.ll
// RUN: not %llad-check %t.norules.ll --arg 1 2>&1 | FileCheck %s --check-prefix=CLI-NO-RULES

// NORULE: error: llad: {{.*}}errors.c:[[#@LINE+41]]:{{.*}} in function 'g'{{.*}}: cannot differentiate: no augmented rule of 'f' accepts the activities of this call: needed ret=active args=const,dup; available: ret=active args=dup,dup (f_aug)
// NORULE: note: the derivative is the reverse check of 'g' with ret=active args=const,dup at {{.*}}errors.c:[[#@LINE+47]]
// FWD-ACTIVE: invalid check: pattern "ret=active args=dup,dup": ret=active in forward mode: a floating-point return can be const|dupnoneed|dup
// SCALAR-FOR-ARRAY: invalid check: argument 1 of 'g': the parameter is a pointer, the check passes a scalar (use LLAD_ARRAY(p, n))
// TOO-FEW: invalid check: 'g' takes 2 argument(s), the check gives 1
// FLOAT-FOR-INT: invalid check: argument 2 of 's': the parameter is i32, the check passes a floating-point value
// ARRAY-FOR-SCALAR: invalid check: argument 1 of 's': the parameter is a double scalar, the check passes an array
// NOT-LITERAL: invalid check: the pattern is not a string literal
// CLI-UNKNOWN: llad: error: in function 'nosuch': invalid check: the module defines no function 'nosuch'
// CLI-NAME: invalid check: 'g' has no parameter 'z' (its parameters have no names in this IR: pass values by position)
// CLI-SHAPE: invalid check: parameter 'arg1' of 's': is a scalar (double), 2 values given
// CLI-INT: invalid check: parameter 'arg2' of 's': '2.5' is not a i32 value
// CLI-COUNT: invalid check: 'g' takes 2 argument(s), 1 --arg given
// CLI-NORULE: cannot differentiate: no augmented rule of 'f' accepts the activities of this call
// CLI-NORULE: note: the derivative is the reverse check of 'g' with ret=active args=const,dup
// CLI-ARITY: invalid check: pattern "ret=dup args=dup": the pattern lists 1 argument(s) but the function takes 2
// CLI-NO-RULES: llad: error: in the module: invalid check: no function of the module carries rules
// CLI-NO-RULES-NEXT: hint: name the functions to check with --function
#include "llad.h"
#include "llad_check.h"

typedef struct {
  double *tape;
  double primal;
} aug;
__attribute__((noinline)) double f(double *y, const double *x) {
  for (int i = 0; i < 2; i++)
    y[i] = x[i] * x[i];
  return y[0] + y[1];
}
#ifndef NO_RULES
static aug f_aug(const llad_config *cfg, double *y, double *dy, const double *x, const double *dx) {
  (void)cfg, (void)dy, (void)dx;
  aug r = {0, f(y, x)};
  return r;
}
static void f_rev(const llad_config *cfg, double *y, double *dy, const double *x, double *dx, double d_ret, double *tape) {
  (void)cfg, (void)y, (void)dy, (void)x, (void)dx, (void)d_ret, (void)tape;
}
LLAD_REVERSE_RULE(f, f_aug, f_rev, "ret=active args=dup,dup");
#endif
double g(double *y, double *x) { double r = f(y, x); return r * r; }
double s(double a, int n) { return a * n; }

int main(int argc, char **argv) {
  double x[2] = {3, 1}, y[2] = {0, 0}, a = 2;
  (void)x, (void)y, (void)a, (void)argc, (void)argv;
#if CASE == 1
  return llad_check_reverse(g, "ret=active args=const,dup", LLAD_ARRAY(y, 2), LLAD_ARRAY(x, 2));
#elif CASE == 2
  return llad_check_forward(g, "ret=active args=dup,dup", LLAD_ARRAY(y, 2), LLAD_ARRAY(x, 2));
#elif CASE == 3
  return llad_check_forward(g, "all", LLAD_VALUE(a), LLAD_ARRAY(x, 2));
#elif CASE == 4
  return llad_check_forward(g, "all", LLAD_ARRAY(x, 2));
#elif CASE == 5
  return llad_check_forward(s, "all", LLAD_VALUE(a), LLAD_VALUE(a));
#elif CASE == 6
  return llad_check_forward(s, "all", LLAD_ARRAY(y, 2), LLAD_VALUE(3));
#elif CASE == 7
  return llad_check_forward(s, argv[0], LLAD_VALUE(a), LLAD_VALUE(3));
#endif
  return 0;
}
