/* Split mode with a caller-allocated tape, as Enzyme's allocatedtape.c does it:
 * __enzyme_augmentsize tells the size, enzyme_allocated + enzyme_tape store the tape into the
 * caller's buffer, and __enzyme_reverse reads it back from there.
 * f(x, a) = a * sum_i x_i^2 (x overwritten in place with x_i^2 + 1), df/dx_i = 2 a x_i, df/da = sum x_i^2. */
#include <stdlib.h>
#include "check.h"

extern int enzyme_tape, enzyme_allocated;
int __enzyme_augmentsize(void *, ...);
double __enzyme_augmentfwd(void *, ...);
double __enzyme_reverse(void *, ...);

#define N 4
LLAD_NOINLINE double f(double *x, double a) {
  double s = 0.0;
  for (int i = 0; i < N; i++) {
    s += x[i] * x[i];
    x[i] = x[i] * x[i] + 1.0;
  }
  return a * s;
}

int main(void) {
  const double x0[N] = {0.5, -1.0, 2.0, 0.25};
  double x[N], dx[N] = {0}, a = 1.5;
  for (int i = 0; i < N; i++) x[i] = x0[i];
  int size = __enzyme_augmentsize((void *)f, enzyme_dup, enzyme_out);
  void *buffer = malloc(size);
  double primal = __enzyme_augmentfwd((void *)f, enzyme_allocated, size, enzyme_tape, buffer, enzyme_dup, x, dx, a);
  double da = __enzyme_reverse((void *)f, enzyme_allocated, size, enzyme_tape, buffer, enzyme_dup, x, dx, a, 1.0);
  free(buffer);
  double s = 0;
  for (int i = 0; i < N; i++) s += x0[i] * x0[i];
  CHECK_CLOSE("split_tape.primal", primal, a * s, 1e-12);
  for (int j = 0; j < N; j++) {
    double xp[N], xm[N];
    for (int i = 0; i < N; i++) xp[i] = xm[i] = x0[i];
    xp[j] += FD_H;
    xm[j] -= FD_H;
    CHECK_DERIV(NAME("split_tape.dx[%d]", j), dx[j], 2.0 * a * x0[j], (f(xp, a) - f(xm, a)) / (2.0 * FD_H));
  }
  double xp[N], xm[N];
  for (int i = 0; i < N; i++) xp[i] = xm[i] = x0[i];
  CHECK_DERIV("split_tape.da", da, s, (f(xp, a + FD_H) - f(xm, a - FD_H)) / (2.0 * FD_H));
  return llad_report();
}
