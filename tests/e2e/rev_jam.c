/* Loop nests whose inner loop is a reduction, as llad's derivatives re-run them with outer
 * iterations jammed together (ir/jam.cpp) at -O1 and up: a dense layer (the jammed case; outer
 * trip counts that leave a remainder, one too short to jam, an inner size only known at run time)
 * and an autocorrelation whose results feed later iterations' reductions (a true dependence: must
 * not be jammed). Each checks the gradient (reverse) and a tangent (forward) against analytic
 * values and finite differences, and the primal values the derivatives compute bit for bit
 * against the primal's. */
#include "check.h"

/* Bit for bit, except under -ffast-math, where each copy of a reduction may be reassociated
 * differently by the optimizer. */
#ifdef __FAST_MATH__
#define SAME(a, b) (fabs((a) - (b)) <= 1e-12 * (1 + fabs(b)))
#else
#define SAME(a, b) ((a) == (b))
#endif

double __enzyme_autodiff(void *, ...);

#define NIN 5 /* passed at run time: a constant count would unroll the inner loop */
#define MAXOUT 16

/* h = tanh(W x + b) into `h` (restrict: the derivative may jam the rows), loss = sum (j+1) h_j^2. */
LLAD_NOINLINE double layer(const double *W, const double *b, const double *x, double *restrict h, int nout, int nin) {
  for (int j = 0; j < nout; j++) {
    double s = b[j];
    for (int i = 0; i < nin; i++) s += W[j * nin + i] * x[i];
    h[j] = tanh(s);
  }
  double loss = 0.0;
  for (int j = 0; j < nout; j++) loss += (j + 1) * h[j] * h[j];
  return loss;
}

/* sum_j tanh(row_j . x)^2 summed by the outer loop itself (a value it carries, jammed through a
 * slot), plus the rows' sums stored in `rows` (restrict). */
LLAD_NOINLINE double rowsum(const double *A, const double *x, double *restrict rows, int m, int n) {
  double total = 0.0;
  for (int j = 0; j < m; j++) {
    double s = 0.0;
    for (int i = 0; i < n; i++) s += A[j * n + i] * x[i];
    rows[j] = s;
    double t = tanh(s);
    total += t * t;
  }
  return total;
}

/* y = A x with plain pointers: y may overlap A or x, so the derivative jams the rows behind a
 * run-time check that it does not, and runs the nest as written when it does. */
LLAD_NOINLINE double matvec(const double *A, const double *x, double *y, int m, int n) {
  for (int j = 0; j < m; j++) {
    double s = 0.0;
    for (int i = 0; i < n; i++) s += A[j * n + i] * x[i];
    y[j] = tanh(s);
  }
  double r = 0.0;
  for (int j = 0; j < m; j++) r += (j + 1) * y[j];
  return r;
}

/* v[n + j] = sum_i v[i] v[i + j] / 4 for j < m: row j reads what rows before it wrote. */
LLAD_NOINLINE double autocorr(double *v, int n, int m) {
  for (int j = 0; j < m; j++) {
    double s = 0.0;
    for (int i = 0; i < n; i++) s += v[i] * v[i + j];
    v[n + j] = 0.25 * s;
  }
  double r = 0.0;
  for (int j = 0; j < m; j++) r += v[n + j] * v[n + j];
  return r;
}

static double layer_at(const double *theta, int nout, int nin) {
  double h[MAXOUT];
  return layer(theta, theta + MAXOUT * NIN, theta + MAXOUT * NIN + MAXOUT, h, nout, nin);
}

