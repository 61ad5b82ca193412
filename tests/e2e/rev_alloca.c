/* A local array (an alloca at -O0): t_0 = x, t_i = t_{i-1} x + sin(t_{i-1}),
 * result sum_i w_i t_i; a scalar active input. */
#include "check.h"

double __enzyme_autodiff(void *, ...);

#define L 8
LLAD_NOINLINE double local(double x, int n) {
  double t[L];
  t[0] = x;
  for (int i = 1; i < n; i++)
    t[i] = t[i - 1] * x + sin(t[i - 1]);
  double s = 0.0;
  for (int i = 0; i < n; i++)
    s += (1.0 + 0.5 * i) * t[i];
  return s;
}

static int gn;
static double local_x(double x) { return local(x, gn); }

int main(void) {
  const double xs[] = {-0.6, 0.3, 0.9};
  for (int k = 0; k < 3; k++)
    for (int n = 1; n <= L; n += 3) {
      double x = xs[k], t = x, dt = 1.0, an = 1.0;
      for (int i = 1; i < n; i++) {
        dt = dt * x + t + cos(t) * dt;
        t = t * x + sin(t);
        an += (1.0 + 0.5 * i) * dt;
      }
      gn = n;
      CHECK_DERIV(NAME("alloca.d(x=%g,n=%d)", x, n), __enzyme_autodiff((void *)local, x, n), an,
                  fd1(local_x, x, FD_H));
    }
  return llad_report();
}
