/* 32-bit float math through typed prototypes (no promotion through "..."). */
#include "check.h"

float __enzyme_fwddiff_f(void *, float, float);
float __enzyme_fwddiff_ff(void *, float, float, float, float);

LLAD_NOINLINE float f1(float x) { return sinf(x) * expf(0.5f * x) + sqrtf(x) * x; }
LLAD_NOINLINE float f2(float x, float y) { return x * y * y - logf(x) / y + powf(x, 1.5f); }

/* float FD needs a big, exactly representable step */
#define HF 0.00390625f

int main(void) {
  const float xs[] = {0.5f, 1.25f, 3.0f};
  for (int i = 0; i < 3; i++) {
    float x = xs[i];
    double xd = x;
    double an = cos(xd) * exp(0.5 * xd) + 0.5 * sin(xd) * exp(0.5 * xd) + 1.5 * sqrt(xd);
    double fd = ((double)f1(x + HF) - (double)f1(x - HF)) / (2.0 * HF);
    CHECK_DERIV_TOL(NAME("float32.f1'(%g)", xd), __enzyme_fwddiff_f((void *)f1, x, 1.0f), an,
                    fd, 1e-5, 1e-4);
  }
  float x = 2.0f, y = 0.75f;
  double xd = x, yd = y;
  double ax = yd * yd - 1.0 / (xd * yd) + 1.5 * sqrt(xd);
  double ay = 2.0 * xd * yd + log(xd) / (yd * yd);
  CHECK_DERIV_TOL("float32.f2.d/dx", __enzyme_fwddiff_ff((void *)f2, x, 1.0f, y, 0.0f), ax,
                  ((double)f2(x + HF, y) - (double)f2(x - HF, y)) / (2.0 * HF), 1e-5, 1e-4);
  CHECK_DERIV_TOL("float32.f2.d/dy", __enzyme_fwddiff_ff((void *)f2, x, 0.0f, y, 1.0f), ay,
                  ((double)f2(x, y + HF) - (double)f2(x, y - HF)) / (2.0 * HF), 1e-5, 1e-4);
  return llad_report();
}
