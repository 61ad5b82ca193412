/* Reverse mode through CBLAS calls, which llad differentiates by rule (BLAS calls on the shadow
 * arrays) rather than through their code: ddot, dnrm2, daxpy, dscal, dcopy, dgemv (A, x, y, alpha
 * and beta active) and dgemm (A, B, C active, alpha and beta constant), both layouts, every
 * transposition, strided vectors (increment 2), padded leading dimensions, non-square matrices.
 *
 * The adjoints read input arrays after the forward pass (A and x for gemv, B for dA and A for dB
 * in gemm, ...). Each user function comes twice: with `double *restrict` parameters (the reverse
 * may read the inputs in place) and without (the output may alias them, so llad copies them
 * first); and some functions overwrite an input after the BLAS call (x[0] = ..., dscal on A, on
 * B, in the same function or in the caller of the one calling dgemv), so only the cached copy
 * gives the right gradient.
 *
 * Every element of every shadow buffer (padding and the gaps of strided vectors included) and
 * every active scalar is checked against an analytic gradient and a central difference of the
 * loss (one entry perturbed at a time); the arrays the differentiated call leaves behind must
 * equal those of a plain call (".primal"). Shadows passed with enzyme_dup start at zero.
 *
 * naive_blas.h defines the routines as plain loops; the gemv adjoint also calls cblas_dger,
 * defined here unless the header has it (NAIVE_BLAS_HAVE_DGER).
 */
#include "check.h"
#include "naive_blas.h"

#ifndef NAIVE_BLAS_HAVE_DGER
/* A := alpha x y^T + A, A m x n. */
NAIVE_BLAS void cblas_dger(int layout, int m, int n, double alpha, const double *x, int incx, const double *y, int incy,
                           double *a, int lda) {
  const char *fn = "cblas_dger";
  int rm = nb_row_major(fn, layout);
  nb_dims(fn, m, n);
  nb_ld(fn, lda, rm ? n : m);
  if (m == 0 || n == 0) return;
  nb_inc(fn, incx);
  nb_inc(fn, incy);
  for (int i = 0; i < m; i++)
    for (int j = 0; j < n; j++)
      a[nb_idx(rm, lda, i, j)] += alpha * x[(long)i * incx] * y[(long)j * incy];
}
#endif

typedef struct { double first, second; } D2;
double __enzyme_autodiff(void *, ...);    /* one active scalar: its adjoint */
D2 __enzyme_autodiff_d2(void *, ...);     /* two active scalars: both, in argument order */
void __enzyme_autodiff_v(void *, ...);    /* no active scalar */

#define BUF 64
#define REQUEST static __attribute__((noinline))

/* Loss weights: entry k of a buffer counts wt(k) v_k^2. */
static inline double wt(int k) { return 1.0 + 0.125 * k; }

static inline double wsumsq(const double *v, int len) {
  double s = 0.0;
  for (int k = 0; k < len; k++)
    s += wt(k) * v[k] * v[k];
  return s;
}

/* ---- What is differentiated. ---- */

/* Level 1. */
LLAD_NOINLINE double l1_dot_r(int n, double *restrict x, int incx, double *restrict y, int incy) {
  return cblas_ddot(n, x, incx, y, incy);
}
LLAD_NOINLINE double l1_dot(int n, double *x, int incx, double *y, int incy) { return cblas_ddot(n, x, incx, y, incy); }
LLAD_NOINLINE double l1_sumsq(int n, double *x, int incx) { return cblas_ddot(n, x, incx, x, incx); }
LLAD_NOINLINE double l1_nrm2(int n, double *x, int incx) { return cblas_dnrm2(n, x, incx); }

/* x[0] changes after dnrm2 read it: the adjoint needs the old x. */
LLAD_NOINLINE double l1_nrm2_ow(int n, double *x, int incx) {
  double r = cblas_dnrm2(n, x, incx);
  x[0] = 2.0 * x[0] + 1.0;
  return r + 0.5 * x[0];
}

LLAD_NOINLINE double l1_axpy_r(int n, double alpha, double *restrict x, int incx, double *restrict y, int incy, int xlen,
                               int ylen) {
  (void)xlen;
  cblas_daxpy(n, alpha, x, incx, y, incy);
  return wsumsq(y, ylen);
}
LLAD_NOINLINE double l1_axpy(int n, double alpha, double *x, int incx, double *y, int incy, int xlen, int ylen) {
  (void)xlen;
  cblas_daxpy(n, alpha, x, incx, y, incy);
  return wsumsq(y, ylen);
}
/* x scaled after daxpy read it (the adjoint of alpha is x . dy with the old x). */
LLAD_NOINLINE double l1_axpy_ow(int n, double alpha, double *restrict x, int incx, double *restrict y, int incy, int xlen,
                                int ylen) {
  cblas_daxpy(n, alpha, x, incx, y, incy);
  cblas_dscal(n, 3.0, x, incx);
  return wsumsq(y, ylen) + wsumsq(x, xlen);
}

LLAD_NOINLINE double l1_scal(int n, double alpha, double *x, int incx, int xlen) {
  cblas_dscal(n, alpha, x, incx);
  return wsumsq(x, xlen);
}

LLAD_NOINLINE double l1_copy_r(int n, double *restrict x, int incx, double *restrict y, int incy, int xlen, int ylen) {
  cblas_dcopy(n, x, incx, y, incy);
  return wsumsq(y, ylen) + 0.5 * wsumsq(x, xlen);
}
LLAD_NOINLINE double l1_copy(int n, double *x, int incx, double *y, int incy, int xlen, int ylen) {
  cblas_dcopy(n, x, incx, y, incy);
  return wsumsq(y, ylen) + 0.5 * wsumsq(x, xlen);
}

/* t = alpha x + 0.7 y in a local vector (n <= 8), then |t| + t . x. */
LLAD_NOINLINE double l1_pipe(int n, double alpha, double *x, int incx, double *y) {
  double t[8];
  cblas_dcopy(n, x, incx, t, 1);
  cblas_dscal(n, alpha, t, 1);
  cblas_daxpy(n, 0.7, y, 1, t, 1);
  return cblas_dnrm2(n, t, 1) + cblas_ddot(n, t, 1, x, incx);
}

