/* enzyme_primal_return in combined reverse mode: the request returns
 * {primal, adjoint(s)}. */
#include "check.h"

int enzyme_primal_return; /* defined like the markers in check.h */
typedef struct { double primal, dx; } PD;
PD __enzyme_autodiff_pd(void *, ...);

LLAD_NOINLINE double f(double x) { return exp(0.3 * x) * cos(x); }
LLAD_NOINLINE double g(const double *v, double x) { return v[0] * v[1] * x + x * x; }

int main(void) {
  double x = 0.9;
  PD r = __enzyme_autodiff_pd((void *)f, enzyme_primal_return, x);
  CHECK_CLOSE("primal_return.f.primal", r.primal, f(x), 1e-15);
  CHECK_DERIV("primal_return.f.dx", r.dx, exp(0.3 * x) * (0.3 * cos(x) - sin(x)), fd1(f, x, FD_H));
  double v[2] = {1.5, -2.0}, dv[2] = {0};
  PD s = __enzyme_autodiff_pd((void *)g, enzyme_primal_return, v, dv, x);
  CHECK_CLOSE("primal_return.g.primal", s.primal, g(v, x), 1e-15);
  CHECK_DERIV("primal_return.g.dx", s.dx, v[0] * v[1] + 2.0 * x,
              (g(v, x + FD_H) - g(v, x - FD_H)) / (2.0 * FD_H));
  CHECK_DERIV("primal_return.g.dv[0]", dv[0], v[1] * x,
              (g((double[]){v[0] + FD_H, v[1]}, x) - g((double[]){v[0] - FD_H, v[1]}, x)) / (2.0 * FD_H));
  return llad_report();
}
