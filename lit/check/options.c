// Check options and corner cases: `verbose` lists passing tests, `seed=` changes the random
// tangents (so the reported values), `rtol=` tightens the tolerance; a function without arguments;
// `llad check` names parameters from debug info (clang discards IR names) and, without patterns,
// checks only the modes the function has rules for; a long double return is an error.
// RUN: %clang -O1 -I %S/../../include -fpass-plugin=%plugin %s -o %t -lm
// RUN: %t | FileCheck %s --implicit-check-not=FAIL
// RUN: %clang -O1 -g -I %S/../../include -S -emit-llvm %s -o %t.ll
// RUN: %llad-check %t.ll --arg x=2 --arg n=3 --verbose | FileCheck %s --check-prefix=CLI --implicit-check-not=FAIL
// RUN: not %clang -O1 -DLONG_DOUBLE -I %S/../../include -fpass-plugin=%plugin %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=LONG
// CHECK-LABEL: llad check: cube, forward
// CHECK-NEXT:  RT = Duplicated, Tx = Duplicated, Tn = Const | 2 2
// CHECK-NEXT:    pass primal return: difference 0
// CHECK-NEXT:    pass return tangent: difference {{.*}}
// CHECK:       seed 1:
// CHECK:       pass return tangent: difference [[D1:[0-9.e+-]+]]
// CHECK:       seed 2:
// CHECK-NOT:   difference [[D1]]{{$}}
// CHECK:       pass return tangent: difference
// CHECK-LABEL: llad check: constant, forward
// CHECK-NEXT:  RT = Const | 1 1
// CHECK-NEXT:  RT = DuplicatedNoNeed | 1 1
// CHECK-NEXT:  RT = Duplicated | 2 2
// CHECK-LABEL: llad check: constant, reverse
// CHECK-NEXT:  RT = Const | 1 1
// CHECK-NEXT:  RT = Active | 1 1
// CHECK:       failed 0
// Only forward: cube has a forward rule and no reverse rule.
// CLI:         llad check: cube, forward
// CLI-NEXT:    RT = Const, Tx = Const, Tn = Const
// CLI:         pass return tangent
// CLI-NOT:     reverse
// LONG: invalid check: 'ld' returns x86_fp80, which llad check cannot compare
#include <stdio.h>
#include "llad.h"
#include "llad_check.h"

__attribute__((noinline)) double cube(double x, int n) {
  double r = 1.0;
  for (int i = 0; i < n; i++)
    r *= x;
  return r;
}
typedef struct {
  double primal, shadow;
} dual;
static dual cube_fwd(const llad_config *cfg, double x, double dx, int n) {
  (void)cfg;
  dual r = {cube(x, n), n * cube(x, n - 1) * dx};
  return r;
}
LLAD_FORWARD_RULE(cube, cube_fwd, "ret=const|dup|dupnoneed args=const|dup,const");

double constant(void) { return 42.0; }
long double ld(double x) { return x; }

int main(void) {
  double x = 2.0;
  int n = 3;
  int failed = llad_check_forward(cube, "ret=dup args=dup,const verbose rtol=1e-10", LLAD_VALUE(x), LLAD_VALUE(n));
  // the same set with other seeds: the tangent, so the difference printed, changes
  printf("seed 1: ");
  fflush(stdout);
  failed += llad_check_forward(cube, "ret=dup args=dup,const seed=1 verbose", LLAD_VALUE(x), LLAD_VALUE(n));
  printf("seed 2: ");
  fflush(stdout);
  failed += llad_check_forward(cube, "ret=dup args=dup,const seed=2 verbose", LLAD_VALUE(x), LLAD_VALUE(n));
  failed += llad_check_forward(constant, "all");
  failed += llad_check_reverse(constant, "all");
#ifdef LONG_DOUBLE
  failed += llad_check_forward(ld, "all", LLAD_VALUE(x));
#endif
  printf("failed %d\n", failed);
  return failed != 0;
}
