/* memcpy/memset of double arrays inside the differentiated function. */
#include "check.h"

LLAD_NOINLINE double mixcopy(const double *x) {
  double tmp[8], acc[4];
  memcpy(tmp, x, sizeof tmp);
  memset(acc, 0, sizeof acc);
  for (int i = 0; i < 8; i++)
    acc[i % 4] += tmp[i] * tmp[(i + 3) % 8];
  return acc[0] * acc[1] + acc[2] - acc[3] * acc[3];
}
static double dmixcopy(const double *x, const double *dx) { /* hand tangent */
  double acc[4] = {0}, dacc[4] = {0};
  for (int i = 0; i < 8; i++) {
    int j = (i + 3) % 8;
    acc[i % 4] += x[i] * x[j];
    dacc[i % 4] += dx[i] * x[j] + x[i] * dx[j];
  }
  return dacc[0] * acc[1] + acc[0] * dacc[1] + dacc[2] - 2.0 * acc[3] * dacc[3];
}

/* out[0..3] = x[0..3]^2 via memcpy, out[4..7] cleared with memset */
LLAD_NOINLINE void copyclear(double *out, const double *x) {
  memcpy(out, x, 4 * sizeof(double));
  memset(out + 4, 0, 4 * sizeof(double));
  for (int i = 0; i < 4; i++)
    out[i] *= out[i];
}

int main(void) {
  double x[8], dx[8], xp[8], xm[8], h = FD_H;
  for (int i = 0; i < 8; i++) {
    x[i] = 0.4 * i - 1.1;
    dx[i] = (i % 3) - 0.8;
    xp[i] = x[i] + h * dx[i];
    xm[i] = x[i] - h * dx[i];
  }
  CHECK_DERIV("memcpy.mixcopy", __enzyme_fwddiff((void *)mixcopy, enzyme_dup, x, dx),
              dmixcopy(x, dx), (mixcopy(xp) - mixcopy(xm)) / (2.0 * h));

  double out[8], dout[8], op[8], om[8];
  for (int i = 0; i < 8; i++)
    out[i] = dout[i] = 7.0; /* garbage that memset must clear (primal and shadow) */
  copyclear(op, xp);
  copyclear(om, xm);
  __enzyme_fwddiff_v((void *)copyclear, enzyme_dup, out, dout, enzyme_dup, x, dx);
  for (int i = 0; i < 8; i++)
    CHECK_DERIV(NAME("memcpy.copyclear.dout[%d]", i), dout[i], i < 4 ? 2.0 * x[i] * dx[i] : 0.0,
                (op[i] - om[i]) / (2.0 * h));
  CHECK_CLOSE("memcpy.copyclear.out[5].primal", out[5], 0.0, 0.0);
  return llad_report();
}