/* W is nout x nin, row-major, in the first slots of its MAXOUT x NIN block. */
static void check_layer(int nout, int nin) {
  enum { P = MAXOUT * NIN + MAXOUT + NIN };
  double theta[P], grad[P] = {0}, dir[P], h[MAXOUT], dh[MAXOUT] = {0}, href[MAXOUT];
  for (int k = 0; k < P; k++) {
    theta[k] = 0.3 * sin(1.7 * k + 0.4);
    dir[k] = cos(0.9 * k);
  }
  double *th_W = theta, *th_b = theta + MAXOUT * NIN, *th_x = th_b + MAXOUT;
  double loss = layer(th_W, th_b, th_x, href, nout, nin);
  __enzyme_autodiff((void *)layer, enzyme_dup, th_W, grad, enzyme_dup, th_b, grad + MAXOUT * NIN, enzyme_dup, th_x,
                    grad + MAXOUT * NIN + MAXOUT, enzyme_dup, h, dh, nout, nin);
  for (int j = 0; j < nout; j++) CHECK_CLOSE(NAME("layer%dx%d.reverse.h[%d].exact", nout, nin, j), SAME(h[j], href[j]), 1, 0);
  /* Analytic: ds_j = 2 (j+1) h_j (1 - h_j^2); dW = ds x^T, db = ds, dx = W^T ds. */
  double ds[MAXOUT], dx[NIN] = {0};
  for (int j = 0; j < nout; j++) ds[j] = 2.0 * (j + 1) * href[j] * (1.0 - href[j] * href[j]);
  for (int j = 0; j < nout; j++)
    for (int i = 0; i < nin; i++) dx[i] += th_W[j * nin + i] * ds[j];
  for (int k = 0; k < P; k++) {
    double an;
    if (k < MAXOUT * NIN) {
      int j = k / nin, i = k % nin;
      an = j < nout ? ds[j] * th_x[i] : 0.0;
    } else if (k < MAXOUT * NIN + MAXOUT) {
      int j = k - MAXOUT * NIN;
      an = j < nout ? ds[j] : 0.0;
    } else {
      int i = k - MAXOUT * NIN - MAXOUT;
      an = i < nin ? dx[i] : 0.0;
    }
    double save = theta[k];
    theta[k] = save + FD_H;
    double fp = layer_at(theta, nout, nin);
    theta[k] = save - FD_H;
    double fm = layer_at(theta, nout, nin);
    theta[k] = save;
    CHECK_DERIV(NAME("layer%dx%d.grad[%d]", nout, nin, k), grad[k], an, (fp - fm) / (2.0 * FD_H));
  }
  /* Forward: one direction through W, b and x at once. */
  double tangent_h[MAXOUT] = {0}, h2[MAXOUT];
  double tangent = __enzyme_fwddiff((void *)layer, enzyme_dup, th_W, dir, enzyme_dup, th_b, dir + MAXOUT * NIN,
                                    enzyme_dup, th_x, dir + MAXOUT * NIN + MAXOUT, enzyme_dup, h2, tangent_h, nout, nin);
  for (int j = 0; j < nout; j++) CHECK_CLOSE(NAME("layer%dx%d.forward.h[%d].exact", nout, nin, j), SAME(h2[j], href[j]), 1, 0);
  double along = 0.0, tp[P], tm[P];
  for (int k = 0; k < P; k++) {
    along += grad[k] * dir[k];
    tp[k] = theta[k] + FD_H * dir[k];
    tm[k] = theta[k] - FD_H * dir[k];
  }
  CHECK_DERIV(NAME("layer%dx%d.tangent", nout, nin), tangent, along, (layer_at(tp, nout, nin) - layer_at(tm, nout, nin)) / (2.0 * FD_H));
  (void)loss;
}

#define AN 6
#define AM 9
static double autocorr_at(const double *v0) {
  double v[AN + AM];
  memcpy(v, v0, sizeof v);
  return autocorr(v, AN, AM);
}

