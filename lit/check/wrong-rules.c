// Deliberately wrong rules are caught by llad_check.h, each with a report that names the failing
// component (the seed's f in four broken variants, each checked through g(y, x) = f(y, x)^2 or
// h, which overwrites x after calling f):
//   FACTOR:   a forward rule with a wrong factor (3 x dx instead of 2 x dx);
//   NOACC:    a reverse rule that forgets to accumulate dy into dx;
//   NOSAVE:   an augmented rule that does not save x when it is overwritten: g passes, h fails;
//   CONSTSH:  a forward rule that writes into the (NULL) shadow of a Const argument: the sets
//             with Ty = Const crash, are reported as such, and the run goes on;
//   NOWRITE:  a forward rule that gets the tangents right but never writes y and returns 0 as
//             the primal: the derivative leaves y unlike the primal does.
// Through the clang plugin at -O0 and -O2, and through the CLI on -O1 IR.
// RUN: %clang -O0 -Xclang -disable-O0-optnone -I %S/../../include -fpass-plugin=%plugin %s -o %t0 -lm
// RUN: not %t0 > %t0.out
// RUN: FileCheck %s < %t0.out
// RUN: %clang -O2 -I %S/../../include -fpass-plugin=%plugin %s -o %t2 -lm
// RUN: not %t2 | FileCheck %s
// RUN: %clang -O1 -g -I %S/../../include -c -emit-llvm %s -o %t.bc
// RUN: %llad %t.bc -o %t.d.bc && %clang -O2 %t.d.bc -o %t3 -lm
// RUN: not %t3 | FileCheck %s
// The same wrong rules found by `llad check` on the IR (values by position: y, then x).
// RUN: %clang -O1 -I %S/../../include -S -emit-llvm %s -o %t.ll
// RUN: not %llad-check %t.ll -f g_factor --arg 0,0 --arg 3,1 --forward "ret=dup args=dup,dup" 2>&1 | FileCheck %s --check-prefix=CLI-FACTOR
// RUN: not %llad-check %t.ll -f h_nosave --arg 0,0 --arg 3,1 --reverse "ret=active args=dup,dup" 2>&1 | FileCheck %s --check-prefix=CLI-NOSAVE
// CLI-FACTOR:      llad check: g_factor, forward
// CLI-FACTOR-NEXT: RT = Duplicated, Targ1 = Duplicated, Targ2 = Duplicated | 4 2 6
// CLI-FACTOR-NEXT: FAIL return tangent:
// CLI-FACTOR:      llad check: 2 test(s) failed
// CLI-NOSAVE:      llad check: h_nosave, reverse
// CLI-NOSAVE-NEXT: RT = Active, Targ1 = Duplicated, Targ2 = Duplicated | 4 2 6
// CLI-NOSAVE-NEXT: FAIL adjoint of arg2[0]:
// CLI-NOSAVE:      llad check: 2 test(s) failed
// CHECK-LABEL: llad check: g_factor, forward
// CHECK-NEXT:  RT = DuplicatedNoNeed, Ty = Duplicated, Tx = Duplicated | 3 2 5
// CHECK-NEXT:    FAIL return tangent: derivative {{.*}}, finite difference {{.*}}, difference {{.*}} > tolerance
// CHECK-NEXT:    FAIL tangent of y[0]: derivative {{.*}}, finite difference {{.*}} > tolerance
// CHECK-NEXT:    FAIL tangent of y[1]:
// CHECK-NEXT:  RT = Duplicated, Ty = Duplicated, Tx = Duplicated | 4 2 6
// CHECK:       total | 7 4 11
// CHECK-LABEL: llad check: g_noacc, reverse
// CHECK-NEXT:  RT = Active, Ty = Duplicated, Tx = Duplicated | 4 2 6
// CHECK-NEXT:    FAIL adjoint of x[0]: derivative {{.*}}, finite difference {{.*}} > tolerance
// CHECK-NEXT:    FAIL adjoint of x[1]:
// CHECK-NEXT:    FAIL <J·v, w> = <v, J'·w>: derivative
// The augmented rule that keeps no copy of x passes for g, which does not overwrite x ...
// CHECK-LABEL: llad check: g_nosave, reverse
// CHECK-NEXT:  RT = Active, Ty = Duplicated, Tx = Duplicated | 6 6
// CHECK-NEXT:  total
// ... and fails for h, which does (x[1] = 1 is its own square: only x[0] is wrong).
// CHECK-LABEL: llad check: h_nosave, reverse
// CHECK-NEXT:  RT = Active, Ty = Duplicated, Tx = Duplicated | 4 2 6
// CHECK-NEXT:    FAIL adjoint of x[0]: derivative
// CHECK-NEXT:    FAIL <J·v, w> = <v, J'·w>:
// CHECK-LABEL: llad check: g_constsh, forward
// CHECK-NEXT:  RT = Duplicated, Ty = Const, Tx = Duplicated | 1 1
// CHECK-NEXT:    FAIL derivative crashed: SIGSEGV at address 0x{{[0-9a-f]+}}: probably the shadow of Const argument y, which is NULL here {{.*}}(test llad_is_const(cfg, i))
// CHECK-NEXT:  RT = Duplicated, Ty = Duplicated, Tx = Duplicated | 6 6
// CHECK-LABEL: llad check: f_nowrite, forward
// CHECK-NEXT:  RT = Duplicated, Ty = Duplicated, Tx = Duplicated | 4 2 6
// CHECK-NEXT:    FAIL primal return: derivative 0, primal 10, difference 10 > tolerance
// CHECK-NEXT:    FAIL value of y[0] after the call: derivative 0, primal 9, difference 9 > tolerance
// CHECK-NEXT:    FAIL value of y[1] after the call: derivative 0, primal 1,
// CHECK:       failed tests: 11
#include <stdio.h>
#include <stdlib.h>
#include "llad.h"
#include "llad_check.h"