/* Level 2: y := alpha op(A) x + beta y, loss sum_k wt(k) y_k^2 over the whole y buffer. */
LLAD_NOINLINE double gemv_loss_r(int layout, int trans, int m, int n, double alpha, double *restrict a, int lda,
                                 double *restrict x, int incx, double beta, double *restrict y, int incy, int alen,
                                 int xlen, int ylen) {
  (void)alen, (void)xlen;
  cblas_dgemv(layout, trans, m, n, alpha, a, lda, x, incx, beta, y, incy);
  return wsumsq(y, ylen);
}
LLAD_NOINLINE double gemv_loss(int layout, int trans, int m, int n, double alpha, double *a, int lda, double *x, int incx,
                               double beta, double *y, int incy, int alen, int xlen, int ylen) {
  (void)alen, (void)xlen;
  cblas_dgemv(layout, trans, m, n, alpha, a, lda, x, incx, beta, y, incy);
  return wsumsq(y, ylen);
}
/* x[0] overwritten after the call: dA (and the adjoint of alpha) need the old x. */
LLAD_NOINLINE double gemv_ow_x(int layout, int trans, int m, int n, double alpha, double *restrict a, int lda,
                               double *restrict x, int incx, double beta, double *restrict y, int incy, int alen, int xlen,
                               int ylen) {
  (void)alen, (void)xlen;
  cblas_dgemv(layout, trans, m, n, alpha, a, lda, x, incx, beta, y, incy);
  x[0] = 0.25;
  return wsumsq(y, ylen);
}
/* A scaled (dscal over its whole buffer) after the call: dx (and alpha's adjoint) need the old A. */
LLAD_NOINLINE double gemv_ow_a(int layout, int trans, int m, int n, double alpha, double *restrict a, int lda,
                               double *restrict x, int incx, double beta, double *restrict y, int incy, int alen, int xlen,
                               int ylen) {
  (void)xlen;
  cblas_dgemv(layout, trans, m, n, alpha, a, lda, x, incx, beta, y, incy);
  cblas_dscal(alen, 2.0, a, 1);
  return wsumsq(y, ylen) + 0.1 * cblas_ddot(alen, a, 1, a, 1);
}
/* The caller of the function calling dgemv overwrites x and A afterwards. */
LLAD_NOINLINE void gemv_inner(int layout, int trans, int m, int n, double alpha, double *restrict a, int lda,
                              double *restrict x, int incx, double beta, double *restrict y, int incy) {
  cblas_dgemv(layout, trans, m, n, alpha, a, lda, x, incx, beta, y, incy);
}
LLAD_NOINLINE double gemv_ow_outer(int layout, int trans, int m, int n, double alpha, double *restrict a, int lda,
                                   double *restrict x, int incx, double beta, double *restrict y, int incy, int alen,
                                   int xlen, int ylen) {
  gemv_inner(layout, trans, m, n, alpha, a, lda, x, incx, beta, y, incy);
  x[incx] = -x[incx];
  cblas_dscal(alen, -0.5, a, 1);
  return wsumsq(y, ylen) + wsumsq(x, xlen);
}