static void check_autocorr(void) {
  double v0[AN + AM], v[AN + AM], ref[AN + AM], dv[AN + AM] = {0}, dir[AN + AM], tv[AN + AM];
  for (int k = 0; k < AN + AM; k++) {
    v0[k] = k < AN ? 0.4 + 0.3 * cos(2.1 * k) : 0.0;
    dir[k] = k < AN ? sin(1.3 * k + 0.2) : 0.0;
  }
  memcpy(ref, v0, sizeof ref);
  autocorr(ref, AN, AM);
  memcpy(v, v0, sizeof v);
  __enzyme_autodiff((void *)autocorr, enzyme_dup, v, dv, enzyme_const, AN, enzyme_const, AM);
  for (int k = AN; k < AN + AM; k++) CHECK_CLOSE(NAME("autocorr.reverse.v[%d].exact", k), SAME(v[k], ref[k]), 1, 0);
  double along = 0.0;
  for (int k = 0; k < AN; k++) {
    double vp[AN + AM], vm[AN + AM];
    memcpy(vp, v0, sizeof vp);
    memcpy(vm, v0, sizeof vm);
    vp[k] += FD_H;
    vm[k] -= FD_H;
    double fd = (autocorr_at(vp) - autocorr_at(vm)) / (2.0 * FD_H);
    /* The analytic reference is the finite difference itself at a tighter tolerance than the
     * tangent below: the gradient must agree with both. */
    CHECK_DERIV_TOL(NAME("autocorr.grad[%d]", k), dv[k], fd, fd, 1e-5, 1e-5);
    along += dv[k] * dir[k];
  }
  memcpy(v, v0, sizeof v);
  memset(tv, 0, sizeof tv);
  memcpy(tv, dir, sizeof tv);
  double tangent = __enzyme_fwddiff((void *)autocorr, enzyme_dup, v, tv, enzyme_const, AN, enzyme_const, AM);
  for (int k = AN; k < AN + AM; k++) CHECK_CLOSE(NAME("autocorr.forward.v[%d].exact", k), SAME(v[k], ref[k]), 1, 0);
  double vp[AN + AM], vm[AN + AM];
  for (int k = 0; k < AN + AM; k++) {
    vp[k] = v0[k] + FD_H * dir[k];
    vm[k] = v0[k] - FD_H * dir[k];
  }
  CHECK_DERIV(NAME("autocorr.tangent"), tangent, along, (autocorr_at(vp) - autocorr_at(vm)) / (2.0 * FD_H));
}

/* A size the optimizer cannot see: the inner loop keeps its `nin > 0` guard, which the derivative
 * unswitches before jamming. */
static volatile int runtime_nin = 4;

#define RM 11
#define RN 7
static double rowsum_at(const double *theta) {
  double rows[RM];
  return rowsum(theta, theta + RM * RN, rows, RM, runtime_nin + RN - 4);
}

static void check_rowsum(void) {
  enum { P = RM * RN + RN };
  double theta[P], grad[P] = {0}, dir[P], rows[RM], drows[RM] = {0}, ref[RM];
  for (int k = 0; k < P; k++) {
    theta[k] = 0.2 * cos(1.3 * k + 0.1);
    dir[k] = sin(0.7 * k + 0.3);
  }
  int n = runtime_nin + RN - 4;
  double *A = theta, *x = theta + RM * RN;
  double total = rowsum(A, x, ref, RM, n);
  __enzyme_autodiff((void *)rowsum, enzyme_dup, A, grad, enzyme_dup, x, grad + RM * RN, enzyme_dup, rows, drows, RM, n);
  for (int j = 0; j < RM; j++) CHECK_CLOSE(NAME("rowsum.reverse.rows[%d].exact", j), SAME(rows[j], ref[j]), 1, 0);
  /* d total / d s_j = 2 t_j (1 - t_j^2) with t_j = tanh(s_j) */
  double ds[RM], dx[RN] = {0};
  for (int j = 0; j < RM; j++) {
    double t = tanh(ref[j]);
    ds[j] = 2.0 * t * (1.0 - t * t);
    for (int i = 0; i < RN; i++) dx[i] += A[j * RN + i] * ds[j];
  }
  double along = 0.0;
  for (int k = 0; k < P; k++) {
    double an = k < RM * RN ? ds[k / RN] * x[k % RN] : dx[k - RM * RN];
    double save = theta[k];
    theta[k] = save + FD_H;
    double fp = rowsum_at(theta);
    theta[k] = save - FD_H;
    double fm = rowsum_at(theta);
    theta[k] = save;
    CHECK_DERIV(NAME("rowsum.grad[%d]", k), grad[k], an, (fp - fm) / (2.0 * FD_H));
    along += grad[k] * dir[k];
  }
  double rows2[RM], trows[RM] = {0}, tp[P], tm[P];
  double tangent = __enzyme_fwddiff((void *)rowsum, enzyme_dup, A, dir, enzyme_dup, x, dir + RM * RN, enzyme_dup, rows2,
                                    trows, RM, n);
  for (int j = 0; j < RM; j++) CHECK_CLOSE(NAME("rowsum.forward.rows[%d].exact", j), SAME(rows2[j], ref[j]), 1, 0);
  for (int k = 0; k < P; k++) {
    tp[k] = theta[k] + FD_H * dir[k];
    tm[k] = theta[k] - FD_H * dir[k];
  }
  CHECK_DERIV(NAME("rowsum.tangent"), tangent, along, (rowsum_at(tp) - rowsum_at(tm)) / (2.0 * FD_H));
  (void)total;
}