typedef struct {
  double primal, shadow;
} dual;

#define PRIMAL(name)                                                                  \
  __attribute__((noinline)) double name(double *y, const double *x) {                 \
    for (int i = 0; i < 2; i++)                                                       \
      y[i] = x[i] * x[i];                                                             \
    return y[0] + y[1];                                                               \
  }

// FACTOR: the tangent of y is 3 x dx.
PRIMAL(f_factor)
static dual factor_fwd(const llad_config *cfg, double *y, double *dy, const double *x, const double *dx) {
  (void)cfg;
  for (int i = 0; i < 2; i++) {
    y[i] = x[i] * x[i];
    dy[i] = 3.0 * x[i] * dx[i];
  }
  dual r = {y[0] + y[1], dy[0] + dy[1]};
  return r;
}
LLAD_FORWARD_RULE(f_factor, factor_fwd, "ret=dup|dupnoneed args=dup,dup");
double g_factor(double *y, double *x) { double r = f_factor(y, x); return r * r; }

// NOACC: the reverse rule drops y's adjoint.
PRIMAL(f_noacc)
typedef struct {
  double *tape;
  double primal;
} aug;
static aug noacc_aug(const llad_config *cfg, double *y, double *dy, const double *x, const double *dx) {
  (void)cfg, (void)dy, (void)dx;
  aug r = {NULL, f_noacc(y, x)};
  return r;
}
static void noacc_rev(const llad_config *cfg, double *y, double *dy, const double *x, double *dx, double d_ret, double *tape) {
  (void)cfg, (void)y, (void)tape;
  for (int i = 0; i < 2; i++)
    dx[i] += 2.0 * x[i] * d_ret; // forgets dx[i] += 2 x[i] dy[i]
  dy[0] = dy[1] = 0.0;
}
LLAD_REVERSE_RULE(f_noacc, noacc_aug, noacc_rev, "ret=active args=dup,dup");
double g_noacc(double *y, double *x) { double r = f_noacc(y, x); return r * r; }

// NOSAVE: x is read in the reverse rule even when the caller overwrote it.
PRIMAL(f_nosave)
static aug nosave_aug(const llad_config *cfg, double *y, double *dy, const double *x, const double *dx) {
  (void)cfg, (void)dy, (void)dx;
  aug r = {NULL, f_nosave(y, x)};
  return r;
}
static void nosave_rev(const llad_config *cfg, double *y, double *dy, const double *x, double *dx, double d_ret, double *tape) {
  (void)cfg, (void)y, (void)tape;
  for (int i = 0; i < 2; i++)
    dx[i] += 2.0 * x[i] * (d_ret + dy[i]);
  dy[0] = dy[1] = 0.0;
}
LLAD_REVERSE_RULE(f_nosave, nosave_aug, nosave_rev, "ret=active args=dup,dup");
double g_nosave(double *y, double *x) { double r = f_nosave(y, x); return r * r; }
double h_nosave(double *y, double *x) {
  double ret = f_nosave(y, x);
  for (int i = 0; i < 2; i++)
    x[i] = x[i] * x[i];
  return ret * (y[0] + y[1]);
}

// CONSTSH: writes dy whatever y's activity.
PRIMAL(f_constsh)
static dual constsh_fwd(const llad_config *cfg, double *y, double *dy, const double *x, const double *dx) {
  (void)cfg;
  for (int i = 0; i < 2; i++) {
    y[i] = x[i] * x[i];
    dy[i] = 2.0 * x[i] * dx[i];
  }
  dual r = {y[0] + y[1], dy[0] + dy[1]};
  return r;
}
LLAD_FORWARD_RULE(f_constsh, constsh_fwd, "ret=dup|dupnoneed|const args=const|dup,dup");
double g_constsh(double *y, double *x) { double r = f_constsh(y, x); return r * r; }

// NOWRITE: y is left alone, the primal is 0.
PRIMAL(f_nowrite)
static dual nowrite_fwd(const llad_config *cfg, double *y, double *dy, const double *x, const double *dx) {
  (void)cfg, (void)y;
  for (int i = 0; i < 2; i++)
    dy[i] = 2.0 * x[i] * dx[i];
  dual r = {0.0, dy[0] + dy[1]};
  return r;
}
LLAD_FORWARD_RULE(f_nowrite, nowrite_fwd, "ret=dup args=dup,dup");

int main(void) {
  double x[2] = {3.0, 1.0}, y[2] = {0.0, 0.0};
  int failed = 0;
  failed += llad_check_forward(g_factor, "ret=dupnoneed|dup args=dup,dup", LLAD_ARRAY(y, 2), LLAD_ARRAY(x, 2));
  failed += llad_check_reverse(g_noacc, "ret=active args=dup,dup", LLAD_ARRAY(y, 2), LLAD_ARRAY(x, 2));
  failed += llad_check_reverse(g_nosave, "ret=active args=dup,dup", LLAD_ARRAY(y, 2), LLAD_ARRAY(x, 2));
  failed += llad_check_reverse(h_nosave, "ret=active args=dup,dup", LLAD_ARRAY(y, 2), LLAD_ARRAY(x, 2));
  failed += llad_check_forward(g_constsh, "ret=dup args=const|dup,dup", LLAD_ARRAY(y, 2), LLAD_ARRAY(x, 2));
  failed += llad_check_forward(f_nowrite, "ret=dup args=dup,dup", LLAD_ARRAY(y, 2), LLAD_ARRAY(x, 2));
  printf("failed tests: %d\n", failed);
  return failed != 0;
}