/* Level 3: C := alpha op(A) op(B) + beta C, loss sum_k wt(k) C_k^2 over the whole C buffer. */
LLAD_NOINLINE double gemm_loss_r(int layout, int ta, int tb, int m, int n, int k, double alpha, double *restrict a, int lda,
                                 double *restrict b, int ldb, double beta, double *restrict c, int ldc, int alen, int blen,
                                 int clen) {
  (void)alen, (void)blen;
  cblas_dgemm(layout, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
  return wsumsq(c, clen);
}
LLAD_NOINLINE double gemm_loss(int layout, int ta, int tb, int m, int n, int k, double alpha, double *a, int lda, double *b,
                               int ldb, double beta, double *c, int ldc, int alen, int blen, int clen) {
  (void)alen, (void)blen;
  cblas_dgemm(layout, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
  return wsumsq(c, clen);
}
/* a[0] and all of B overwritten after the call: dB needs the old A, dA the old B. */
LLAD_NOINLINE double gemm_ow(int layout, int ta, int tb, int m, int n, int k, double alpha, double *restrict a, int lda,
                             double *restrict b, int ldb, double beta, double *restrict c, int ldc, int alen, int blen,
                             int clen) {
  (void)alen;
  cblas_dgemm(layout, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
  a[0] = 0.0;
  cblas_dscal(blen, 3.0, b, 1);
  return wsumsq(c, clen) + cblas_ddot(blen, b, 1, b, 1);
}

/* ---- Helpers. ---- */

static void fill(double *v, int len, double seed) {
  for (int k = 0; k < len; k++)
    v[k] = sin(1.7 * k + seed) + 0.25 * cos(0.3 * k * seed + 1.0);
}

static void zero(double *v) {
  for (int k = 0; k < BUF; k++)
    v[k] = 0.0;
}

typedef double (*Eval)(void *ctx);

/* Central difference of the loss in entry k of v (a base input the evaluation reads). */
static double fd_entry(double *v, int k, Eval f, void *ctx) {
  double save = v[k];
  v[k] = save + FD_H;
  double fp = f(ctx);
  v[k] = save - FD_H;
  double fm = f(ctx);
  v[k] = save;
  return (fp - fm) / (2.0 * FD_H);
}

static void check_array(const char *tag, const char *what, const double *got, const double *an, double *base, int len,
                        Eval f, void *ctx) {
  for (int k = 0; k < len; k++)
    CHECK_DERIV(NAME("%s.d%s[%d]", tag, what, k), got[k], an[k], fd_entry(base, k, f, ctx));
}

static void check_scalar(const char *tag, const char *what, double got, double an, double *base, Eval f, void *ctx) {
  CHECK_DERIV(NAME("%s.d%s", tag, what), got, an, fd_entry(base, 0, f, ctx));
}

/* What the differentiated call left in an array against what a plain call leaves. */
static void check_primal(const char *tag, const char *what, const double *got, const double *ref, int len) {
  double err = 0.0;
  for (int k = 0; k < len; k++) {
    double e = fabs(got[k] - ref[k]) / (fabs(ref[k]) > 1.0 ? fabs(ref[k]) : 1.0);
    if (!(e <= err)) err = e;
  }
  CHECK_CLOSE(NAME("%s.primal.%s", tag, what), err, 0.0, 1e-12);
}

static const char *layout_name(int layout) { return layout == CblasRowMajor ? "Row" : "Col"; }
static const char *trans_name(int t) { return t == CblasNoTrans ? "N" : "T"; }

/* ---- Level 1. ---- */

enum { L_DOT_R, L_DOT, L_SUMSQ, L_NRM2, L_NRM2_OW, L_AXPY_R, L_AXPY, L_AXPY_OW, L_SCAL, L_COPY_R, L_COPY, L_PIPE };
static const char *const l1_names[] = {"dot_r", "dot", "sumsq", "nrm2", "nrm2_ow", "axpy_r",
                                       "axpy", "axpy_ow", "scal", "copy_r", "copy", "pipe"};

typedef struct {
  int fn, n, incx, incy, xlen, ylen;
  double alpha;
  double x[BUF], y[BUF];
} Vec;

/* The function's loss at the base inputs (on copies: the functions write their arrays); the
 * arrays it leaves in *xo, *yo when given. */
static double vec_run(const Vec *v, double alpha, double *xo, double *yo) {
  double x[BUF], y[BUF];
  memcpy(x, v->x, sizeof x);
  memcpy(y, v->y, sizeof y);
  double r = 0.0;
  switch (v->fn) {
  case L_DOT_R: r = l1_dot_r(v->n, x, v->incx, y, v->incy); break;
  case L_DOT: r = l1_dot(v->n, x, v->incx, y, v->incy); break;
  case L_SUMSQ: r = l1_sumsq(v->n, x, v->incx); break;
  case L_NRM2: r = l1_nrm2(v->n, x, v->incx); break;
  case L_NRM2_OW: r = l1_nrm2_ow(v->n, x, v->incx); break;
  case L_AXPY_R: r = l1_axpy_r(v->n, alpha, x, v->incx, y, v->incy, v->xlen, v->ylen); break;
  case L_AXPY: r = l1_axpy(v->n, alpha, x, v->incx, y, v->incy, v->xlen, v->ylen); break;
  case L_AXPY_OW: r = l1_axpy_ow(v->n, alpha, x, v->incx, y, v->incy, v->xlen, v->ylen); break;
  case L_SCAL: r = l1_scal(v->n, alpha, x, v->incx, v->xlen); break;
  case L_COPY_R: r = l1_copy_r(v->n, x, v->incx, y, v->incy, v->xlen, v->ylen); break;
  case L_COPY: r = l1_copy(v->n, x, v->incx, y, v->incy, v->xlen, v->ylen); break;
  case L_PIPE: r = l1_pipe(v->n, alpha, x, v->incx, y); break;
  }
  if (xo) memcpy(xo, x, sizeof x);
  if (yo) memcpy(yo, y, sizeof y);
  return r;
}

static double vec_eval(void *p) {
  Vec *v = p;
  return vec_run(v, v->alpha, NULL, NULL);
}

REQUEST void req_dot_r(Vec *v, double *x, double *dx, double *y, double *dy) {
  __enzyme_autodiff_v((void *)l1_dot_r, v->n, enzyme_dup, x, dx, v->incx, enzyme_dup, y, dy, v->incy);
}
REQUEST void req_dot(Vec *v, double *x, double *dx, double *y, double *dy) {
  __enzyme_autodiff_v((void *)l1_dot, v->n, enzyme_dup, x, dx, v->incx, enzyme_dup, y, dy, v->incy);
}
REQUEST void req_sumsq(Vec *v, double *x, double *dx) {
  __enzyme_autodiff_v((void *)l1_sumsq, v->n, enzyme_dup, x, dx, v->incx);
}
REQUEST void req_nrm2(Vec *v, double *x, double *dx) {
  __enzyme_autodiff_v((void *)l1_nrm2, v->n, enzyme_dup, x, dx, v->incx);
}
REQUEST void req_nrm2_ow(Vec *v, double *x, double *dx) {
  __enzyme_autodiff_v((void *)l1_nrm2_ow, v->n, enzyme_dup, x, dx, v->incx);
}
REQUEST double req_axpy_r(Vec *v, double *x, double *dx, double *y, double *dy) {
  return __enzyme_autodiff((void *)l1_axpy_r, v->n, enzyme_out, v->alpha, enzyme_dup, x, dx, v->incx, enzyme_dup, y, dy,
                           v->incy, v->xlen, v->ylen);
}
REQUEST double req_axpy(Vec *v, double *x, double *dx, double *y, double *dy) {
  return __enzyme_autodiff((void *)l1_axpy, v->n, enzyme_out, v->alpha, enzyme_dup, x, dx, v->incx, enzyme_dup, y, dy,
                           v->incy, v->xlen, v->ylen);
}
REQUEST double req_axpy_ow(Vec *v, double *x, double *dx, double *y, double *dy) {
  return __enzyme_autodiff((void *)l1_axpy_ow, v->n, enzyme_out, v->alpha, enzyme_dup, x, dx, v->incx, enzyme_dup, y, dy,
                           v->incy, v->xlen, v->ylen);
}
REQUEST double req_scal(Vec *v, double *x, double *dx) {
  return __enzyme_autodiff((void *)l1_scal, v->n, enzyme_out, v->alpha, enzyme_dup, x, dx, v->incx, v->xlen);
}
REQUEST void req_copy_r(Vec *v, double *x, double *dx, double *y, double *dy) {
  __enzyme_autodiff_v((void *)l1_copy_r, v->n, enzyme_dup, x, dx, v->incx, enzyme_dup, y, dy, v->incy, v->xlen, v->ylen);
}
REQUEST void req_copy(Vec *v, double *x, double *dx, double *y, double *dy) {
  __enzyme_autodiff_v((void *)l1_copy, v->n, enzyme_dup, x, dx, v->incx, enzyme_dup, y, dy, v->incy, v->xlen, v->ylen);
}
REQUEST double req_pipe(Vec *v, double *x, double *dx, double *y, double *dy) {
  return __enzyme_autodiff((void *)l1_pipe, v->n, enzyme_out, v->alpha, enzyme_dup, x, dx, v->incx, enzyme_dup, y, dy);
}

/* Whether buffer entry p is one of the n elements of a vector with increment inc. */
static int on_stride(int p, int inc, int n) { return p % inc == 0 && p / inc < n; }

static void vec_ref(const Vec *v, double *dx, double *dy, double *dalpha) {
  int n = v->n, ix = v->incx, iy = v->incy;
  const double *x = v->x, *y = v->y;
  double alpha = v->alpha;
  zero(dx);
  zero(dy);
  *dalpha = 0.0;
  switch (v->fn) {
  case L_DOT_R:
  case L_DOT:
    for (int i = 0; i < n; i++) {
      dx[i * ix] = y[i * iy];
      dy[i * iy] = x[i * ix];
    }
    break;
  case L_SUMSQ:
    for (int i = 0; i < n; i++)
      dx[i * ix] = 2.0 * x[i * ix];
    break;
  case L_NRM2:
  case L_NRM2_OW: {
    double s = 0.0;
    for (int i = 0; i < n; i++)
      s += x[i * ix] * x[i * ix];
    double r = sqrt(s);
    for (int i = 0; i < n; i++)
      dx[i * ix] = x[i * ix] / r;
    if (v->fn == L_NRM2_OW) dx[0] += 1.0; /* 0.5 d(2 x0 + 1)/dx0 */
    break;
  }
  case L_AXPY_R:
  case L_AXPY:
  case L_AXPY_OW: {
    double ynew[BUF];
    memcpy(ynew, y, sizeof ynew);
    for (int i = 0; i < n; i++)
      ynew[i * iy] += alpha * x[i * ix];
    for (int p = 0; p < v->ylen; p++)
      dy[p] = 2.0 * wt(p) * ynew[p];
    for (int i = 0; i < n; i++) {
      dx[i * ix] += alpha * dy[i * iy];
      *dalpha += x[i * ix] * dy[i * iy];
    }
    if (v->fn == L_AXPY_OW)
      for (int p = 0; p < v->xlen; p++) {
        double s = on_stride(p, ix, n) ? 3.0 : 1.0;
        dx[p] += 2.0 * wt(p) * s * x[p] * s;
      }
    break;
  }
  case L_SCAL:
    for (int p = 0; p < v->xlen; p++) {
      if (on_stride(p, ix, n)) {
        dx[p] = 2.0 * wt(p) * alpha * alpha * x[p];
        *dalpha += 2.0 * wt(p) * alpha * x[p] * x[p];
      } else {
        dx[p] = 2.0 * wt(p) * x[p];
      }
    }
    break;
  case L_COPY_R:
  case L_COPY:
    for (int p = 0; p < v->ylen; p++)
      dy[p] = 2.0 * wt(p) * y[p];
    for (int p = 0; p < v->xlen; p++)
      dx[p] = wt(p) * x[p];
    for (int i = 0; i < n; i++) {
      dy[i * iy] = 0.0;
      dx[i * ix] += 2.0 * wt(i * iy) * x[i * ix];
    }
    break;
  case L_PIPE: {
    double t[8], s = 0.0;
    for (int i = 0; i < n; i++) {
      t[i] = alpha * x[i * ix] + 0.7 * y[i];
      s += t[i] * t[i];
    }
    double r = sqrt(s);
    for (int i = 0; i < n; i++) {
      double u = t[i] / r + x[i * ix];
      dx[i * ix] = alpha * u + t[i];
      dy[i] = 0.7 * u;
      *dalpha += x[i * ix] * u;
    }
    break;
  }
  }
}

static void run_vec(int fn, int n, int incx, int incy, double alpha) {
  Vec v;
  v.fn = fn, v.n = n, v.incx = incx, v.incy = incy, v.alpha = alpha;
  v.xlen = (n - 1) * incx + 1 + (incx > 1); /* a trailing gap too when strided */
  v.ylen = fn == L_PIPE ? n : (n - 1) * incy + 1 + (incy > 1);
  zero(v.x);
  zero(v.y);
  fill(v.x, v.xlen, 0.3 + fn);
  fill(v.y, v.ylen, 1.1 + 0.5 * fn);
  char tag[64];
  snprintf(tag, sizeof tag, "%s.n%d.incx%d.incy%d", l1_names[fn], n, incx, incy);

  double x[BUF], y[BUF], dx[BUF], dy[BUF], dalpha = 0.0;
  memcpy(x, v.x, sizeof x);
  memcpy(y, v.y, sizeof y);
  zero(dx);
  zero(dy);
  int has_y = 1, has_alpha = 0;
  switch (fn) {
  case L_DOT_R: req_dot_r(&v, x, dx, y, dy); break;
  case L_DOT: req_dot(&v, x, dx, y, dy); break;
  case L_SUMSQ: req_sumsq(&v, x, dx), has_y = 0; break;
  case L_NRM2: req_nrm2(&v, x, dx), has_y = 0; break;
  case L_NRM2_OW: req_nrm2_ow(&v, x, dx), has_y = 0; break;
  case L_AXPY_R: dalpha = req_axpy_r(&v, x, dx, y, dy), has_alpha = 1; break;
  case L_AXPY: dalpha = req_axpy(&v, x, dx, y, dy), has_alpha = 1; break;
  case L_AXPY_OW: dalpha = req_axpy_ow(&v, x, dx, y, dy), has_alpha = 1; break;
  case L_SCAL: dalpha = req_scal(&v, x, dx), has_y = 0, has_alpha = 1; break;
  case L_COPY_R: req_copy_r(&v, x, dx, y, dy); break;
  case L_COPY: req_copy(&v, x, dx, y, dy); break;
  case L_PIPE: dalpha = req_pipe(&v, x, dx, y, dy), has_alpha = 1; break;
  }
  double xo[BUF], yo[BUF];
  vec_run(&v, v.alpha, xo, yo);
  check_primal(tag, "x", x, xo, v.xlen);
  check_primal(tag, "y", y, yo, v.ylen);

  double ax[BUF], ay[BUF], aalpha;
  vec_ref(&v, ax, ay, &aalpha);
  check_array(tag, "x", dx, ax, v.x, v.xlen, vec_eval, &v);
  if (has_y) check_array(tag, "y", dy, ay, v.y, v.ylen, vec_eval, &v);
  if (has_alpha) check_scalar(tag, "alpha", dalpha, aalpha, &v.alpha, vec_eval, &v);
}

/* ---- Level 2: dgemv. ---- */

enum { GV_R, GV_PLAIN, GV_OW_X, GV_OW_A, GV_OW_OUTER };
static const char *const gv_names[] = {"r", "plain", "ow_x", "ow_a", "ow_outer"};
/* Which arguments are active. */
enum { P_ALL, P_X, P_A };
static const char *const gv_patterns[] = {"all", "x_only", "a_only"};

typedef struct {
  int fn, layout, trans, m, n, lda, incx, incy, alen, xlen, ylen;
  double alpha, beta;
  double a[BUF], x[BUF], y[BUF];
} Gemv;

typedef double (*GemvFn)(int, int, int, int, double, double *, int, double *, int, double, double *, int, int, int, int);

static double gemv_run(const Gemv *g, double *ao, double *xo, double *yo) {
  static const GemvFn fns[] = {gemv_loss_r, gemv_loss, gemv_ow_x, gemv_ow_a, gemv_ow_outer};
  double a[BUF], x[BUF], y[BUF];
  memcpy(a, g->a, sizeof a);
  memcpy(x, g->x, sizeof x);
  memcpy(y, g->y, sizeof y);
  double r = fns[g->fn](g->layout, g->trans, g->m, g->n, g->alpha, a, g->lda, x, g->incx, g->beta, y, g->incy, g->alen,
                        g->xlen, g->ylen);
  if (ao) memcpy(ao, a, sizeof a);
  if (xo) memcpy(xo, x, sizeof x);
  if (yo) memcpy(yo, y, sizeof y);
  return r;
}

static double gemv_eval(void *p) { return gemv_run(p, NULL, NULL, NULL); }

#define GV_HEAD g->layout, g->trans, g->m, g->n
#define GV_TAIL g->incy, g->alen, g->xlen, g->ylen
REQUEST D2 req_gemv_all_r(Gemv *g, double *a, double *da, double *x, double *dx, double *y, double *dy) {
  return __enzyme_autodiff_d2((void *)gemv_loss_r, GV_HEAD, enzyme_out, g->alpha, enzyme_dup, a, da, g->lda, enzyme_dup, x,
                              dx, g->incx, enzyme_out, g->beta, enzyme_dup, y, dy, GV_TAIL);
}
REQUEST D2 req_gemv_all(Gemv *g, double *a, double *da, double *x, double *dx, double *y, double *dy) {
  return __enzyme_autodiff_d2((void *)gemv_loss, GV_HEAD, enzyme_out, g->alpha, enzyme_dup, a, da, g->lda, enzyme_dup, x, dx,
                              g->incx, enzyme_out, g->beta, enzyme_dup, y, dy, GV_TAIL);
}
REQUEST void req_gemv_x_r(Gemv *g, double *a, double *x, double *dx, double *y, double *dy) {
  __enzyme_autodiff_v((void *)gemv_loss_r, GV_HEAD, enzyme_const, g->alpha, enzyme_const, a, g->lda, enzyme_dup, x, dx,
                      g->incx, enzyme_const, g->beta, enzyme_dup, y, dy, GV_TAIL);
}
REQUEST void req_gemv_x(Gemv *g, double *a, double *x, double *dx, double *y, double *dy) {
  __enzyme_autodiff_v((void *)gemv_loss, GV_HEAD, enzyme_const, g->alpha, enzyme_const, a, g->lda, enzyme_dup, x, dx,
                      g->incx, enzyme_const, g->beta, enzyme_dup, y, dy, GV_TAIL);
}
REQUEST void req_gemv_a_r(Gemv *g, double *a, double *da, double *x, double *y, double *dy) {
  __enzyme_autodiff_v((void *)gemv_loss_r, GV_HEAD, enzyme_const, g->alpha, enzyme_dup, a, da, g->lda, enzyme_const, x,
                      g->incx, enzyme_const, g->beta, enzyme_dup, y, dy, GV_TAIL);
}
REQUEST void req_gemv_a(Gemv *g, double *a, double *da, double *x, double *y, double *dy) {
  __enzyme_autodiff_v((void *)gemv_loss, GV_HEAD, enzyme_const, g->alpha, enzyme_dup, a, da, g->lda, enzyme_const, x,
                      g->incx, enzyme_const, g->beta, enzyme_dup, y, dy, GV_TAIL);
}
REQUEST double req_gemv_ow_x(Gemv *g, double *a, double *da, double *x, double *dx, double *y, double *dy) {
  return __enzyme_autodiff((void *)gemv_ow_x, GV_HEAD, enzyme_out, g->alpha, enzyme_dup, a, da, g->lda, enzyme_dup, x, dx,
                           g->incx, enzyme_const, g->beta, enzyme_dup, y, dy, GV_TAIL);
}
REQUEST double req_gemv_ow_a(Gemv *g, double *a, double *da, double *x, double *dx, double *y, double *dy) {
  return __enzyme_autodiff((void *)gemv_ow_a, GV_HEAD, enzyme_out, g->alpha, enzyme_dup, a, da, g->lda, enzyme_dup, x, dx,
                           g->incx, enzyme_const, g->beta, enzyme_dup, y, dy, GV_TAIL);
}
REQUEST void req_gemv_ow_outer(Gemv *g, double *a, double *da, double *x, double *dx, double *y, double *dy) {
  __enzyme_autodiff_v((void *)gemv_ow_outer, GV_HEAD, enzyme_const, g->alpha, enzyme_dup, a, da, g->lda, enzyme_dup, x, dx,
                      g->incx, enzyme_const, g->beta, enzyme_dup, y, dy, GV_TAIL);
}

static void gemv_ref(const Gemv *g, double *da, double *dx, double *dy, double *dalpha, double *dbeta) {
  int rm = g->layout == CblasRowMajor, t = g->trans != CblasNoTrans;
  int rows = t ? g->n : g->m, cols = t ? g->m : g->n, ix = g->incx, iy = g->incy;
  double alpha = g->alpha, beta = g->beta, ynew[BUF], s[BUF], G[BUF];
  zero(da);
  zero(dx);
  zero(dy);
  memcpy(ynew, g->y, sizeof ynew);
  for (int i = 0; i < rows; i++) {
    s[i] = 0.0;
    for (int j = 0; j < cols; j++)
      s[i] += g->a[t ? nb_idx(rm, g->lda, j, i) : nb_idx(rm, g->lda, i, j)] * g->x[j * ix];
    ynew[i * iy] = alpha * s[i] + beta * g->y[i * iy];
  }
  for (int p = 0; p < g->ylen; p++)
    dy[p] = G[p] = 2.0 * wt(p) * ynew[p];
  *dalpha = *dbeta = 0.0;
  for (int i = 0; i < rows; i++) {
    double gi = G[i * iy];
    dy[i * iy] = beta * gi;
    *dalpha += gi * s[i];
    *dbeta += gi * g->y[i * iy];
    for (int j = 0; j < cols; j++) {
      long pa = t ? nb_idx(rm, g->lda, j, i) : nb_idx(rm, g->lda, i, j);
      da[pa] += alpha * gi * g->x[j * ix];
      dx[j * ix] += alpha * g->a[pa] * gi;
    }
  }
  if (g->fn == GV_OW_A) /* 0.1 (2a) . (2a) */
    for (int p = 0; p < g->alen; p++)
      da[p] += 0.8 * g->a[p];
  if (g->fn == GV_OW_OUTER) /* wsumsq of x with one sign flipped */
    for (int p = 0; p < g->xlen; p++)
      dx[p] += 2.0 * wt(p) * g->x[p];
}

typedef struct { int layout, trans, m, n, lda, incx, incy; double alpha, beta; } GemvCase;

static void run_gemv(const GemvCase *c, int fn, int pattern) {
  Gemv g;
  g.fn = fn, g.layout = c->layout, g.trans = c->trans, g.m = c->m, g.n = c->n, g.lda = c->lda;
  g.incx = c->incx, g.incy = c->incy, g.alpha = c->alpha, g.beta = c->beta;
  int rm = c->layout == CblasRowMajor, t = c->trans != CblasNoTrans;
  g.alen = c->lda * (rm ? c->m : c->n);
  g.xlen = ((t ? c->m : c->n) - 1) * c->incx + 1 + (c->incx > 1);
  g.ylen = ((t ? c->n : c->m) - 1) * c->incy + 1 + (c->incy > 1);
  zero(g.a);
  zero(g.x);
  zero(g.y);
  fill(g.a, g.alen, 0.4 + c->m + 0.1 * c->lda);
  fill(g.x, g.xlen, 2.3 + c->incx);
  fill(g.y, g.ylen, -0.6 + c->incy);
  char tag[80];
  snprintf(tag, sizeof tag, "gemv.%s.%s.m%d.n%d.lda%d.incx%d.incy%d.%s.%s", layout_name(c->layout), trans_name(c->trans),
           c->m, c->n, c->lda, c->incx, c->incy, gv_names[fn], gv_patterns[pattern]);

  double a[BUF], x[BUF], y[BUF], da[BUF], dx[BUF], dy[BUF];
  memcpy(a, g.a, sizeof a);
  memcpy(x, g.x, sizeof x);
  memcpy(y, g.y, sizeof y);
  zero(da);
  zero(dx);
  zero(dy);
  D2 ds = {0.0, 0.0};
  int act_a = 1, act_x = 1, act_alpha = 0, act_beta = 0;
  switch (fn) {
  case GV_R:
  case GV_PLAIN:
    if (pattern == P_ALL) {
      ds = fn == GV_R ? req_gemv_all_r(&g, a, da, x, dx, y, dy) : req_gemv_all(&g, a, da, x, dx, y, dy);
      act_alpha = act_beta = 1;
    } else if (pattern == P_X) {
      if (fn == GV_R) req_gemv_x_r(&g, a, x, dx, y, dy);
      else req_gemv_x(&g, a, x, dx, y, dy);
      act_a = 0;
    } else {
      if (fn == GV_R) req_gemv_a_r(&g, a, da, x, y, dy);
      else req_gemv_a(&g, a, da, x, y, dy);
      act_x = 0;
    }
    break;
  case GV_OW_X: ds.first = req_gemv_ow_x(&g, a, da, x, dx, y, dy), act_alpha = 1; break;
  case GV_OW_A: ds.first = req_gemv_ow_a(&g, a, da, x, dx, y, dy), act_alpha = 1; break;
  case GV_OW_OUTER: req_gemv_ow_outer(&g, a, da, x, dx, y, dy); break;
  }
  double ao[BUF], xo[BUF], yo[BUF];
  gemv_run(&g, ao, xo, yo);
  check_primal(tag, "a", a, ao, g.alen);
  check_primal(tag, "x", x, xo, g.xlen);
  check_primal(tag, "y", y, yo, g.ylen);

  double ra[BUF], rx[BUF], ry[BUF], ralpha, rbeta;
  gemv_ref(&g, ra, rx, ry, &ralpha, &rbeta);
  if (act_a) check_array(tag, "A", da, ra, g.a, g.alen, gemv_eval, &g);
  if (act_x) check_array(tag, "x", dx, rx, g.x, g.xlen, gemv_eval, &g);
  check_array(tag, "y", dy, ry, g.y, g.ylen, gemv_eval, &g);
  if (act_alpha) check_scalar(tag, "alpha", ds.first, ralpha, &g.alpha, gemv_eval, &g);
  if (act_beta) check_scalar(tag, "beta", ds.second, rbeta, &g.beta, gemv_eval, &g);
}

/* ---- Level 3: dgemm. ---- */

enum { GM_R, GM_PLAIN, GM_OW };
static const char *const gm_names[] = {"r", "plain", "ow"};
enum { Q_ALL, Q_A, Q_B };
static const char *const gm_patterns[] = {"all", "a_only", "b_only"};

typedef struct {
  int fn, layout, ta, tb, m, n, k, lda, ldb, ldc, alen, blen, clen;
  double alpha, beta;
  double a[BUF], b[BUF], c[BUF];
} Gemm;

typedef double (*GemmFn)(int, int, int, int, int, int, double, double *, int, double *, int, double, double *, int, int, int,
                         int);

static double gemm_run(const Gemm *g, double *ao, double *bo, double *co) {
  static const GemmFn fns[] = {gemm_loss_r, gemm_loss, gemm_ow};
  double a[BUF], b[BUF], c[BUF];
  memcpy(a, g->a, sizeof a);
  memcpy(b, g->b, sizeof b);
  memcpy(c, g->c, sizeof c);
  double r = fns[g->fn](g->layout, g->ta, g->tb, g->m, g->n, g->k, g->alpha, a, g->lda, b, g->ldb, g->beta, c, g->ldc,
                        g->alen, g->blen, g->clen);
  if (ao) memcpy(ao, a, sizeof a);
  if (bo) memcpy(bo, b, sizeof b);
  if (co) memcpy(co, c, sizeof c);
  return r;
}

static double gemm_eval(void *p) { return gemm_run(p, NULL, NULL, NULL); }

#define GM_HEAD g->layout, g->ta, g->tb, g->m, g->n, g->k, enzyme_const, g->alpha
#define GM_TAIL g->ldc, g->alen, g->blen, g->clen
REQUEST void req_gemm_all_r(Gemm *g, double *a, double *da, double *b, double *db, double *c, double *dc) {
  __enzyme_autodiff_v((void *)gemm_loss_r, GM_HEAD, enzyme_dup, a, da, g->lda, enzyme_dup, b, db, g->ldb, enzyme_const,
                      g->beta, enzyme_dup, c, dc, GM_TAIL);
}
REQUEST void req_gemm_all(Gemm *g, double *a, double *da, double *b, double *db, double *c, double *dc) {
  __enzyme_autodiff_v((void *)gemm_loss, GM_HEAD, enzyme_dup, a, da, g->lda, enzyme_dup, b, db, g->ldb, enzyme_const,
                      g->beta, enzyme_dup, c, dc, GM_TAIL);
}
REQUEST void req_gemm_a_r(Gemm *g, double *a, double *da, double *b, double *c, double *dc) {
  __enzyme_autodiff_v((void *)gemm_loss_r, GM_HEAD, enzyme_dup, a, da, g->lda, enzyme_const, b, g->ldb, enzyme_const,
                      g->beta, enzyme_dup, c, dc, GM_TAIL);
}
REQUEST void req_gemm_a(Gemm *g, double *a, double *da, double *b, double *c, double *dc) {
  __enzyme_autodiff_v((void *)gemm_loss, GM_HEAD, enzyme_dup, a, da, g->lda, enzyme_const, b, g->ldb, enzyme_const,
                      g->beta, enzyme_dup, c, dc, GM_TAIL);
}
REQUEST void req_gemm_b_r(Gemm *g, double *a, double *b, double *db, double *c, double *dc) {
  __enzyme_autodiff_v((void *)gemm_loss_r, GM_HEAD, enzyme_const, a, g->lda, enzyme_dup, b, db, g->ldb, enzyme_const,
                      g->beta, enzyme_dup, c, dc, GM_TAIL);
}
REQUEST void req_gemm_b(Gemm *g, double *a, double *b, double *db, double *c, double *dc) {
  __enzyme_autodiff_v((void *)gemm_loss, GM_HEAD, enzyme_const, a, g->lda, enzyme_dup, b, db, g->ldb, enzyme_const,
                      g->beta, enzyme_dup, c, dc, GM_TAIL);
}
REQUEST void req_gemm_ow(Gemm *g, double *a, double *da, double *b, double *db, double *c, double *dc) {
  __enzyme_autodiff_v((void *)gemm_ow, GM_HEAD, enzyme_dup, a, da, g->lda, enzyme_dup, b, db, g->ldb, enzyme_const, g->beta,
                      enzyme_dup, c, dc, GM_TAIL);
}

static void gemm_ref(const Gemm *g, double *da, double *db, double *dc) {
  int rm = g->layout == CblasRowMajor, ta = g->ta != CblasNoTrans, tb = g->tb != CblasNoTrans;
  double cnew[BUF], G[BUF];
  zero(da);
  zero(db);
  zero(dc);
  memcpy(cnew, g->c, sizeof cnew);
#define PA(i, l) (ta ? nb_idx(rm, g->lda, (l), (i)) : nb_idx(rm, g->lda, (i), (l)))
#define PB(l, j) (tb ? nb_idx(rm, g->ldb, (j), (l)) : nb_idx(rm, g->ldb, (l), (j)))
  for (int i = 0; i < g->m; i++)
    for (int j = 0; j < g->n; j++) {
      double s = 0.0;
      for (int l = 0; l < g->k; l++)
        s += g->a[PA(i, l)] * g->b[PB(l, j)];
      long pc = nb_idx(rm, g->ldc, i, j);
      cnew[pc] = g->alpha * s + g->beta * g->c[pc];
    }
  for (int p = 0; p < g->clen; p++)
    dc[p] = G[p] = 2.0 * wt(p) * cnew[p];
  for (int i = 0; i < g->m; i++)
    for (int j = 0; j < g->n; j++) {
      long pc = nb_idx(rm, g->ldc, i, j);
      dc[pc] = g->beta * G[pc];
      for (int l = 0; l < g->k; l++) {
        da[PA(i, l)] += g->alpha * G[pc] * g->b[PB(l, j)];
        db[PB(l, j)] += g->alpha * g->a[PA(i, l)] * G[pc];
      }
    }
#undef PA
#undef PB
  if (g->fn == GM_OW) /* (3b) . (3b) */
    for (int p = 0; p < g->blen; p++)
      db[p] += 18.0 * g->b[p];
}

typedef struct { int layout, ta, tb, m, n, k, pada, padb, padc; double alpha, beta; } GemmCase;

static void run_gemm(const GemmCase *c, int fn, int pattern) {
  Gemm g;
  g.fn = fn, g.layout = c->layout, g.ta = c->ta, g.tb = c->tb, g.m = c->m, g.n = c->n, g.k = c->k;
  g.alpha = c->alpha, g.beta = c->beta;
  int rm = c->layout == CblasRowMajor, ta = c->ta != CblasNoTrans, tb = c->tb != CblasNoTrans;
  /* Stored shapes: A is m x k (k x m transposed), B k x n (n x k), C m x n. */
  int ar = ta ? c->k : c->m, ac = ta ? c->m : c->k, br = tb ? c->n : c->k, bc = tb ? c->k : c->n;
  g.lda = (rm ? ac : ar) + c->pada;
  g.ldb = (rm ? bc : br) + c->padb;
  g.ldc = (rm ? c->n : c->m) + c->padc;
  g.alen = g.lda * (rm ? ar : ac);
  g.blen = g.ldb * (rm ? br : bc);
  g.clen = g.ldc * (rm ? c->m : c->n);
  zero(g.a);
  zero(g.b);
  zero(g.c);
  fill(g.a, g.alen, 0.9 + c->k + 0.1 * g.lda);
  fill(g.b, g.blen, -1.3 + c->n + 0.1 * g.ldb);
  fill(g.c, g.clen, 0.2 + c->m);
  char tag[80];
  snprintf(tag, sizeof tag, "gemm.%s.%s%s.m%d.n%d.k%d.ld%d_%d_%d.%s.%s", layout_name(c->layout), trans_name(c->ta),
           trans_name(c->tb), c->m, c->n, c->k, g.lda, g.ldb, g.ldc, gm_names[fn], gm_patterns[pattern]);

  double a[BUF], b[BUF], cc[BUF], da[BUF], db[BUF], dc[BUF];
  memcpy(a, g.a, sizeof a);
  memcpy(b, g.b, sizeof b);
  memcpy(cc, g.c, sizeof cc);
  zero(da);
  zero(db);
  zero(dc);
  int act_a = pattern != Q_B, act_b = pattern != Q_A;
  if (fn == GM_OW) {
    req_gemm_ow(&g, a, da, b, db, cc, dc);
  } else if (pattern == Q_ALL) {
    if (fn == GM_R) req_gemm_all_r(&g, a, da, b, db, cc, dc);
    else req_gemm_all(&g, a, da, b, db, cc, dc);
  } else if (pattern == Q_A) {
    if (fn == GM_R) req_gemm_a_r(&g, a, da, b, cc, dc);
    else req_gemm_a(&g, a, da, b, cc, dc);
  } else {
    if (fn == GM_R) req_gemm_b_r(&g, a, b, db, cc, dc);
    else req_gemm_b(&g, a, b, db, cc, dc);
  }
  double ao[BUF], bo[BUF], co[BUF];
  gemm_run(&g, ao, bo, co);
  check_primal(tag, "a", a, ao, g.alen);
  check_primal(tag, "b", b, bo, g.blen);
  check_primal(tag, "c", cc, co, g.clen);

  double ra[BUF], rb[BUF], rc[BUF];
  gemm_ref(&g, ra, rb, rc);
  if (act_a) check_array(tag, "A", da, ra, g.a, g.alen, gemm_eval, &g);
  if (act_b) check_array(tag, "B", db, rb, g.b, g.blen, gemm_eval, &g);
  check_array(tag, "C", dc, rc, g.c, g.clen, gemm_eval, &g);
}

int main(void) {
  /* Level 1: contiguous and strided (increment 2) vectors. */
  run_vec(L_DOT_R, 4, 2, 1, 0.0);
  run_vec(L_DOT, 4, 1, 2, 0.0);
  run_vec(L_DOT, 3, 1, 1, 0.0);
  run_vec(L_SUMSQ, 4, 2, 1, 0.0);
  run_vec(L_NRM2, 5, 1, 1, 0.0);
  run_vec(L_NRM2, 4, 2, 1, 0.0);
  run_vec(L_NRM2_OW, 4, 2, 1, 0.0);
  run_vec(L_AXPY_R, 4, 2, 1, 1.3);
  run_vec(L_AXPY_R, 3, 1, 2, -0.6);
  run_vec(L_AXPY, 4, 1, 1, 0.8);
  run_vec(L_AXPY, 4, 2, 2, -1.1);
  run_vec(L_AXPY_OW, 4, 2, 1, 0.9);
  run_vec(L_SCAL, 4, 1, 1, 1.7);
  run_vec(L_SCAL, 4, 2, 1, -0.8);
  run_vec(L_COPY_R, 4, 2, 1, 0.0);
  run_vec(L_COPY, 3, 1, 2, 0.0);
  run_vec(L_PIPE, 5, 1, 1, 1.4);
  run_vec(L_PIPE, 4, 2, 1, -0.7);

  /* Level 2: both layouts and transpositions, m != n, padded lda, strided x and y, beta = 0. */
  static const GemvCase gemv_cases[] = {
      {CblasRowMajor, CblasNoTrans, 3, 4, 4, 1, 1, 1.3, 0.6},
      {CblasRowMajor, CblasTrans, 3, 4, 6, 2, 1, -0.8, 1.1},
      {CblasColMajor, CblasNoTrans, 4, 3, 5, 1, 2, 0.7, -0.4},
      {CblasColMajor, CblasTrans, 2, 5, 3, 2, 2, 1.2, 0.0},
  };
  for (int i = 0; i < 4; i++)
    for (int fn = GV_R; fn <= GV_PLAIN; fn++)
      for (int pattern = P_ALL; pattern <= P_A; pattern++)
        run_gemv(&gemv_cases[i], fn, pattern);
  /* Inputs overwritten after the call (restrict parameters: only the overwrite calls for a copy). */
  for (int i = 0; i < 4; i++)
    for (int fn = GV_OW_X; fn <= GV_OW_OUTER; fn++)
      run_gemv(&gemv_cases[i], fn, P_ALL);

  /* Level 3: every transposition in both layouts, m, n, k distinct, padded leading dimensions. */
  static const GemmCase gemm_cases[] = {
      {CblasRowMajor, CblasNoTrans, CblasNoTrans, 3, 4, 2, 0, 1, 0, 1.3, 0.7},
      {CblasRowMajor, CblasNoTrans, CblasTrans, 3, 4, 2, 2, 0, 1, -0.9, 1.0},
      {CblasRowMajor, CblasTrans, CblasNoTrans, 2, 3, 5, 0, 0, 0, 0.8, 0.0},
      {CblasRowMajor, CblasTrans, CblasTrans, 2, 3, 5, 1, 2, 0, 1.1, -0.5},
      {CblasColMajor, CblasNoTrans, CblasNoTrans, 3, 4, 2, 1, 0, 2, 0.6, 0.7},
      {CblasColMajor, CblasNoTrans, CblasTrans, 2, 3, 5, 0, 0, 0, -1.2, 0.3},
      {CblasColMajor, CblasTrans, CblasNoTrans, 3, 4, 2, 0, 3, 0, 1.5, 0.0},
      {CblasColMajor, CblasTrans, CblasTrans, 3, 4, 2, 2, 1, 1, 0.9, 1.2},
  };
  for (int i = 0; i < 8; i++) {
    run_gemm(&gemm_cases[i], GM_R, Q_ALL);
    run_gemm(&gemm_cases[i], GM_PLAIN, Q_ALL);
    run_gemm(&gemm_cases[i], i & 1 ? GM_PLAIN : GM_R, Q_A);
    run_gemm(&gemm_cases[i], i & 1 ? GM_R : GM_PLAIN, Q_B);
    run_gemm(&gemm_cases[i], GM_OW, Q_ALL);
  }
  return llad_report();
}