#define MM 9
#define MN 6
/* theta = [A (MM x MN), x (MN + MM)]; y is x + y_offset: apart from x (offset MN) or over its tail. */
static double matvec_at(const double *theta, int y_offset) {
  double v[MN + MM + MM];
  memcpy(v, theta + MM * MN, (MN + MM) * sizeof(double));
  return matvec(theta, v, v + y_offset, MM, runtime_nin + MN - 4);
}

static void check_matvec(int y_offset) {
  enum { P = MM * MN + MN + MM };
  double theta[P], grad[P] = {0}, v[MN + MM + MM], dv[MN + MM + MM] = {0}, ref[MN + MM + MM];
  for (int k = 0; k < P; k++) theta[k] = 0.25 * sin(0.9 * k + 0.5);
  int n = runtime_nin + MN - 4;
  memcpy(v, theta + MM * MN, (MN + MM) * sizeof(double));
  memcpy(ref, v, sizeof ref);
  matvec(theta, ref, ref + y_offset, MM, n);
  __enzyme_autodiff((void *)matvec, enzyme_dup, theta, grad, enzyme_dup, v, dv, enzyme_dup, v + y_offset,
                    dv + y_offset, MM, n);
  for (int k = 0; k < y_offset + MM; k++)
    CHECK_CLOSE(NAME("matvec@%d.reverse.v[%d].exact", y_offset, k), SAME(v[k], ref[k]), 1, 0);
  for (int k = 0; k < MM * MN + MN; k++) {
    double save = theta[k];
    theta[k] = save + FD_H;
    double fp = matvec_at(theta, y_offset);
    theta[k] = save - FD_H;
    double fm = matvec_at(theta, y_offset);
    theta[k] = save;
    double fd = (fp - fm) / (2.0 * FD_H);
    double got = k < MM * MN ? grad[k] : dv[k - MM * MN];
    CHECK_DERIV_TOL(NAME("matvec@%d.grad[%d]", y_offset, k), got, fd, fd, 1e-5, 1e-5);
  }
  /* Forward mode (no tape in the rows' loop, so this is the nest that is jammed behind the check). */
  double dir[P], w[MN + MM + MM], dw[MN + MM + MM] = {0}, tp[P], tm[P];
  for (int k = 0; k < P; k++) {
    dir[k] = cos(1.1 * k + 0.2);
    tp[k] = theta[k] + FD_H * dir[k];
    tm[k] = theta[k] - FD_H * dir[k];
  }
  double dA[MM * MN];
  memcpy(dA, dir, sizeof dA);
  memcpy(w, theta + MM * MN, (MN + MM) * sizeof(double));
  memcpy(dw, dir + MM * MN, (MN + MM) * sizeof(double));
  for (int k = MN + MM; k < MN + MM + MM; k++) w[k] = dw[k] = 0.0;
  memcpy(ref, w, sizeof ref);
  matvec(theta, ref, ref + y_offset, MM, n);
  double tangent = __enzyme_fwddiff((void *)matvec, enzyme_dup, theta, dA, enzyme_dup, w, dw, enzyme_dup, w + y_offset,
                                    dw + y_offset, MM, n);
  for (int k = 0; k < y_offset + MM; k++)
    CHECK_CLOSE(NAME("matvec@%d.forward.v[%d].exact", y_offset, k), SAME(w[k], ref[k]), 1, 0);
  double fd = (matvec_at(tp, y_offset) - matvec_at(tm, y_offset)) / (2.0 * FD_H);
  CHECK_DERIV_TOL(NAME("matvec@%d.tangent", y_offset), tangent, fd, fd, 1e-5, 1e-5);
}

int main(void) {
  check_layer(12, NIN); /* jammed by 4 */
  check_layer(7, NIN);  /* jammed by 2, one row left over */
  check_layer(13, NIN); /* jammed by 4, one row left over */
  check_layer(3, NIN);  /* too short: not jammed */
  check_layer(13, runtime_nin);
  check_layer(6, runtime_nin);
  check_rowsum();
  check_matvec(MN);     /* y apart from x: jammed behind the run-time check */
  check_matvec(MN - 2); /* y over x's last two entries: the nest as written */
  check_autocorr();
  return llad_report();
}
