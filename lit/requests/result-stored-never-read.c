// Enzyme programs declare one `double __enzyme_autodiff(void*, ...)` for every request, also where
// the derivative returns nothing (no active scalar): a result that is stored into a variable
// nothing reads (-O0 keeps such stores) is not used, and the request compiles; one that is read
// is an error.
// RUN: %clang -O0 -Xclang -disable-O0-optnone -fpass-plugin=%plugin %s -o %t && %t | FileCheck %s
// RUN: not %clang -O0 -DREAD_IT -fpass-plugin=%plugin -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=READ
// CHECK: dx = 6 8
// READ: the request is declared to return double but the derivative returns void
#include <stdio.h>
extern int enzyme_dup;
double __enzyme_autodiff(void *, ...);
void square_into(double *y, const double *x) {
  y[0] = x[0] * x[0] + x[1] * x[1];
}
int main(void) {
  double x[2] = {3, 4}, dx[2] = {0, 0}, y[1], dy[1] = {1};
  double unused = __enzyme_autodiff((void *)square_into, enzyme_dup, y, dy, enzyme_dup, x, dx);
#ifdef READ_IT
  printf("%g\n", unused);
#endif
  printf("dx = %g %g\n", dx[0], dx[1]);
  return 0;
}
