/* enzyme_runtime_activity: a duplicated pointer whose shadow is the primal itself is inactive,
 * decided at run time. weighted(w, x, out) writes out[i] = w[i] * sin(x[i]) and returns
 * sum(out[i]^2); each of w, x, out may be passed with itself as shadow. The derivatives of the
 * active ones must be those of the function with the others constant, and the runtime-inactive
 * arrays must hold exactly what the primal leaves there (no adjoint written into them). */
#include "check.h"

void __enzyme_autodiff_void(void *, ...);
extern int enzyme_dup, enzyme_const, enzyme_runtime_activity;

#define N 3

LLAD_NOINLINE double weighted(const double *w, const double *x, double *out) {
  double s = 0;
  for (int i = 0; i < N; i++) {
    double t = w[i] * sin(x[i]);
    out[i] = t; /* written, not read back: fine as a constant too */
    s += t * t;
  }
  return s;
}

static const double w0[N] = {0.5, -1.25, 2.0}, x0[N] = {0.3, 1.1, -0.7};

static double along_w(int i, double v) {
  double w[N], x[N], out[N];
  for (int k = 0; k < N; k++) w[k] = w0[k], x[k] = x0[k];
  w[i] = v;
  return weighted(w, x, out);
}
static double along_x(int i, double v) {
  double w[N], x[N], out[N];
  for (int k = 0; k < N; k++) w[k] = w0[k], x[k] = x0[k];
  x[i] = v;
  return weighted(w, x, out);
}
static int fd_index;
static double fd_w(double v) { return along_w(fd_index, v); }
static double fd_x(double v) { return along_x(fd_index, v); }

int main(void) {
  /* pattern bit 0: w inactive, bit 1: x inactive, bit 2: out inactive */
  for (int pattern = 0; pattern < 8; pattern++) {
    double w[N], x[N], out[N], dw[N] = {0}, dx[N] = {0}, dout[N] = {0};
    for (int k = 0; k < N; k++) w[k] = w0[k], x[k] = x0[k], out[k] = 0;
    double *sw = pattern & 1 ? w : dw, *sx = pattern & 2 ? x : dx, *sout = pattern & 4 ? out : dout;
    __enzyme_autodiff_void((void *)weighted, enzyme_runtime_activity, enzyme_dup, w, sw, enzyme_dup, x, sx, enzyme_dup, out, sout);
    for (int i = 0; i < N; i++) {
      double o = w0[i] * sin(x0[i]);
      /* the primal ran and left its result, also where out is its own shadow */
      CHECK_CLOSE(NAME("p%d.out[%d].primal", pattern, i), out[i], o, 1e-15);
      /* w and x are read-only: runtime-inactive ones are untouched */
      if (pattern & 1) CHECK_CLOSE(NAME("p%d.w[%d].untouched", pattern, i), w[i], w0[i], 0.0);
      if (pattern & 2) CHECK_CLOSE(NAME("p%d.x[%d].untouched", pattern, i), x[i], x0[i], 0.0);
      fd_index = i;
      if (!(pattern & 1)) CHECK_DERIV(NAME("p%d.dw[%d]", pattern, i), dw[i], 2 * o * sin(x0[i]), fd1(fd_w, w0[i], FD_H));
      if (!(pattern & 2)) CHECK_DERIV(NAME("p%d.dx[%d]", pattern, i), dx[i], 2 * o * w0[i] * cos(x0[i]), fd1(fd_x, x0[i], FD_H));
      /* out's adjoint is consumed (reset to zero) when it is active */
      if (!(pattern & 4)) CHECK_CLOSE(NAME("p%d.dout[%d].consumed", pattern, i), dout[i], 0.0, 0.0);
    }
  }
  return llad_report();
}
