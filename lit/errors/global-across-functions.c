// A global that carries derivatives in one function (active data is stored into it there) and is
// reached from another function llad's analysis of which never saw that store: the derivatives
// would be lost (a zero gradient before). Each is an error naming the instruction, at -O0 and -O2,
// through the plugin and the CLI, in reverse and forward mode.
// RUN: not %clang -O0 -g -DCALLEE_READS -fpass-plugin=%plugin -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=CALLEE
// RUN: not %clang -O2 -g -DCALLEE_READS -fpass-plugin=%plugin -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=CALLEE
// RUN: not %clang -O2 -g -DCALLEE_READS -DFORWARD -fpass-plugin=%plugin -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=CALLEE
// RUN: not %clang -O0 -g -DCALLER_READS -fpass-plugin=%plugin -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=CALLER
// RUN: not %clang -O2 -g -DCALLER_READS -fpass-plugin=%plugin -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=CALLER
// RUN: %clang -O2 -g -DCALLER_READS -S -emit-llvm %s -o %t.ll
// RUN: not %llad %t.ll -o /dev/null 2>&1 | FileCheck %s --check-prefix=CALLER
// RUN: not %clang -O1 -g -DCALLEE_OVERWRITES -fpass-plugin=%plugin -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=OVERWRITES
// A global written and read in the same function keeps working (its shadow global follows it).
// RUN: %clang -O2 -DSAME_FUNCTION -fpass-plugin=%plugin %s -o %t.same
// RUN: %t.same | FileCheck %s --check-prefix=SAME
#include <stdio.h>
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
double *state;

#if defined(CALLEE_READS)
__attribute__((noinline)) double read_state(void) { return state[0] * state[0]; }
double f(double *x) {
  state = x;
  return read_state() + x[1];
}
// CALLEE: global-across-functions.c:[[#@LINE-2]]:{{.*}} in function 'f', instruction `{{.*}}call double @read_state()`: cannot differentiate: this call reaches global '@state' (the callee, or a function it calls, reads or writes it), which carries derivatives in this differentiation (active data is stored into it); a call without active arguments gets no derivatives, so they would be lost
// CALLEE-NEXT: hint: pass the data as an argument instead of through the global; if the callee carries no derivative (it only prints or counts), mark it inactive (enzyme_inactive); if the global carries none, mark the global inactive
#elif defined(CALLER_READS)
__attribute__((noinline)) void set_state(double *x) { state = x; }
double f(double *x) {
  set_state(x);
  return state[0] * state[0] + x[1];
}
// CALLER: global-across-functions.c:[[#@LINE-2]]:{{.*}} in function 'f', instruction `{{.*}}load ptr, ptr @state{{.*}}`: cannot differentiate: global '@state' is read or written here, and carries derivatives in this differentiation (active data is stored into it in another function); llad follows a global's derivatives only in the function that stores them into it, so they would be lost here
// CALLER-NEXT: hint: pass the data as an argument instead of through the global (or mark the global inactive if it carries no derivative)
#elif defined(CALLEE_OVERWRITES)
// (an inactive value written through the global into active memory: its adjoint must be cleared)
__attribute__((noinline)) void reset(int n) { state[1] = 5.0 * n; }
double f(double *x) {
  state = x;
  reset(2);
  return x[0] + x[1];
}
// OVERWRITES: global-across-functions.c:[[#@LINE-3]]:{{.*}} in function 'f', instruction `{{.*}}call void @reset(i32 {{.*}}2)`: cannot differentiate: this call reaches global '@state'
#elif defined(SAME_FUNCTION)
double f(double *x) {
  state = x;
  return state[0] * state[0] + x[1];
}
#endif

int main(void) {
  double x[2] = {3, 2}, dx[2] = {0, 0};
#if defined(FORWARD)
  double v[2] = {1, 0};
  printf("%g\n", __enzyme_fwddiff((void *)f, x, v));
#else
  __enzyme_autodiff((void *)f, x, dx);
#endif
  // SAME: dx = 6 1
  printf("dx = %g %g\n", dx[0], dx[1]);
  return 0;
}
