// The seed tutorial's "Testing our rules" in C: EnzymeTestUtils' test sets, reproduced with
// llad_check.h as the seed writes them (test_forward(g, RT, (x, Tx), (y, Ty)): x = [3, 1] is g's
// first argument, y = [0, 0] its second), and the report in the seed's shape: a line per test set
// named as the seed names it, with pass counts; then the reverse sets for g and h.
// Through the clang plugin (-O0, -O2 with callees out of line) and the CLI, and as IR through
// `llad check` (JIT).
// RUN: %clang -O0 -Xclang -disable-O0-optnone -g -I %S/../../include -fpass-plugin=%plugin %s -o %t0 -lm
// RUN: %t0 | FileCheck %s --check-prefixes=CHECK,LOC --implicit-check-not=FAIL
// RUN: %clang -O2 -fno-inline-functions -I %S/../../include -fpass-plugin=%plugin %s -o %t2 -lm
// RUN: %t2 | FileCheck %s --implicit-check-not=FAIL
// RUN: %clang -O1 -I %S/../../include -c -emit-llvm %s -o %t.bc
// RUN: %llad %t.bc -o %t.d.bc && %clang -O2 %t.d.bc -o %t3 -lm && %t3 | FileCheck %s --implicit-check-not=FAIL
// `llad check` on the IR (main is not run): the functions that carry rules by default (f, with
// the combinations its rules admit), then g and h as the seed checks them, values by position.
// RUN: %clang -O1 -I %S/../../include -S -emit-llvm %s -o %t.ll
// RUN: %llad-check %t.ll --arg 3,1 --arg 0,0 | FileCheck %s --check-prefix=CLI-F --implicit-check-not=FAIL
// RUN: %llad-check %t.ll -f g --arg 3,1 --arg 0,0 --forward "ret=const|dupnoneed|dup args=const|dup,const|dup" | FileCheck %s --check-prefix=CLI-G
// RUN: %llad-check %t.ll -f g -f h --arg 3,1 --arg 0,0 --reverse "ret=active args=dup,dup" | FileCheck %s --check-prefix=CLI-GH

// CHECK-LABEL:  llad check: g, forward
// LOC-SAME:     ({{.*}}seed-report.c:{{[0-9]+}})
// CHECK-SAME:   | Pass  Fail  Total
// CHECK-NEXT:   RT = Const, Tx = Const, Ty = Const | 3 3
// CHECK-NEXT:   RT = Const, Tx = Const, Ty = Duplicated | 4 4
// CHECK-NEXT:   RT = Const, Tx = Duplicated, Ty = Const | 4 4
// CHECK-NEXT:   RT = Const, Tx = Duplicated, Ty = Duplicated | 5 5
// CHECK-NEXT:   RT = DuplicatedNoNeed, Tx = Const, Ty = Const | 3 3
// CHECK-NEXT:   RT = DuplicatedNoNeed, Tx = Const, Ty = Duplicated | 4 4
// CHECK-NEXT:   RT = DuplicatedNoNeed, Tx = Duplicated, Ty = Const | 4 4
// CHECK-NEXT:   RT = DuplicatedNoNeed, Tx = Duplicated, Ty = Duplicated | 5 5
// CHECK-NEXT:   RT = Duplicated, Tx = Const, Ty = Const | 4 4
// CHECK-NEXT:   RT = Duplicated, Tx = Const, Ty = Duplicated | 5 5
// CHECK-NEXT:   RT = Duplicated, Tx = Duplicated, Ty = Const | 5 5
// CHECK-NEXT:   RT = Duplicated, Tx = Duplicated, Ty = Duplicated | 6 6
// CHECK-NEXT:   total | 52 52
// CHECK-LABEL:  llad check: g, reverse
// CHECK-NEXT:   RT = Active, Tx = Duplicated, Ty = Duplicated | 6 6
// CHECK-LABEL:  llad check: h, reverse
// CHECK-NEXT:   RT = Active, Tx = Duplicated, Ty = Duplicated | 6 6
// CHECK:        f rules: 0 failed

