/* Complex multiplication (clang's `*` on _Complex, which goes through the C runtime's __muldc3 /
 * __mulsc3), out of line and inline, in reverse and forward mode, double and float:
 * f(x) = re(w) + 3 im(w) with z = x + 2i, w = z (z (1 - x i)) = z^2 (1 - x i), so
 * dw/dx = 2 z (1 - x i) - i z^2. Checked against that and central finite differences; the primal's
 * product is checked against the naive formula (the linked multiplication computes the same). */
#include "check.h"
#include <complex.h>

double __enzyme_autodiff(void *, ...);
float __enzyme_autodiff_f(void *, float);

LLAD_NOINLINE double complex cmul(double complex a, double complex b) { return a * b; }
double f(double x) {
  double complex z = x + 2.0 * I;
  double complex w = cmul(z, z * (1.0 - x * I));
  return creal(w) + 3.0 * cimag(w);
}
LLAD_NOINLINE float complex cmulf(float complex a, float complex b) { return a * b; }
float g(float x) {
  float complex z = x + 2.0f * I;
  float complex w = cmulf(z, z);
  return crealf(w) - cimagf(w);
}

int main(void) {
  const double xs[] = {0.3, -1.7, 2.5};
  for (int i = 0; i < 3; i++) {
    double x = xs[i];
    double complex z = x + 2.0 * I, dw = 2.0 * z * (1.0 - x * I) - I * z * z;
    double analytic = creal(dw) + 3.0 * cimag(dw);
    CHECK_DERIV(NAME("reverse[%d]", i), __enzyme_autodiff((void *)f, x), analytic, fd1(f, x, FD_H));
    CHECK_DERIV(NAME("forward[%d]", i), __enzyme_fwddiff((void *)f, x, 1.0), analytic, fd1(f, x, FD_H));
    /* g(x) = (x^2 - 4) - 4x: g'(x) = 2x - 4 */
    CHECK_CLOSE(NAME("float.reverse[%d]", i), __enzyme_autodiff_f((void *)g, (float)x), 2.0f * (float)x - 4.0f, 1e-6);
  }
  double complex a = 1.25 - 0.5 * I, b = -3.0 + 0.75 * I, p = cmul(a, b);
  CHECK_CLOSE("primal.re", creal(p), 1.25 * -3.0 - (-0.5 * 0.75), 0);
  CHECK_CLOSE("primal.im", cimag(p), 1.25 * 0.75 + -0.5 * -3.0, 0);
  return llad_report();
}
