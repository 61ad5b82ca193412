/* A void function with outputs through pointers: seed the output shadow
 * (dout = e_i) to get row i of the Jacobian; the output shadow is consumed
 * (zero afterwards). Also enzyme_dupnoneed for an output the caller ignores. */
#include "check.h"

void __enzyme_autodiff_v(void *, ...); /* no active scalar: returns void */

/* cartesian (x, y) -> polar (r, theta) */
LLAD_NOINLINE void polar(const double *in, double *out) {
  out[0] = hypot(in[0], in[1]);
  out[1] = atan2(in[1], in[0]);
}

static double fd(const double *in, int out_i, int in_j) {
  double p[2] = {in[0], in[1]}, m[2] = {in[0], in[1]}, op[2], om[2];
  p[in_j] += FD_H, m[in_j] -= FD_H;
  polar(p, op);
  polar(m, om);
  return (op[out_i] - om[out_i]) / (2.0 * FD_H);
}

int main(void) {
  double in[2] = {0.6, -1.1}, r = hypot(0.6, -1.1);
  /* J = [[x/r, y/r], [-y/r^2, x/r^2]] */
  double J[2][2] = {{in[0] / r, in[1] / r}, {-in[1] / (r * r), in[0] / (r * r)}};
  for (int i = 0; i < 2; i++) {
    double din[2] = {0.0, 0.0}, out[2] = {0.0, 0.0}, dout[2] = {0.0, 0.0};
    dout[i] = 1.0;
    __enzyme_autodiff_v((void *)polar, in, din, out, dout);
    CHECK_CLOSE(NAME("void_out.row%d.out[0].primal", i), out[0], r, 1e-15);
    CHECK_CLOSE(NAME("void_out.row%d.dout[%d].consumed", i, i), dout[i], 0.0, 0.0);
    for (int j = 0; j < 2; j++)
      CHECK_DERIV(NAME("void_out.J[%d][%d]", i, j), din[j], J[i][j], fd(in, i, j));
  }
  /* both rows at once: seed (2, -3), dupnoneed on the output */
  double din[2] = {0.0, 0.0}, out[2], dout[2] = {2.0, -3.0};
  __enzyme_autodiff_v((void *)polar, in, din, enzyme_dupnoneed, out, dout);
  for (int j = 0; j < 2; j++)
    CHECK_DERIV(NAME("void_out.dupnoneed.din[%d]", j), din[j], 2.0 * J[0][j] - 3.0 * J[1][j],
                2.0 * fd(in, 0, j) - 3.0 * fd(in, 1, j));
  return llad_report();
}
