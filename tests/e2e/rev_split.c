/* Split mode: __enzyme_augmentfwd runs the primal and returns {tape, primal};
 * the caller keeps the tape, may even overwrite the inputs, and later
 * __enzyme_reverse (same arguments, then the return's adjoint, then the tape)
 * returns the adjoints and frees the tape. */
#include "check.h"

typedef struct { void *tape; double primal; } Aug;
Aug __enzyme_augmentfwd(void *, ...);
double __enzyme_reverse(void *, ...);

#define N 3
LLAD_NOINLINE double f(const double *x, double a) {
  double s = 0.0;
  for (int i = 0; i < N; i++)
    s += a * x[i] * x[i];
  return s + exp(a * x[0]);
}

static double ga;
static double f_a(double a) { double x[N] = {0.5, -1.0, 0.25}; return f(x, a); }

int main(void) {
  double x[N] = {0.5, -1.0, 0.25}, dx[N] = {0}, a = 0.7, dret = 2.0;
  double x0[N] = {0.5, -1.0, 0.25};
  Aug aug = __enzyme_augmentfwd((void *)f, x, dx, a);
  CHECK_CLOSE("split.primal", aug.primal, f(x, a), 1e-14);
  /* the caller may change the inputs between the two halves: the reverse sweep
   * must use the values seen by the augmented forward pass */
  for (int i = 0; i < N; i++)
    x[i] = 100.0 + i;
  double da = __enzyme_reverse((void *)f, x, dx, a, dret, aug.tape);
  memcpy(x, x0, sizeof x);
  double e = exp(a * x[0]), sumsq = 0.0;
  for (int i = 0; i < N; i++)
    sumsq += x[i] * x[i];
  ga = a;
  CHECK_DERIV("split.da", da, dret * (sumsq + x[0] * e), dret * fd1(f_a, a, FD_H));
  for (int i = 0; i < N; i++) {
    double an = dret * (2.0 * a * x[i] + (i == 0 ? a * e : 0.0));
    double save = x[i];
    x[i] = save + FD_H;
    double fp = f(x, a);
    x[i] = save - FD_H;
    double fm = f(x, a);
    x[i] = save;
    CHECK_DERIV(NAME("split.dx[%d]", i), dx[i], an, dret * (fp - fm) / (2.0 * FD_H));
  }

  /* two tapes alive at once, reversed in the order they were made (not LIFO) */
  double y[N] = {1.0, 2.0, 3.0}, dy[N] = {0}, dz[N] = {0};
  Aug t1 = __enzyme_augmentfwd((void *)f, y, dy, 0.1);
  Aug t2 = __enzyme_augmentfwd((void *)f, x, dz, 0.2);
  double da1 = __enzyme_reverse((void *)f, y, dy, 0.1, 1.0, t1.tape);
  double da2 = __enzyme_reverse((void *)f, x, dz, 0.2, 1.0, t2.tape);
  CHECK_CLOSE("split.two_tapes.primal1", t1.primal, f(y, 0.1), 1e-14);
  CHECK_CLOSE("split.two_tapes.primal2", t2.primal, f(x, 0.2), 1e-14);
  CHECK_DERIV("split.two_tapes.da1", da1, 14.0 + exp(0.1),
              (f(y, 0.1 + FD_H) - f(y, 0.1 - FD_H)) / (2.0 * FD_H));
  CHECK_DERIV("split.two_tapes.da2", da2, sumsq + x[0] * exp(0.2 * x[0]),
              (f(x, 0.2 + FD_H) - f(x, 0.2 - FD_H)) / (2.0 * FD_H));
  CHECK_DERIV("split.two_tapes.dy[2]", dy[2], 2.0 * 0.1 * 3.0,
              (f((double[]){1.0, 2.0, 3.0 + FD_H}, 0.1) - f((double[]){1.0, 2.0, 3.0 - FD_H}, 0.1)) / (2.0 * FD_H));
  CHECK_DERIV("split.two_tapes.dz[1]", dz[1], 2.0 * 0.2 * x[1],
              (f((double[]){0.5, -1.0 + FD_H, 0.25}, 0.2) - f((double[]){0.5, -1.0 - FD_H, 0.25}, 0.2)) / (2.0 * FD_H));
  return llad_report();
}
