/* Two active floats whose adjoints come back as struct { float dx, dy; }: the x86-64 ABI
 * returns it in one SSE register, so clang declares the request as returning <2 x float>;
 * llad reinterprets its {float, float} result (Enzyme rejects this case).
 */
#include "check.h"

typedef struct { float dx, dy; } F2;
F2 __enzyme_autodiff_ff(void *, float, float);

LLAD_NOINLINE float f2(float x, float y) { return x * y * y - logf(x) / y + powf(x, 1.5f); }

#define HF 0.00390625f
#define TOL_AN 1e-5
#define TOL_FD 1e-4

int main(void) {
  float x = 2.0f, y = 0.75f;
  double xd = x, yd = y;
  F2 d = __enzyme_autodiff_ff((void *)f2, x, y);
  CHECK_DERIV_TOL("float32_pair.dx", d.dx, yd * yd - 1.0 / (xd * yd) + 1.5 * sqrt(xd),
                  ((double)f2(x + HF, y) - (double)f2(x - HF, y)) / (2.0 * HF), TOL_AN, TOL_FD);
  CHECK_DERIV_TOL("float32_pair.dy", d.dy, 2.0 * xd * yd + log(xd) / (yd * yd),
                  ((double)f2(x, y + HF) - (double)f2(x, y - HF)) / (2.0 * HF), TOL_AN, TOL_FD);
  return llad_report();
}
