/* void functions with scalar inputs writing through an output pointer. */
#include "check.h"

LLAD_NOINLINE void polar(double r, double t, double *out) {
  out[0] = r * cos(t);
  out[1] = r * sin(t);
  out[2] = r * r;
}

LLAD_NOINLINE void cube_out(double x, double *res) { *res = x * x * x; }

int main(void) {
  double r = 1.7, t = 0.9, h = FD_H;
  const double seeds[3][2] = {{1.0, 0.0}, {0.0, 1.0}, {0.5, -2.0}};
  for (int k = 0; k < 3; k++) {
    double dr = seeds[k][0], dt = seeds[k][1];
    double out[3] = {0}, dout[3] = {0}, op[3], om[3];
    polar(r + h * dr, t + h * dt, op);
    polar(r - h * dr, t - h * dt, om);
    __enzyme_fwddiff_v((void *)polar, r, dr, t, dt, enzyme_dup, out, dout);
    double an[3] = {dr * cos(t) - r * sin(t) * dt, dr * sin(t) + r * cos(t) * dt, 2.0 * r * dr};
    for (int i = 0; i < 3; i++)
      CHECK_DERIV(NAME("void_out.polar.seed%d.dout[%d]", k, i), dout[i], an[i],
                  (op[i] - om[i]) / (2.0 * h));
    CHECK_CLOSE(NAME("void_out.polar.seed%d.out[0].primal", k), out[0], r * cos(t), 1e-12);
  }
  double res = 0.0, dres = 0.0, rp, rm, x = -1.3;
  cube_out(x + h, &rp);
  cube_out(x - h, &rm);
  __enzyme_fwddiff_v((void *)cube_out, x, 1.0, enzyme_dup, &res, &dres);
  CHECK_DERIV("void_out.cube_out.dres", dres, 3.0 * x * x, (rp - rm) / (2.0 * h));
  CHECK_CLOSE("void_out.cube_out.res.primal", res, x * x * x, 1e-12);
  return llad_report();
}