// CLI-F:        llad check: f, forward
// CLI-F-COUNT-12: RT = {{.*}} | {{[0-9]+ [0-9]+$}}
// CLI-F-NEXT:   total | 52 52
// CLI-F-NEXT:   llad check: f, reverse
// CLI-F-NEXT:   RT = Active, Targ1 = Duplicated, Targ2 = Duplicated | 6 6
// CLI-G:        llad check: g, forward
// CLI-G-NEXT:   RT = Const, Targ1 = Const, Targ2 = Const
// CLI-G:        total | 52 52
// CLI-GH:       llad check: g, reverse
// CLI-GH-NEXT:  RT = Active, Targ1 = Duplicated, Targ2 = Duplicated | 6 6
// CLI-GH:       llad check: h, reverse
// CLI-GH-NEXT:  RT = Active, Targ1 = Duplicated, Targ2 = Duplicated | 6 6
#include <stdio.h>
#include <stdlib.h>
#include "llad.h"
#include "llad_check.h"

__attribute__((noinline)) double f(double *y, const double *x) {
  for (int i = 0; i < 2; i++)
    y[i] = x[i] * x[i];
  return y[0] + y[1];
}

typedef struct {
  double primal, shadow;
} dual;

static dual f_forward(const llad_config *cfg, double *y, double *dy, const double *x, const double *dx) {
  for (int i = 0; i < 2; i++)
    y[i] = x[i] * x[i];
  if (!llad_is_const(cfg, 1) && !llad_is_const(cfg, 0)) {
    for (int i = 0; i < 2; i++)
      dy[i] = 2.0 * x[i] * dx[i];
  } else if (!llad_is_const(cfg, 0)) {
    dy[0] = dy[1] = 0.0;
  }
  double dret = !llad_is_const(cfg, 0) ? dy[0] + dy[1] : 0.0;
  dual r = {0.0, 0.0};
  if (llad_needs_primal(cfg))
    r.primal = y[0] + y[1];
  if (llad_needs_shadow(cfg))
    r.shadow = dret;
  return r;
}
LLAD_FORWARD_RULE(f, f_forward, "ret=const|dup|dupnoneed args=const|dup,const|dup");

typedef struct {
  double *tape;
  double primal;
} f_aug_result;

static f_aug_result f_augmented(const llad_config *cfg, double *y, double *dy, const double *x, const double *dx) {
  (void)dy, (void)dx;
  f_aug_result r = {NULL, f(y, x)};
  if (llad_overwritten(cfg, 1)) {
    r.tape = malloc(2 * sizeof(double));
    r.tape[0] = x[0], r.tape[1] = x[1];
  }
  return r;
}

static void f_reverse(const llad_config *cfg, double *y, double *dy, const double *x, double *dx, double d_ret, double *tape) {
  (void)y;
  const double *xval = llad_overwritten(cfg, 1) ? tape : x;
  for (int i = 0; i < 2; i++)
    dx[i] += 2.0 * xval[i] * (d_ret + dy[i]);
  dy[0] = dy[1] = 0.0;
  free(tape);
}
LLAD_REVERSE_RULE(f, f_augmented, f_reverse, "ret=active args=dup,dup");

double g(double *y, double *x) {
  double r = f(y, x);
  return r * r;
}

double h(double *y, double *x) {
  double ret = f(y, x);
  for (int i = 0; i < 2; i++)
    x[i] = x[i] * x[i];
  return ret * (y[0] + y[1]);
}

int main(void) {
  double x[2] = {3.0, 1.0}, y[2] = {0.0, 0.0};
  int failed = llad_check_forward(g, "ret=const|dupnoneed|dup args=const|dup,const|dup", LLAD_ARRAY(x, 2), LLAD_ARRAY(y, 2));
  failed += llad_check_reverse(g, "ret=active args=dup,dup", LLAD_ARRAY(x, 2), LLAD_ARRAY(y, 2));
  failed += llad_check_reverse(h, "ret=active args=dup,dup", LLAD_ARRAY(x, 2), LLAD_ARRAY(y, 2));
  printf("f rules: %d failed\n", failed);
  return failed != 0;
}
