// A derivative calls, through a function pointer, a function defined in another translation unit:
// the module's own functions of that type get derivatives, this one has none. The program stops
// with a message instead of returning a derivative that skipped the call.
// RUN: %clang -O2 -DOTHER_UNIT -c %s -o %t.other.o
// RUN: %clang -O2 -fpass-plugin=%plugin %s %t.other.o -o %t -lm
// RUN: not %t 2>&1 | FileCheck %s
// CHECK: local: 6
// CHECK-NEXT: llad: a derivative called, through a function pointer, a function whose address the differentiated module never takes
#include <stdio.h>
typedef double (*unary)(double);
#ifdef OTHER_UNIT
static double other(double x) { return x * x * x; }
unary get_other(void) { return other; }
#else
unary get_other(void);
double __enzyme_autodiff(void *, ...);
static double local(double x) { return x * x; }
static unary chosen = local;
__attribute__((noinline)) double apply(double x) { return chosen(x); }
int main(void) {
  printf("local: %g\n", __enzyme_autodiff((void *)apply, 3.0));
  fflush(stdout);
  chosen = get_other();
  printf("other: %g\n", __enzyme_autodiff((void *)apply, 3.0));
  return 0;
}
#endif
