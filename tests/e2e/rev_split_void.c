/* Split mode of a void function: __enzyme_augmentfwd returns the bare tape
 * (void*); the output's adjoint is seeded in its shadow before
 * __enzyme_reverse, which returns the adjoint of the active scalar. */
#include "check.h"

void *__enzyme_augmentfwd(void *, ...);
double __enzyme_reverse(void *, ...);

#define N 4
/* y_i = a x_i^2 + x_{i-1} (x_{-1} = 0); the inputs are overwritten afterwards */
LLAD_NOINLINE void g(double *y, double *x, double a) {
  for (int i = 0; i < N; i++)
    y[i] = a * x[i] * x[i] + (i > 0 ? x[i - 1] : 0.0);
  for (int i = 0; i < N; i++)
    x[i] = 0.0; /* clobber: the reverse sweep needs the taped x */
}

static const double w[N] = {1.0, -0.5, 2.0, 0.25}; /* output adjoint */
static double weighted(const double *x0, double a) {
  double x[N], y[N], s = 0.0;
  memcpy(x, x0, sizeof x);
  g(y, x, a);
  for (int i = 0; i < N; i++)
    s += w[i] * y[i];
  return s;
}

int main(void) {
  const double x0[N] = {0.3, -1.2, 0.8, 1.5};
  double x[N], dx[N] = {0}, y[N] = {0}, dy[N] = {0}, a = 1.3;
  memcpy(x, x0, sizeof x);
  void *tape = __enzyme_augmentfwd((void *)g, y, dy, x, dx, a);
  CHECK_CLOSE("split_void.y[2].primal", y[2], a * 0.64 - 1.2, 1e-14);
  CHECK_CLOSE("split_void.x[0].clobbered", x[0], 0.0, 0.0);
  memcpy(dy, w, sizeof dy); /* seed the outputs */
  double da = __enzyme_reverse((void *)g, y, dy, x, dx, a, tape);
  double an_a = 0.0;
  for (int i = 0; i < N; i++)
    an_a += w[i] * x0[i] * x0[i];
  CHECK_DERIV("split_void.da", da, an_a,
              (weighted(x0, a + FD_H) - weighted(x0, a - FD_H)) / (2.0 * FD_H));
  for (int i = 0; i < N; i++) {
    double an = 2.0 * a * x0[i] * w[i] + (i + 1 < N ? w[i + 1] : 0.0);
    double p[N], m[N];
    memcpy(p, x0, sizeof p);
    memcpy(m, x0, sizeof m);
    p[i] += FD_H, m[i] -= FD_H;
    CHECK_DERIV(NAME("split_void.dx[%d]", i), dx[i], an, (weighted(p, a) - weighted(m, a)) / (2.0 * FD_H));
    CHECK_CLOSE(NAME("split_void.dy[%d].consumed", i), dy[i], 0.0, 0.0);
  }
  return llad_report();
}
