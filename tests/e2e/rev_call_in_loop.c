/* A function called in a loop: each call's augmented primal tapes its own
 * values; the reverse sweep replays the calls backwards.
 * s = sum_i w_i softplus(a x_i + b), gradient w.r.t. x (dup), a and b (active). */
#include "check.h"

typedef struct { double da, db; } D2;
D2 __enzyme_autodiff_d2(void *, ...);

LLAD_NOINLINE double softplus(double z) { return log1p(exp(z)); }
LLAD_NOINLINE double neuron(double a, double b, double xi) { return softplus(a * xi + b); }

LLAD_NOINLINE double layer(const double *x, int n, double a, double b) {
  double s = 0.0;
  for (int i = 0; i < n; i++)
    s += (1.0 + 0.1 * i) * neuron(a, b, x[i]);
  return s;
}

#define N 8
static double x[N];
static double ga = 0.8, gb = -0.3;
static double layer_a(double a) { return layer(x, N, a, gb); }
static double layer_b(double b) { return layer(x, N, ga, b); }

int main(void) {
  double dx[N] = {0}, a = ga, b = gb;
  for (int i = 0; i < N; i++)
    x[i] = 0.5 * i - 1.7;
  D2 d = __enzyme_autodiff_d2((void *)layer, x, dx, N, a, b);
  double sa = 0.0, sb = 0.0;
  for (int i = 0; i < N; i++) {
    double w = 1.0 + 0.1 * i, sig = 1.0 / (1.0 + exp(-(a * x[i] + b)));
    sa += w * sig * x[i];
    sb += w * sig;
    double save = x[i];
    x[i] = save + FD_H;
    double fp = layer(x, N, a, b);
    x[i] = save - FD_H;
    double fm = layer(x, N, a, b);
    x[i] = save;
    CHECK_DERIV(NAME("callloop.dx[%d]", i), dx[i], w * sig * a, (fp - fm) / (2.0 * FD_H));
  }
  CHECK_DERIV("callloop.da", d.da, sa, fd1(layer_a, a, FD_H));
  CHECK_DERIV("callloop.db", d.db, sb, fd1(layer_b, b, FD_H));
  return llad_report();
}
