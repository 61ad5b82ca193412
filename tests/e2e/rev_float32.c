/* 32-bit float math through typed prototypes (no promotion through "..."):
 * one active float, a float constant next to it, and a float array through its
 * shadow. Looser tolerances. (Two active floats, whose {float, float} adjoint
 * pair clang returns as <2 x float>: see pending/rev_float32_pair.c.) */
#include "check.h"

float __enzyme_autodiff_f(void *, float);
float __enzyme_autodiff_fcf(void *, float, int, float);
void __enzyme_autodiff_fv(void *, float *, float *, int);

LLAD_NOINLINE float f1(float x) { return sinf(x) * expf(0.5f * x) + sqrtf(x) * x; }
LLAD_NOINLINE float f2(float x, float y) { return x * y * y - logf(x) / y + powf(x, 1.5f); }
LLAD_NOINLINE float fsum(const float *v, int n) {
  float s = 0.0f;
  for (int i = 0; i < n; i++)
    s += v[i] * v[i] * (float)(i + 1) + tanhf(v[i]);
  return s;
}

/* float FD needs a big, exactly representable step */
#define HF 0.00390625f
#define TOL_AN 1e-5
#define TOL_FD 1e-4

int main(void) {
  const float xs[] = {0.5f, 1.25f, 3.0f};
  for (int i = 0; i < 3; i++) {
    float x = xs[i];
    double xd = x;
    double an = cos(xd) * exp(0.5 * xd) + 0.5 * sin(xd) * exp(0.5 * xd) + 1.5 * sqrt(xd);
    double fd = ((double)f1(x + HF) - (double)f1(x - HF)) / (2.0 * HF);
    CHECK_DERIV_TOL(NAME("float32.f1'(%g)", xd), __enzyme_autodiff_f((void *)f1, x), an, fd, TOL_AN, TOL_FD);
  }
  float x = 2.0f, y = 0.75f;
  double xd = x, yd = y;
  float dx = __enzyme_autodiff_fcf((void *)f2, x, enzyme_const, y);
  CHECK_DERIV_TOL("float32.f2.dx", dx, yd * yd - 1.0 / (xd * yd) + 1.5 * sqrt(xd),
                  ((double)f2(x + HF, y) - (double)f2(x - HF, y)) / (2.0 * HF), TOL_AN, TOL_FD);
  float v[6], dv[6] = {0};
  for (int i = 0; i < 6; i++)
    v[i] = 0.25f * (float)i - 0.5f;
  __enzyme_autodiff_fv((void *)fsum, v, dv, 6);
  for (int i = 0; i < 6; i++) {
    double vi = v[i], th = tanh(vi);
    float save = v[i];
    v[i] = save + HF;
    double fp = fsum(v, 6);
    v[i] = save - HF;
    double fm = fsum(v, 6);
    v[i] = save;
    CHECK_DERIV_TOL(NAME("float32.fsum.dv[%d]", i), dv[i], 2.0 * vi * (i + 1) + 1.0 - th * th,
                    (fp - fm) / (2.0 * HF), TOL_AN, TOL_FD);
  }
  return llad_report();
}
