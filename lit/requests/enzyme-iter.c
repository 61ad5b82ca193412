// Enzyme's __enzyme_iter(n, k): an iteration count that grows by k with each order of
// differentiation (so a truncated series stays accurate in higher derivatives). Outside
// derivatives it is n; in a first derivative n + k; in a second n + 2k. Any other Enzyme function
// llad does not know is an error naming it, not a call left unresolved.
// RUN: %clang -O1 -fpass-plugin=%plugin %s -o %t && %t | FileCheck %s
// RUN: not %clang -O1 -DUNKNOWN -fpass-plugin=%plugin -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// CHECK: g 5 dg 12 ddg 14
// UNKNOWN: cannot differentiate: '__enzyme_sparse_unknown' is an Enzyme function llad does not support
#include <stdio.h>
double __enzyme_autodiff(void *, ...);
unsigned long long __enzyme_iter(unsigned long long, unsigned long long);
void *__enzyme_sparse_unknown(void *, ...);
__attribute__((noinline)) double g(double x) { return (double)__enzyme_iter(5, 1) * x * x; }
double dg(double x) { return __enzyme_autodiff((void *)g, x); }
double ddg(double x) { return __enzyme_autodiff((void *)dg, x); }
int main(void) {
#ifdef UNKNOWN
  double *p = __enzyme_sparse_unknown((void *)g, (void *)g, 0);
  printf("%p\n", (void *)p);
#endif
  printf("g %g dg %g ddg %g\n", g(1.0), dg(1.0), ddg(1.0));
}
