/* Forward mode through CBLAS calls, which llad differentiates by rule rather than through their
 * code: ddot, dnrm2, daxpy, dscal, dcopy, dgemv, dsymv, dgemm, dsyrk and the Cholesky
 * factorization dpotrf (Enzyme's 6-argument form), in both layouts, every transposition and
 * triangle, the CBLAS enumerations and the Fortran characters, strided vectors, padded leading
 * dimensions, varied and constant operands (enzyme_dup / enzyme_const / enzyme_dupnoneed), and
 * three small programs chaining them (normalize, a quadratic form, log det of a Gram matrix).
 *
 * naive_blas.h defines the routines (and those the derivatives call: dsyr2k, dtrsm, dtrmm, dlacpy,
 * dlascl) as plain loops; test_naive_blas checks them against hand-computed values first.
 * Every element of every output buffer is checked: the elements a routine writes against an
 * analytic tangent and a central difference along the same direction (all inputs moved at
 * once), the elements it leaves alone (gaps of strided vectors, padding beyond a leading
 * dimension, the other triangle) must keep their old tangent exactly (".kept").
 */
#include "check.h"
#include "naive_blas.h"

/* ---- What is differentiated: small functions calling BLAS. ---- */

LLAD_NOINLINE double u_dot(int n, double *x, int incx, double *y, int incy) { return cblas_ddot(n, x, incx, y, incy); }
LLAD_NOINLINE double u_sumsq(int n, double *x, int incx) { return cblas_ddot(n, x, incx, x, incx); }
LLAD_NOINLINE double u_nrm2(int n, double *x, int incx) { return cblas_dnrm2(n, x, incx); }
LLAD_NOINLINE void u_axpy(int n, double alpha, double *x, int incx, double *y, int incy) { cblas_daxpy(n, alpha, x, incx, y, incy); }
LLAD_NOINLINE void u_scal(int n, double alpha, double *x, int incx) { cblas_dscal(n, alpha, x, incx); }
LLAD_NOINLINE void u_copy(int n, double *x, int incx, double *y, int incy) { cblas_dcopy(n, x, incx, y, incy); }

LLAD_NOINLINE void u_gemv(int layout, int trans, int m, int n, double alpha, double *a, int lda, double *x, int incx,
                          double beta, double *y, int incy) {
  cblas_dgemv(layout, trans, m, n, alpha, a, lda, x, incx, beta, y, incy);
}

LLAD_NOINLINE void u_symv(int layout, int uplo, int n, double alpha, double *a, int lda, double *x, int incx, double beta,
                          double *y, int incy) {
  cblas_dsymv(layout, uplo, n, alpha, a, lda, x, incx, beta, y, incy);
}

LLAD_NOINLINE void u_gemm(int layout, int transa, int transb, int m, int n, int k, double alpha, double *a, int lda,
                          double *b, int ldb, double beta, double *c, int ldc) {
  cblas_dgemm(layout, transa, transb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

LLAD_NOINLINE void u_syrk(int layout, int uplo, int trans, int n, int k, double alpha, double *a, int lda, double beta,
                          double *c, int ldc) {
  cblas_dsyrk(layout, uplo, trans, n, k, alpha, a, lda, beta, c, ldc);
}

LLAD_NOINLINE void u_potrf(int layout, int uplo, int n, double *a, int lda, int *info) {
  cblas_dpotrf(layout, uplo, n, a, lda, info);
}

/* x := x / |x| (nrm2, then scal with a varied alpha). */
LLAD_NOINLINE void u_normalize(int n, double *x, int incx) {
  double r = cblas_dnrm2(n, x, incx);
  cblas_dscal(n, 1.0 / r, x, incx);
}

/* x^T S x with S symmetric (its uplo triangle in a), through a local vector (n <= 4). */
LLAD_NOINLINE double u_quadform(int layout, int uplo, int n, double *a, int lda, double *x, int incx) {
  double t[4];
  cblas_dsymv(layout, uplo, n, 1.0, a, lda, x, incx, 0.0, t, 1);
  return cblas_ddot(n, x, incx, t, 1);
}

/* log det(I + B^T B), B k x n (n <= 4): syrk into a local matrix, Cholesky, sum of logs. */
LLAD_NOINLINE double u_gram_logdet(int layout, int uplo, int n, int k, double *b, int ldb) {
  double c[16];
  int info;
  for (int i = 0; i < n * n; i++)
    c[i] = 0.0;
  for (int i = 0; i < n; i++)
    c[i * (n + 1)] = 1.0;
  cblas_dsyrk(layout, uplo, CblasTrans, n, k, 1.0, b, ldb, 1.0, c, n);
  cblas_dpotrf(layout, uplo, n, c, n, &info);
  double s = 0.0;
  for (int i = 0; i < n; i++)
    s += log(c[i * (n + 1)]);
  return 2.0 * s;
}

/* ---- Requests with enzyme_dupnoneed. A dupnoneed request differs from its enzyme_dup twin only
 * in the marker's value: in one function, -O2 merges the two calls into one that passes
 * select(c, enzyme_dup, enzyme_dupnoneed), which no longer names a marker. Out of line they
 * stay separate requests. ---- */
#define REQUEST static __attribute__((noinline))

REQUEST void req_copy_dupnoneed(int n, double *x, double *dx, int incx, double *y, double *dy, int incy) {
  __enzyme_fwddiff_v((void *)u_copy, n, enzyme_dup, x, dx, incx, enzyme_dupnoneed, y, dy, incy);
}

REQUEST void req_gemv_x_dupnoneed(int layout, int trans, int m, int n, double alpha, double *a, int lda, double *x, double *dx,
                                  int incx, double beta, double *y, double *dy, int incy) {
  __enzyme_fwddiff_v((void *)u_gemv, layout, trans, m, n, enzyme_const, alpha, enzyme_const, a, lda, enzyme_dup, x, dx, incx,
                     enzyme_const, beta, enzyme_dupnoneed, y, dy, incy);
}

REQUEST void req_gemm_ab_dupnoneed(int layout, int transa, int transb, int m, int n, int k, double alpha, double *a, double *da,
                                   int lda, double *b, double *db, int ldb, double beta, double *c, double *dc, int ldc) {
  __enzyme_fwddiff_v((void *)u_gemm, layout, transa, transb, m, n, k, enzyme_const, alpha, enzyme_dup, a, da, lda, enzyme_dup, b, db,
                     ldb, enzyme_const, beta, enzyme_dupnoneed, c, dc, ldc);
}

REQUEST void req_potrf_dupnoneed(int layout, int uplo, int n, double *a, double *da, int lda, int *info) {
  __enzyme_fwddiff_v((void *)u_potrf, layout, uplo, n, enzyme_dupnoneed, a, da, lda, enzyme_const, info);
}

/* ---- Helpers. ---- */

#define BUF 32

/* Deterministic test data. */
static void fill(double *v, int len, double seed) {
  for (int k = 0; k < len; k++)
    v[k] = sin(1.7 * k + seed) + 0.25 * cos(0.3 * k * seed + 1.0);
}

/* dst = base + s h dir (dir NULL: a copy): an input moved along its tangent for a difference. */
static void shifted(double *dst, const double *base, const double *dir, int len, double s) {
  for (int k = 0; k < len; k++)
    dst[k] = base[k] + (dir ? s * FD_H * dir[k] : 0.0);
}

static double fd_of(double plus, double minus) { return (plus - minus) / (2.0 * FD_H); }

/* Checks every element of an output buffer's tangent `got`: written elements (touched[k])
 * against the analytic an[k] and the central difference (plus - minus) / 2h; the others must
 * still hold their old tangent an[k] exactly (and agree with the difference, which sees an
 * unchanged input). */
static void check_out(const char *name, const double *got, const double *an, const int *touched, const double *plus,
                      const double *minus, int len) {
  char buf[96];
  for (int k = 0; k < len; k++) {
    double fd = fd_of(plus[k], minus[k]);
    if (touched[k]) {
      snprintf(buf, sizeof buf, "%s[%d]", name, k);
      CHECK_DERIV(buf, got[k], an[k], fd);
    } else {
      snprintf(buf, sizeof buf, "%s[%d].kept", name, k);
      CHECK_DERIV_TOL(buf, got[k], an[k], fd, 0.0, RTOL_FD);
    }
  }
}

/* The primal result of a differentiated call against the plain call's (largest relative
 * difference; NaN propagates). */
static void check_primal(const char *name, const double *got, const double *ref, int len) {
  char buf[96];
  double err = 0.0;
  for (int k = 0; k < len; k++) {
    double e = fabs(got[k] - ref[k]) / (fabs(ref[k]) > 1.0 ? fabs(ref[k]) : 1.0);
    if (!(e <= err)) err = e;
  }
  snprintf(buf, sizeof buf, "%s.primal_maxerr", name);
  CHECK_CLOSE(buf, err, 0.0, 1e-12);
}

static const char *layout_name(int layout) { return layout == CblasRowMajor ? "Row" : "Col"; }

/* CBLAS option or Fortran character, for check names. */
static const char *option_name(int c) {
  switch (c) {
  case CblasNoTrans: return "NoTrans";
  case CblasTrans: return "Trans";
  case CblasUpper: return "Upper";
  case CblasLower: return "Lower";
  case 'N': return "chN";
  case 'n': return "chn";
  case 'T': return "chT";
  case 't': return "cht";
  case 'U': return "chU";
  case 'u': return "chu";
  case 'L': return "chL";
  case 'l': return "chl";
  default: return "?";
  }
}

static int is_trans(int c) { return nb_is_trans("test", c); }
static int is_lower(int c) { return nb_is_lower("test", c); }

/* Element (i, j) of op(A). */
static double op_at(const double *a, int layout, int trans, int ld, int i, int j) {
  int rm = layout == CblasRowMajor;
  return is_trans(trans) ? a[nb_idx(rm, ld, j, i)] : a[nb_idx(rm, ld, i, j)];
}

/* Element (i, j) of the symmetric matrix whose uplo triangle a holds. */
static double sym_at(const double *a, int layout, int uplo, int ld, int i, int j) {
  int rm = layout == CblasRowMajor, stored = is_lower(uplo) ? i >= j : i <= j;
  return stored ? a[nb_idx(rm, ld, i, j)] : a[nb_idx(rm, ld, j, i)];
}

/* Reference Cholesky factor and its tangent, by differentiating the Cholesky-Banachiewicz
 * recurrence by hand: S = L L^T, dS symmetric, all dense row-major n x n (n <= 4). */
static void chol_tangent(int n, const double *S, const double *dS, double *L, double *dL) {
  for (int k = 0; k < n * n; k++)
    L[k] = dL[k] = 0.0;
  for (int j = 0; j < n; j++) {
    double s = S[j * n + j], ds = dS[j * n + j];
    for (int p = 0; p < j; p++) {
      s -= L[j * n + p] * L[j * n + p];
      ds -= 2.0 * L[j * n + p] * dL[j * n + p];
    }
    L[j * n + j] = sqrt(s);
    dL[j * n + j] = ds / (2.0 * L[j * n + j]);
    for (int i = j + 1; i < n; i++) {
      double t = S[i * n + j], dt = dS[i * n + j];
      for (int p = 0; p < j; p++) {
        t -= L[i * n + p] * L[j * n + p];
        dt -= dL[i * n + p] * L[j * n + p] + L[i * n + p] * dL[j * n + p];
      }
      L[i * n + j] = t / L[j * n + j];
      dL[i * n + j] = (dt - L[i * n + j] * dL[j * n + j]) / L[j * n + j];
    }
  }
}

/* ---- The naive routines against hand-computed values. ---- */

static void expect(const char *name, double got, double expected) { llad_check(name, "", got, expected, 1e-13); }

static void test_naive_blas(void) {
  double x[5] = {3, 9, 4, 9, 0}, y[5] = {4, 7, 5, 7, 6}, z[3] = {1, 2, 3};
  expect("naive.ddot", cblas_ddot(3, z, 1, y, 2), 4 + 10 + 18);
  expect("naive.dnrm2", cblas_dnrm2(2, x, 2), 5.0);
  double v[3] = {10, 20, 30};
  cblas_daxpy(2, 2.0, x, 2, v, 2); /* v[0] += 6, v[2] += 8 */
  expect("naive.daxpy[0]", v[0], 16);
  expect("naive.daxpy[1]", v[1], 20);
  expect("naive.daxpy[2]", v[2], 38);
  cblas_dscal(2, 0.5, v, 2);
  expect("naive.dscal[0]", v[0], 8);
  expect("naive.dscal[1]", v[1], 20);
  expect("naive.dscal[2]", v[2], 19);
  cblas_dcopy(2, z, 2, v, 1);
  expect("naive.dcopy[0]", v[0], 1);
  expect("naive.dcopy[1]", v[1], 3);
  expect("naive.dcopy[2]", v[2], 19);

  /* A = [[1, 2, 3], [4, 5, 6]], row-major lda 4 and column-major lda 3 (X = padding). */
  double arm[8] = {1, 2, 3, -99, 4, 5, 6, -99}, acm[9] = {1, 4, -99, 2, 5, -99, 3, 6, -99};
  double ones[3] = {1, 1, 1}, x2[2] = {1, 2}, g[3] = {1, 1, 1};
  cblas_dgemv(CblasRowMajor, CblasNoTrans, 2, 3, 2.0, arm, 4, ones, 1, 1.0, g, 1); /* 2 [6, 15] + 1 */
  expect("naive.dgemv.Row.N[0]", g[0], 13);
  expect("naive.dgemv.Row.N[1]", g[1], 31);
  cblas_dgemv(CblasColMajor, CblasTrans, 2, 3, 1.0, acm, 3, x2, 1, 0.0, g, 1); /* A^T [1, 2] */
  expect("naive.dgemv.Col.T[0]", g[0], 9);
  expect("naive.dgemv.Col.T[1]", g[1], 12);
  expect("naive.dgemv.Col.T[2]", g[2], 15);
  cblas_dgemv(CblasRowMajor, 't', 2, 3, 1.0, arm, 4, x2, 1, 0.0, g, 1);
  expect("naive.dgemv.Row.cht[2]", g[2], 15);
  cblas_dgemv(CblasColMajor, 'N', 2, 3, 1.0, acm, 3, ones, 1, 0.0, g, 2);
  expect("naive.dgemv.Col.chN[0]", g[0], 6);
  expect("naive.dgemv.Col.chN[2]", g[2], 15);

  /* S = [[1, 2, 3], [2, 4, 5], [3, 5, 6]], one triangle stored, 99 in the other. */
  double slo[9] = {1, 2, 3, 99, 4, 5, 99, 99, 6}; /* column-major lower = row-major upper */
  double xs[3] = {1, 0, -1}, ys[3];
  cblas_dsymv(CblasColMajor, CblasLower, 3, 1.0, slo, 3, xs, 1, 0.0, ys, 1);
  expect("naive.dsymv.Col.Lower[0]", ys[0], -2);
  expect("naive.dsymv.Col.Lower[1]", ys[1], -3);
  expect("naive.dsymv.Col.Lower[2]", ys[2], -3);
  cblas_dsymv(CblasRowMajor, 'U', 3, 2.0, slo, 3, xs, 1, 1.0, ys, 1);
  expect("naive.dsymv.Row.chU[1]", ys[1], -9);

  /* A = [[1, 2], [3, 4]], B = [[5, 6], [7, 8]]. */
  double a2r[4] = {1, 2, 3, 4}, b2r[4] = {5, 6, 7, 8}, a2c[4] = {1, 3, 2, 4}, b2c[4] = {5, 7, 6, 8};
  double c2[4] = {0, 0, 0, 0};
  cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, 2, 2, 2, 1.0, a2r, 2, b2r, 2, 0.0, c2, 2);
  expect("naive.dgemm.Row.NN[0]", c2[0], 19);
  expect("naive.dgemm.Row.NN[1]", c2[1], 22);
  expect("naive.dgemm.Row.NN[2]", c2[2], 43);
  expect("naive.dgemm.Row.NN[3]", c2[3], 50);
  double c2c[4] = {1, 1, 1, 1}; /* A^T B + 1 = [[27, 31], [39, 45]], column-major */
  cblas_dgemm(CblasColMajor, CblasTrans, CblasNoTrans, 2, 2, 2, 1.0, a2c, 2, b2c, 2, 1.0, c2c, 2);
  expect("naive.dgemm.Col.TN[0]", c2c[0], 27);
  expect("naive.dgemm.Col.TN[1]", c2c[1], 39);
  expect("naive.dgemm.Col.TN[2]", c2c[2], 31);
  expect("naive.dgemm.Col.TN[3]", c2c[3], 45);
  cblas_dgemm(CblasRowMajor, 'n', 'T', 2, 2, 2, 1.0, a2r, 2, b2r, 2, 0.0, c2, 2); /* A B^T */
  expect("naive.dgemm.Row.NT[0]", c2[0], 17);
  expect("naive.dgemm.Row.NT[1]", c2[1], 23);
  expect("naive.dgemm.Row.NT[2]", c2[2], 39);
  expect("naive.dgemm.Row.NT[3]", c2[3], 53);
  /* Non-square: A 2 x 3 (row-major, lda 4) times B 3 x 1 = [1, 0, -1]. */
  double c21[2];
  cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, 2, 1, 3, 1.0, arm, 4, xs, 1, 0.0, c21, 1);
  expect("naive.dgemm.Row.2x3x1[0]", c21[0], -2);
  expect("naive.dgemm.Row.2x3x1[1]", c21[1], -2);

  /* syrk: A A^T = [[5, 11], [11, 25]], A^T A = [[10, 14], [14, 20]]; 77 must stay. */
  double cs[4] = {0, 77, 0, 0};
  cblas_dsyrk(CblasRowMajor, CblasLower, CblasNoTrans, 2, 2, 1.0, a2r, 2, 0.0, cs, 2);
  expect("naive.dsyrk.Row.Lower.N[0]", cs[0], 5);
  expect("naive.dsyrk.Row.Lower.N[1]", cs[1], 77);
  expect("naive.dsyrk.Row.Lower.N[2]", cs[2], 11);
  expect("naive.dsyrk.Row.Lower.N[3]", cs[3], 25);
  double cs2[4] = {0, 77, 0, 0}; /* column-major upper: element 1 is (1, 0) */
  cblas_dsyrk(CblasColMajor, 'U', 'T', 2, 2, 1.0, a2c, 2, 0.0, cs2, 2);
  expect("naive.dsyrk.Col.chU.T[0]", cs2[0], 10);
  expect("naive.dsyrk.Col.chU.T[1]", cs2[1], 77);
  expect("naive.dsyrk.Col.chU.T[2]", cs2[2], 14);
  expect("naive.dsyrk.Col.chU.T[3]", cs2[3], 20);
  /* syr2k with B = [[0, 1], [1, 0]]: A B^T + B A^T = [[4, 5], [5, 6]], A^T B + B^T A = [[6, 5], [5, 4]]. */
  double bx[4] = {0, 1, 1, 0}, cr[4] = {1, 77, 1, 1};
  cblas_dsyr2k(CblasRowMajor, CblasLower, CblasNoTrans, 2, 2, 1.0, a2r, 2, bx, 2, 1.0, cr, 2);
  expect("naive.dsyr2k.Row.Lower.N[0]", cr[0], 5);
  expect("naive.dsyr2k.Row.Lower.N[1]", cr[1], 77);
  expect("naive.dsyr2k.Row.Lower.N[2]", cr[2], 6);
  expect("naive.dsyr2k.Row.Lower.N[3]", cr[3], 7);
  double cr2[4] = {0, 77, 0, 0};
  cblas_dsyr2k(CblasColMajor, 'u', 't', 2, 2, 2.0, a2c, 2, bx, 2, 0.0, cr2, 2);
  expect("naive.dsyr2k.Col.chu.T[0]", cr2[0], 12);
  expect("naive.dsyr2k.Col.chu.T[1]", cr2[1], 77);
  expect("naive.dsyr2k.Col.chu.T[2]", cr2[2], 10);
  expect("naive.dsyr2k.Col.chu.T[3]", cr2[3], 8);

  /* trsm / trmm with L = [[2, 0], [1, 4]] (99 in the unused triangle), U = L^T. */
  double lr[4] = {2, 99, 1, 4}, ur[4] = {2, 1, 99, 4};
  double bt[4] = {2, 4, 5, 6};
  cblas_dtrsm(CblasRowMajor, CblasLeft, CblasLower, CblasNoTrans, CblasNonUnit, 2, 2, 1.0, lr, 2, bt, 2);
  expect("naive.dtrsm.L.Lower.N[0]", bt[0], 1);
  expect("naive.dtrsm.L.Lower.N[1]", bt[1], 2);
  expect("naive.dtrsm.L.Lower.N[2]", bt[2], 1);
  expect("naive.dtrsm.L.Lower.N[3]", bt[3], 1);
  double bt2[4] = {4, 8, 10, 12}; /* X L^T = B / 2 with B = [[4, 8], [10, 12]] */
  cblas_dtrsm(CblasRowMajor, 'R', 'L', 'T', 'N', 2, 2, 0.5, lr, 2, bt2, 2);
  expect("naive.dtrsm.R.chL.T[0]", bt2[0], 1);
  expect("naive.dtrsm.R.chL.T[1]", bt2[1], 0.75);
  expect("naive.dtrsm.R.chL.T[2]", bt2[2], 2.5);
  expect("naive.dtrsm.R.chL.T[3]", bt2[3], 0.875);
  double bt3[4] = {2, 4, 5, 6}; /* U^T X = B: same as L X = B */
  cblas_dtrsm(CblasRowMajor, CblasLeft, CblasUpper, CblasTrans, CblasNonUnit, 2, 2, 1.0, ur, 2, bt3, 2);
  expect("naive.dtrsm.L.Upper.T[2]", bt3[2], 1);
  expect("naive.dtrsm.L.Upper.T[3]", bt3[3], 1);
  double bt4[4] = {2, 4, 5, 6}; /* unit lower: [[1, 0], [1, 1]] X = B */
  cblas_dtrsm(CblasRowMajor, CblasLeft, CblasLower, CblasNoTrans, CblasUnit, 2, 2, 1.0, lr, 2, bt4, 2);
  expect("naive.dtrsm.L.Lower.N.Unit[2]", bt4[2], 3);
  expect("naive.dtrsm.L.Lower.N.Unit[3]", bt4[3], 2);
  double bt5[4] = {1, 1, 1, 1}; /* X U = B, column-major U = [[2, 1], [0, 4]]: row [0.5, 0.125] */
  double uc[4] = {2, 99, 1, 4};
  cblas_dtrsm(CblasColMajor, CblasRight, CblasUpper, CblasNoTrans, CblasNonUnit, 2, 2, 1.0, uc, 2, bt5, 2);
  expect("naive.dtrsm.Col.R.Upper.N[0]", bt5[0], 0.5);
  expect("naive.dtrsm.Col.R.Upper.N[2]", bt5[2], 0.125);
  double bm[4] = {1, 2, 3, 4};
  cblas_dtrmm(CblasRowMajor, CblasLeft, CblasLower, CblasNoTrans, CblasNonUnit, 2, 2, 1.0, lr, 2, bm, 2);
  expect("naive.dtrmm.L.Lower.N[0]", bm[0], 2);
  expect("naive.dtrmm.L.Lower.N[1]", bm[1], 4);
  expect("naive.dtrmm.L.Lower.N[2]", bm[2], 13);
  expect("naive.dtrmm.L.Lower.N[3]", bm[3], 18);
  double bm2[4] = {1, 2, 3, 4}; /* B L = [[4, 8], [10, 16]] */
  cblas_dtrmm(CblasRowMajor, 'r', 'l', 'n', 'n', 2, 2, 1.0, lr, 2, bm2, 2);
  expect("naive.dtrmm.R.chl.N[0]", bm2[0], 4);
  expect("naive.dtrmm.R.chl.N[1]", bm2[1], 8);
  expect("naive.dtrmm.R.chl.N[2]", bm2[2], 10);
  expect("naive.dtrmm.R.chl.N[3]", bm2[3], 16);
  double bm3[4] = {1, 2, 3, 4}; /* 2 B U = 2 [[2, 9], [6, 19]] */
  cblas_dtrmm(CblasRowMajor, CblasRight, CblasUpper, CblasNoTrans, CblasNonUnit, 2, 2, 2.0, ur, 2, bm3, 2);
  expect("naive.dtrmm.R.Upper.N[0]", bm3[0], 4);
  expect("naive.dtrmm.R.Upper.N[1]", bm3[1], 18);
  expect("naive.dtrmm.R.Upper.N[2]", bm3[2], 12);
  expect("naive.dtrmm.R.Upper.N[3]", bm3[3], 38);

  /* lacpy / lascl on a 2 x 3 row-major matrix. */
  double src[6] = {1, 2, 3, 4, 5, 6}, dst[6] = {0, 0, 0, 0, 0, 0};
  cblas_dlacpy(CblasRowMajor, CblasUpper, 2, 3, src, 3, dst, 3);
  expect("naive.dlacpy.Upper.sum", dst[0] + dst[1] + dst[2] + dst[3] + dst[4] + dst[5], 1 + 2 + 3 + 5 + 6);
  cblas_dlacpy(CblasColMajor, 'L', 3, 2, src, 3, dst, 3); /* column-major 3 x 2: lower = 1,2,3,5,6 */
  expect("naive.dlacpy.Col.chL[3]", dst[3], 0); /* (0, 1) not copied, was 0 */
  expect("naive.dlacpy.Col.chL[4]", dst[4], 5);
  cblas_dlacpy(CblasRowMajor, 'A', 2, 3, src, 3, dst, 3);
  expect("naive.dlacpy.all[3]", dst[3], 4);
  cblas_dlascl(CblasRowMajor, 'L', 0, 0, 1.5, 3.0, 2, 3, dst, 3, 0); /* doubles (0,0), (1,0), (1,1) */
  expect("naive.dlascl.chL[0]", dst[0], 2);
  expect("naive.dlascl.chL[1]", dst[1], 2);
  expect("naive.dlascl.chL[3]", dst[3], 8);
  expect("naive.dlascl.chL[4]", dst[4], 10);
  expect("naive.dlascl.chL[5]", dst[5], 6);
  cblas_dlascl(CblasColMajor, CblasUpper, 0, 0, 1.0, 0.0, 3, 2, dst, 3, 0); /* zeroes (0,0), (0,1), (1,1) */
  expect("naive.dlascl.Col.Upper[0]", dst[0], 0);
  expect("naive.dlascl.Col.Upper[1]", dst[1], 2);
  expect("naive.dlascl.Col.Upper[3]", dst[3], 0);
  expect("naive.dlascl.Col.Upper[4]", dst[4], 0);
  expect("naive.dlascl.Col.Upper[5]", dst[5], 6);
  cblas_dlascl(CblasRowMajor, 'G', 0, 0, 2.0, 1.0, 2, 3, dst, 3, 0);
  expect("naive.dlascl.G[5]", dst[5], 3);

  /* potrf: [[4, 2, 2], [2, 5, 3], [2, 3, 6]] = L L^T, L = [[2, 0, 0], [1, 2, 0], [1, 1, 2]]. */
  double pc[12] = {4, 2, 2, -7, 99, 5, 3, -7, 99, 99, 6, -7}; /* column-major lower, lda 4 */
  int info = -1;
  cblas_dpotrf(CblasColMajor, CblasLower, 3, pc, 4, &info);
  expect("naive.dpotrf.Col.Lower.info", info, 0);
  expect("naive.dpotrf.Col.Lower.L00", pc[0], 2);
  expect("naive.dpotrf.Col.Lower.L10", pc[1], 1);
  expect("naive.dpotrf.Col.Lower.L20", pc[2], 1);
  expect("naive.dpotrf.Col.Lower.L11", pc[5], 2);
  expect("naive.dpotrf.Col.Lower.L21", pc[6], 1);
  expect("naive.dpotrf.Col.Lower.L22", pc[10], 2);
  expect("naive.dpotrf.Col.Lower.kept", pc[4] + pc[8] + pc[9] + pc[3], 3 * 99 - 7);
  double pr[9] = {4, 2, 2, 99, 5, 3, 99, 99, 6}; /* row-major upper: U = L^T */
  cblas_dpotrf(CblasRowMajor, 'u', 3, pr, 3, &info);
  expect("naive.dpotrf.Row.chu.info", info, 0);
  expect("naive.dpotrf.Row.chu.U01", pr[1], 1);
  expect("naive.dpotrf.Row.chu.U02", pr[2], 1);
  expect("naive.dpotrf.Row.chu.U12", pr[5], 1);
  expect("naive.dpotrf.Row.chu.U22", pr[8], 2);
  expect("naive.dpotrf.Row.chu.kept", pr[3], 99);
  double bad[4] = {1, 2, 2, 1};
  cblas_dpotrf(CblasRowMajor, CblasLower, 2, bad, 2, &info);
  expect("naive.dpotrf.not_positive.info", info, 2);
}

/* ---- Level 1. ---- */

static void test_level1(void) {
  double x[BUF], dx[BUF], y[BUF], dy[BUF], xs[BUF], ys[BUF], x0[BUF], y0[BUF], dy0[BUF], dx0[BUF];
  double an[BUF], plus[BUF], minus[BUF], ref[BUF];
  int touched[BUF];
  const int n = 4, len = 10;
  fill(x0, BUF, 0.1);
  fill(dx0, BUF, 1.1);
  fill(y0, BUF, 2.1);
  fill(dy0, BUF, 3.1);
  char name[64];

  /* ddot: both vectors varied, one varied (either one). */
  static const char *dot_modes[] = {"xy", "x", "y"};
  for (int mode = 0; mode < 3; mode++) {
    int incx = mode == 2 ? 1 : 2, incy = mode == 2 ? 2 : 1, vx = mode != 2, vy = mode != 1;
    memcpy(x, x0, sizeof x0);
    memcpy(y, y0, sizeof y0);
    double got;
    if (mode == 0)
      got = __enzyme_fwddiff((void *)u_dot, n, enzyme_dup, x, dx0, incx, enzyme_dup, y, dy0, incy);
    else if (mode == 1)
      got = __enzyme_fwddiff((void *)u_dot, n, enzyme_dup, x, dx0, incx, enzyme_const, y, incy);
    else
      got = __enzyme_fwddiff((void *)u_dot, n, enzyme_const, x, incx, enzyme_dup, y, dy0, incy);
    double a = 0.0;
    for (int i = 0; i < n; i++)
      a += (vx ? dx0[i * incx] * y0[i * incy] : 0.0) + (vy ? x0[i * incx] * dy0[i * incy] : 0.0);
    shifted(xs, x0, vx ? dx0 : NULL, len, 1);
    shifted(ys, y0, vy ? dy0 : NULL, len, 1);
    double p = u_dot(n, xs, incx, ys, incy);
    shifted(xs, x0, vx ? dx0 : NULL, len, -1);
    shifted(ys, y0, vy ? dy0 : NULL, len, -1);
    double m = u_dot(n, xs, incx, ys, incy);
    CHECK_DERIV(NAME("ddot.%s.dreturn", dot_modes[mode]), got, a, fd_of(p, m));
  }

  /* ddot(x, x): the same varied vector twice. */
  {
    memcpy(x, x0, sizeof x0);
    double got = __enzyme_fwddiff((void *)u_sumsq, 3, enzyme_dup, x, dx0, 3);
    double a = 0.0;
    for (int i = 0; i < 3; i++)
      a += 2.0 * x0[3 * i] * dx0[3 * i];
    shifted(xs, x0, dx0, len, 1);
    double p = u_sumsq(3, xs, 3);
    shifted(xs, x0, dx0, len, -1);
    CHECK_DERIV("ddot.same_x.dreturn", got, a, fd_of(p, u_sumsq(3, xs, 3)));
  }

  /* dnrm2, stride 2. */
  {
    memcpy(x, x0, sizeof x0);
    double got = __enzyme_fwddiff((void *)u_nrm2, 3, enzyme_dup, x, dx0, 2);
    double dot = 0.0, nn = 0.0;
    for (int i = 0; i < 3; i++) {
      dot += x0[2 * i] * dx0[2 * i];
      nn += x0[2 * i] * x0[2 * i];
    }
    shifted(xs, x0, dx0, len, 1);
    double p = u_nrm2(3, xs, 2);
    shifted(xs, x0, dx0, len, -1);
    CHECK_DERIV("dnrm2.inc2.dreturn", got, dot / sqrt(nn), fd_of(p, u_nrm2(3, xs, 2)));
  }

  /* daxpy: x varied, alpha varied, both, neither (only y's own tangent). */
  static const char *axpy_modes[] = {"x", "alpha", "x_alpha", "y_only"};
  for (int mode = 0; mode < 4; mode++) {
    int incx = mode % 2 ? 1 : 2, incy = mode % 2 ? 2 : 1, vx = mode == 0 || mode == 2, va = mode == 1 || mode == 2;
    double alpha = 0.7, dalpha = -1.3;
    memcpy(x, x0, sizeof x0);
    memcpy(y, y0, sizeof y0);
    memcpy(dy, dy0, sizeof dy0);
    switch (mode) {
    case 0: __enzyme_fwddiff_v((void *)u_axpy, 3, enzyme_const, alpha, enzyme_dup, x, dx0, incx, enzyme_dup, y, dy, incy); break;
    case 1: __enzyme_fwddiff_v((void *)u_axpy, 3, alpha, dalpha, enzyme_const, x, incx, enzyme_dup, y, dy, incy); break;
    case 2: __enzyme_fwddiff_v((void *)u_axpy, 3, alpha, dalpha, enzyme_dup, x, dx0, incx, enzyme_dup, y, dy, incy); break;
    default: __enzyme_fwddiff_v((void *)u_axpy, 3, enzyme_const, alpha, enzyme_const, x, incx, enzyme_dup, y, dy, incy); break;
    }
    for (int k = 0; k < len; k++) {
      int i = k / incy;
      touched[k] = k % incy == 0 && i < 3;
      an[k] = dy0[k] + (touched[k] ? (vx ? alpha * dx0[i * incx] : 0.0) + (va ? dalpha * x0[i * incx] : 0.0) : 0.0);
    }
    shifted(xs, x0, vx ? dx0 : NULL, len, 1);
    shifted(plus, y0, dy0, len, 1);
    u_axpy(3, alpha + (va ? FD_H * dalpha : 0.0), xs, incx, plus, incy);
    shifted(xs, x0, vx ? dx0 : NULL, len, -1);
    shifted(minus, y0, dy0, len, -1);
    u_axpy(3, alpha - (va ? FD_H * dalpha : 0.0), xs, incx, minus, incy);
    snprintf(name, sizeof name, "daxpy.%s.dy", axpy_modes[mode]);
    check_out(name, dy, an, touched, plus, minus, len);
    memcpy(ref, y0, sizeof y0);
    u_axpy(3, alpha, x0, incx, ref, incy);
    check_primal(name, y, ref, len);
  }

  /* dscal: x varied (alpha constant), x and alpha varied. */
  for (int mode = 0; mode < 2; mode++) {
    double alpha = -1.7, dalpha = 0.6;
    memcpy(x, x0, sizeof x0);
    memcpy(dx, dx0, sizeof dx0);
    if (mode == 0)
      __enzyme_fwddiff_v((void *)u_scal, 3, enzyme_const, alpha, enzyme_dup, x, dx, 2);
    else
      __enzyme_fwddiff_v((void *)u_scal, 3, alpha, dalpha, enzyme_dup, x, dx, 2);
    for (int k = 0; k < len; k++) {
      touched[k] = k % 2 == 0 && k / 2 < 3;
      an[k] = touched[k] ? alpha * dx0[k] + (mode ? dalpha * x0[k] : 0.0) : dx0[k];
    }
    shifted(plus, x0, dx0, len, 1);
    u_scal(3, alpha + (mode ? FD_H * dalpha : 0.0), plus, 2);
    shifted(minus, x0, dx0, len, -1);
    u_scal(3, alpha - (mode ? FD_H * dalpha : 0.0), minus, 2);
    snprintf(name, sizeof name, "dscal.%s.dx", mode ? "x_alpha" : "x");
    check_out(name, dx, an, touched, plus, minus, len);
    memcpy(ref, x0, sizeof x0);
    u_scal(3, alpha, ref, 2);
    check_primal(name, x, ref, len);
  }

  /* dcopy: x varied, x constant (y's tangent is overwritten by zeros), y dupnoneed. */
  static const char *copy_modes[] = {"x", "xconst", "x_dupnoneed"};
  for (int mode = 0; mode < 3; mode++) {
    int incx = mode == 1 ? 1 : 2, incy = mode == 0 ? 1 : 2, vx = mode != 1;
    memcpy(x, x0, sizeof x0);
    memcpy(y, y0, sizeof y0);
    memcpy(dy, dy0, sizeof dy0);
    if (mode == 0)
      __enzyme_fwddiff_v((void *)u_copy, 3, enzyme_dup, x, dx0, incx, enzyme_dup, y, dy, incy);
    else if (mode == 1)
      __enzyme_fwddiff_v((void *)u_copy, 3, enzyme_const, x, incx, enzyme_dup, y, dy, incy);
    else
      req_copy_dupnoneed(3, x, dx0, incx, y, dy, incy);
    for (int k = 0; k < len; k++) {
      int i = k / incy;
      touched[k] = k % incy == 0 && i < 3;
      an[k] = touched[k] ? (vx ? dx0[i * incx] : 0.0) : dy0[k];
    }
    shifted(xs, x0, vx ? dx0 : NULL, len, 1);
    shifted(plus, y0, dy0, len, 1);
    u_copy(3, xs, incx, plus, incy);
    shifted(xs, x0, vx ? dx0 : NULL, len, -1);
    shifted(minus, y0, dy0, len, -1);
    u_copy(3, xs, incx, minus, incy);
    snprintf(name, sizeof name, "dcopy.%s.dy", copy_modes[mode]);
    check_out(name, dy, an, touched, plus, minus, len);
    if (mode != 2) {
      memcpy(ref, y0, sizeof y0);
      u_copy(3, x0, incx, ref, incy);
      check_primal(name, y, ref, len);
    }
  }

  /* x / |x|: nrm2's result scales x (scal with a varied alpha), stride 2. */
  {
    memcpy(x, x0, sizeof x0);
    memcpy(dx, dx0, sizeof dx0);
    __enzyme_fwddiff_v((void *)u_normalize, 3, enzyme_dup, x, dx, 2);
    double r2 = 0.0, xdx = 0.0;
    for (int i = 0; i < 3; i++) {
      r2 += x0[2 * i] * x0[2 * i];
      xdx += x0[2 * i] * dx0[2 * i];
    }
    double r = sqrt(r2);
    for (int k = 0; k < len; k++) {
      touched[k] = k % 2 == 0 && k / 2 < 3;
      an[k] = touched[k] ? dx0[k] / r - x0[k] * xdx / (r2 * r) : dx0[k];
    }
    shifted(plus, x0, dx0, len, 1);
    u_normalize(3, plus, 2);
    shifted(minus, x0, dx0, len, -1);
    u_normalize(3, minus, 2);
    check_out("normalize.dx", dx, an, touched, plus, minus, len);
    memcpy(ref, x0, sizeof x0);
    u_normalize(3, ref, 2);
    check_primal("normalize", x, ref, len);
  }
}

/* ---- dgemv. ---- */

enum { GV_X, GV_A, GV_AX, GV_AX_ALPHA, GV_ALPHA, GV_BETA, GV_Y_ONLY, GV_X_DUPNONEED, GV_MODES };
static const char *gv_names[GV_MODES] = {"x", "A", "Ax", "Ax_alpha", "alpha", "beta", "y_only", "x_dupnoneed"};

static void test_gemv(void) {
  const int m = 3, n = 2, lda = 4, len = 8;
  double a0[BUF], da0[BUF], x0[BUF], dx0[BUF], y0[BUF], dy0[BUF];
  double a[BUF], x[BUF], y[BUF], dy[BUF], as[BUF], xs[BUF], plus[BUF], minus[BUF], an[BUF], ref[BUF];
  int touched[BUF];
  fill(a0, BUF, 0.3);
  fill(da0, BUF, 1.3);
  fill(x0, BUF, 2.3);
  fill(dx0, BUF, 3.3);
  fill(y0, BUF, 4.3);
  fill(dy0, BUF, 5.3);
  static const int layouts[2] = {CblasRowMajor, CblasColMajor};
  static const int transes[4] = {CblasNoTrans, CblasTrans, 'N', 't'};
  char name[96];
  for (int li = 0; li < 2; li++)
    for (int ti = 0; ti < 4; ti++)
      for (int mode = 0; mode < GV_MODES; mode++) {
        int layout = layouts[li], trans = transes[ti], t = is_trans(trans);
        int incx = 1 + (mode & 1), incy = 1 + li;
        int vA = mode == GV_A || mode == GV_AX || mode == GV_AX_ALPHA;
        int vx = mode == GV_X || mode == GV_AX || mode == GV_AX_ALPHA || mode == GV_X_DUPNONEED;
        int valpha = mode == GV_AX_ALPHA || mode == GV_ALPHA, vbeta = mode == GV_BETA;
        double alpha = 1.3, dalpha = 0.4, beta = -0.6, dbeta = 0.9;
        memcpy(a, a0, sizeof a);
        memcpy(x, x0, sizeof x);
        memcpy(y, y0, sizeof y);
        memcpy(dy, dy0, sizeof dy);
        switch (mode) {
        case GV_X:
          __enzyme_fwddiff_v((void *)u_gemv, layout, trans, m, n, enzyme_const, alpha, enzyme_const, a, lda, enzyme_dup, x, dx0, incx,
                             enzyme_const, beta, enzyme_dup, y, dy, incy);
          break;
        case GV_A:
          __enzyme_fwddiff_v((void *)u_gemv, layout, trans, m, n, enzyme_const, alpha, enzyme_dup, a, da0, lda, enzyme_const, x, incx,
                             enzyme_const, beta, enzyme_dup, y, dy, incy);
          break;
        case GV_AX:
          __enzyme_fwddiff_v((void *)u_gemv, layout, trans, m, n, enzyme_const, alpha, enzyme_dup, a, da0, lda, enzyme_dup, x, dx0, incx,
                             enzyme_const, beta, enzyme_dup, y, dy, incy);
          break;
        case GV_AX_ALPHA:
          __enzyme_fwddiff_v((void *)u_gemv, layout, trans, m, n, alpha, dalpha, enzyme_dup, a, da0, lda, enzyme_dup, x, dx0, incx,
                             enzyme_const, beta, enzyme_dup, y, dy, incy);
          break;
        case GV_ALPHA:
          __enzyme_fwddiff_v((void *)u_gemv, layout, trans, m, n, alpha, dalpha, enzyme_const, a, lda, enzyme_const, x, incx,
                             enzyme_const, beta, enzyme_dup, y, dy, incy);
          break;
        case GV_BETA:
          __enzyme_fwddiff_v((void *)u_gemv, layout, trans, m, n, enzyme_const, alpha, enzyme_const, a, lda, enzyme_const, x, incx,
                             beta, dbeta, enzyme_dup, y, dy, incy);
          break;
        case GV_Y_ONLY:
          __enzyme_fwddiff_v((void *)u_gemv, layout, trans, m, n, enzyme_const, alpha, enzyme_const, a, lda, enzyme_const, x, incx,
                             enzyme_const, beta, enzyme_dup, y, dy, incy);
          break;
        default:
          req_gemv_x_dupnoneed(layout, trans, m, n, alpha, a, lda, x, dx0, incx, beta, y, dy, incy);
          break;
        }
        int rows = t ? n : m, cols = t ? m : n;
        for (int k = 0; k < len; k++) {
          int i = k / incy;
          touched[k] = k % incy == 0 && i < rows;
          an[k] = dy0[k];
          if (!touched[k]) continue;
          double sA = 0.0, sdA = 0.0, sdx = 0.0;
          for (int j = 0; j < cols; j++) {
            sA += op_at(a0, layout, trans, lda, i, j) * x0[j * incx];
            sdA += op_at(da0, layout, trans, lda, i, j) * x0[j * incx];
            sdx += op_at(a0, layout, trans, lda, i, j) * dx0[j * incx];
          }
          an[k] = (valpha ? dalpha * sA : 0.0) + alpha * ((vA ? sdA : 0.0) + (vx ? sdx : 0.0)) + (vbeta ? dbeta * y0[k] : 0.0) +
                  beta * dy0[k];
        }
        for (int s = -1; s <= 1; s += 2) {
          double *out = s > 0 ? plus : minus;
          shifted(as, a0, vA ? da0 : NULL, BUF, s);
          shifted(xs, x0, vx ? dx0 : NULL, BUF, s);
          shifted(out, y0, dy0, BUF, s);
          u_gemv(layout, trans, m, n, alpha + (valpha ? s * FD_H * dalpha : 0.0), as, lda, xs, incx,
                 beta + (vbeta ? s * FD_H * dbeta : 0.0), out, incy);
        }
        snprintf(name, sizeof name, "dgemv.%s.%s.%s.dy", layout_name(layout), option_name(trans), gv_names[mode]);
        check_out(name, dy, an, touched, plus, minus, len);
        if (mode != GV_X_DUPNONEED) {
          memcpy(ref, y0, sizeof ref);
          u_gemv(layout, trans, m, n, alpha, a0, lda, x0, incx, beta, ref, incy);
          check_primal(name, y, ref, len);
        }
      }
}

/* ---- dsymv (only the uplo triangle of A and of its tangent is read). ---- */

static void test_symv(void) {
  const int n = 3, len = 8;
  double a0[BUF], da0[BUF], x0[BUF], dx0[BUF], y0[BUF], dy0[BUF];
  double a[BUF], x[BUF], y[BUF], dy[BUF], as[BUF], xs[BUF], plus[BUF], minus[BUF], an[BUF], ref[BUF];
  int touched[BUF];
  fill(a0, BUF, 0.7);
  fill(da0, BUF, 1.7);
  fill(x0, BUF, 2.7);
  fill(dx0, BUF, 3.7);
  fill(y0, BUF, 4.7);
  fill(dy0, BUF, 5.7);
  static const int layouts[2] = {CblasRowMajor, CblasColMajor};
  static const int uplos[4] = {CblasUpper, CblasLower, 'U', 'l'};
  static const char *modes[4] = {"A", "x", "Ax", "Ax_alpha"};
  char name[96];
  for (int li = 0; li < 2; li++)
    for (int ui = 0; ui < 4; ui++)
      for (int mode = 0; mode < 4; mode++) {
        int layout = layouts[li], uplo = uplos[ui], lda = n + (li == 0);
        int incx = 1 + (mode == 1), incy = 1 + (ui >= 2);
        int vA = mode != 1, vx = mode != 0, valpha = mode == 3;
        double alpha = 0.8, dalpha = -0.5, beta = 1.5;
        memcpy(a, a0, sizeof a);
        memcpy(x, x0, sizeof x);
        memcpy(y, y0, sizeof y);
        memcpy(dy, dy0, sizeof dy);
        switch (mode) {
        case 0:
          __enzyme_fwddiff_v((void *)u_symv, layout, uplo, n, enzyme_const, alpha, enzyme_dup, a, da0, lda, enzyme_const, x, incx,
                             enzyme_const, beta, enzyme_dup, y, dy, incy);
          break;
        case 1:
          __enzyme_fwddiff_v((void *)u_symv, layout, uplo, n, enzyme_const, alpha, enzyme_const, a, lda, enzyme_dup, x, dx0, incx,
                             enzyme_const, beta, enzyme_dup, y, dy, incy);
          break;
        case 2:
          __enzyme_fwddiff_v((void *)u_symv, layout, uplo, n, enzyme_const, alpha, enzyme_dup, a, da0, lda, enzyme_dup, x, dx0, incx,
                             enzyme_const, beta, enzyme_dup, y, dy, incy);
          break;
        default:
          __enzyme_fwddiff_v((void *)u_symv, layout, uplo, n, alpha, dalpha, enzyme_dup, a, da0, lda, enzyme_dup, x, dx0, incx,
                             enzyme_const, beta, enzyme_dup, y, dy, incy);
          break;
        }
        for (int k = 0; k < len; k++) {
          int i = k / incy;
          touched[k] = k % incy == 0 && i < n;
          an[k] = dy0[k];
          if (!touched[k]) continue;
          double sA = 0.0, sdA = 0.0, sdx = 0.0;
          for (int j = 0; j < n; j++) {
            sA += sym_at(a0, layout, uplo, lda, i, j) * x0[j * incx];
            sdA += sym_at(da0, layout, uplo, lda, i, j) * x0[j * incx];
            sdx += sym_at(a0, layout, uplo, lda, i, j) * dx0[j * incx];
          }
          an[k] = (valpha ? dalpha * sA : 0.0) + alpha * ((vA ? sdA : 0.0) + (vx ? sdx : 0.0)) + beta * dy0[k];
        }
        for (int s = -1; s <= 1; s += 2) {
          double *out = s > 0 ? plus : minus;
          shifted(as, a0, vA ? da0 : NULL, BUF, s);
          shifted(xs, x0, vx ? dx0 : NULL, BUF, s);
          shifted(out, y0, dy0, BUF, s);
          u_symv(layout, uplo, n, alpha + (valpha ? s * FD_H * dalpha : 0.0), as, lda, xs, incx, beta, out, incy);
        }
        snprintf(name, sizeof name, "dsymv.%s.%s.%s.dy", layout_name(layout), option_name(uplo), modes[mode]);
        check_out(name, dy, an, touched, plus, minus, len);
        memcpy(ref, y0, sizeof ref);
        u_symv(layout, uplo, n, alpha, a0, lda, x0, incx, beta, ref, incy);
        check_primal(name, y, ref, len);
      }
}

/* x^T S x through symv into a local vector and ddot. */
static void test_quadform(void) {
  const int n = 3, lda = 4, incx = 2;
  double a0[BUF], da0[BUF], x0[BUF], dx0[BUF], as[BUF], xs[BUF], a[BUF], x[BUF];
  fill(a0, BUF, 0.9);
  fill(da0, BUF, 1.9);
  fill(x0, BUF, 2.9);
  fill(dx0, BUF, 3.9);
  static const int layouts[2] = {CblasRowMajor, CblasColMajor};
  static const int uplos[2] = {CblasLower, 'U'};
  for (int li = 0; li < 2; li++)
    for (int ui = 0; ui < 2; ui++) {
      int layout = layouts[li], uplo = uplos[ui];
      memcpy(a, a0, sizeof a);
      memcpy(x, x0, sizeof x);
      double got = __enzyme_fwddiff((void *)u_quadform, layout, uplo, n, enzyme_dup, a, da0, lda, enzyme_dup, x, dx0, incx);
      double an = 0.0;
      for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
          an += x0[i * incx] * sym_at(da0, layout, uplo, lda, i, j) * x0[j * incx] +
                2.0 * x0[i * incx] * sym_at(a0, layout, uplo, lda, i, j) * dx0[j * incx];
      shifted(as, a0, da0, BUF, 1);
      shifted(xs, x0, dx0, BUF, 1);
      double p = u_quadform(layout, uplo, n, as, lda, xs, incx);
      shifted(as, a0, da0, BUF, -1);
      shifted(xs, x0, dx0, BUF, -1);
      double m = u_quadform(layout, uplo, n, as, lda, xs, incx);
      CHECK_DERIV(NAME("quadform.%s.%s.dreturn", layout_name(layout), option_name(uplo)), got, an, fd_of(p, m));
    }
}

/* ---- dgemm. ---- */

enum { GM_AB, GM_A, GM_B, GM_ALPHA, GM_AB_ALPHA, GM_C_ONLY, GM_AB_DUPNONEED, GM_MODES };
static const char *gm_names[GM_MODES] = {"AB", "A", "B", "alpha", "AB_alpha", "C_only", "AB_dupnoneed"};

static void run_gemm_case(int layout, int transa, int transb, int mode, int pad_a, int pad_b) {
  const int m = 2, n = 3, k = 4;
  int rm = layout == CblasRowMajor, ta = is_trans(transa), tb = is_trans(transb);
  int lda = (rm ? (ta ? m : k) : (ta ? k : m)) + pad_a, ldb = (rm ? (tb ? k : n) : (tb ? n : k)) + pad_b;
  int ldc = (rm ? n : m) + 1, len = (rm ? m : n) * ldc;
  double a0[BUF], da0[BUF], b0[BUF], db0[BUF], c0[BUF], dc0[BUF];
  double a[BUF], b[BUF], c[BUF], dc[BUF], as[BUF], bs[BUF], plus[BUF], minus[BUF], an[BUF], ref[BUF];
  int touched[BUF];
  fill(a0, BUF, 0.2);
  fill(da0, BUF, 1.2);
  fill(b0, BUF, 2.2);
  fill(db0, BUF, 3.2);
  fill(c0, BUF, 4.2);
  fill(dc0, BUF, 5.2);
  int vA = mode == GM_AB || mode == GM_A || mode == GM_AB_ALPHA || mode == GM_AB_DUPNONEED;
  int vB = mode == GM_AB || mode == GM_B || mode == GM_AB_ALPHA || mode == GM_AB_DUPNONEED;
  int valpha = mode == GM_ALPHA || mode == GM_AB_ALPHA;
  double alpha = 1.1, dalpha = 0.35, beta = 0.45;
  memcpy(a, a0, sizeof a);
  memcpy(b, b0, sizeof b);
  memcpy(c, c0, sizeof c);
  memcpy(dc, dc0, sizeof dc);
  switch (mode) {
  case GM_AB:
    __enzyme_fwddiff_v((void *)u_gemm, layout, transa, transb, m, n, k, enzyme_const, alpha, enzyme_dup, a, da0, lda, enzyme_dup, b, db0,
                       ldb, enzyme_const, beta, enzyme_dup, c, dc, ldc);
    break;
  case GM_A:
    __enzyme_fwddiff_v((void *)u_gemm, layout, transa, transb, m, n, k, enzyme_const, alpha, enzyme_dup, a, da0, lda, enzyme_const, b,
                       ldb, enzyme_const, beta, enzyme_dup, c, dc, ldc);
    break;
  case GM_B:
    __enzyme_fwddiff_v((void *)u_gemm, layout, transa, transb, m, n, k, enzyme_const, alpha, enzyme_const, a, lda, enzyme_dup, b, db0,
                       ldb, enzyme_const, beta, enzyme_dup, c, dc, ldc);
    break;
  case GM_ALPHA:
    __enzyme_fwddiff_v((void *)u_gemm, layout, transa, transb, m, n, k, alpha, dalpha, enzyme_const, a, lda, enzyme_const, b, ldb,
                       enzyme_const, beta, enzyme_dup, c, dc, ldc);
    break;
  case GM_AB_ALPHA:
    __enzyme_fwddiff_v((void *)u_gemm, layout, transa, transb, m, n, k, alpha, dalpha, enzyme_dup, a, da0, lda, enzyme_dup, b, db0, ldb,
                       enzyme_const, beta, enzyme_dup, c, dc, ldc);
    break;
  case GM_C_ONLY:
    __enzyme_fwddiff_v((void *)u_gemm, layout, transa, transb, m, n, k, enzyme_const, alpha, enzyme_const, a, lda, enzyme_const, b, ldb,
                       enzyme_const, beta, enzyme_dup, c, dc, ldc);
    break;
  default:
    req_gemm_ab_dupnoneed(layout, transa, transb, m, n, k, alpha, a, da0, lda, b, db0, ldb, beta, c, dc, ldc);
    break;
  }
  for (int e = 0; e < len; e++) {
    touched[e] = 0;
    an[e] = dc0[e];
  }
  for (int i = 0; i < m; i++)
    for (int j = 0; j < n; j++) {
      double p = 0.0, pdA = 0.0, pdB = 0.0;
      for (int l = 0; l < k; l++) {
        p += op_at(a0, layout, transa, lda, i, l) * op_at(b0, layout, transb, ldb, l, j);
        pdA += op_at(da0, layout, transa, lda, i, l) * op_at(b0, layout, transb, ldb, l, j);
        pdB += op_at(a0, layout, transa, lda, i, l) * op_at(db0, layout, transb, ldb, l, j);
      }
      long e = nb_idx(rm, ldc, i, j);
      touched[e] = 1;
      an[e] = (valpha ? dalpha * p : 0.0) + alpha * ((vA ? pdA : 0.0) + (vB ? pdB : 0.0)) + beta * dc0[e];
    }
  for (int s = -1; s <= 1; s += 2) {
    double *out = s > 0 ? plus : minus;
    shifted(as, a0, vA ? da0 : NULL, BUF, s);
    shifted(bs, b0, vB ? db0 : NULL, BUF, s);
    shifted(out, c0, dc0, BUF, s);
    u_gemm(layout, transa, transb, m, n, k, alpha + (valpha ? s * FD_H * dalpha : 0.0), as, lda, bs, ldb, beta, out, ldc);
  }
  char name[96];
  snprintf(name, sizeof name, "dgemm.%s.%s.%s.%s.dC", layout_name(layout), option_name(transa), option_name(transb), gm_names[mode]);
  check_out(name, dc, an, touched, plus, minus, len);
  if (mode != GM_AB_DUPNONEED) {
    memcpy(ref, c0, sizeof ref);
    u_gemm(layout, transa, transb, m, n, k, alpha, a0, lda, b0, ldb, beta, ref, ldc);
    check_primal(name, c, ref, len);
  }
}

static void test_gemm(void) {
  static const int layouts[2] = {CblasRowMajor, CblasColMajor};
  static const int transes[2] = {CblasNoTrans, CblasTrans};
  for (int li = 0; li < 2; li++)
    for (int ai = 0; ai < 2; ai++)
      for (int bi = 0; bi < 2; bi++)
        for (int mode = 0; mode < GM_MODES; mode++)
          run_gemm_case(layouts[li], transes[ai], transes[bi], mode, (li + ai) & 1, (li + bi + 1) & 1);
  /* Fortran characters. */
  for (int li = 0; li < 2; li++) {
    run_gemm_case(layouts[li], 'N', 'T', GM_AB, 1, 0);
    run_gemm_case(layouts[li], 't', 'n', GM_AB, 0, 1);
    run_gemm_case(layouts[li], 'T', 't', GM_AB_ALPHA, 1, 1);
  }
}

/* ---- dsyrk (only the uplo triangle of C is written). ---- */

enum { SK_A, SK_ALPHA, SK_A_ALPHA, SK_C_ONLY, SK_MODES };
static const char *sk_names[SK_MODES] = {"A", "alpha", "A_alpha", "C_only"};

static void run_syrk_case(int layout, int uplo, int trans, int mode, int pad) {
  const int n = 3, k = 2;
  int rm = layout == CblasRowMajor, t = is_trans(trans), lower = is_lower(uplo);
  int lda = (rm ? (t ? n : k) : (t ? k : n)) + pad, ldc = n + rm, len = n * ldc;
  double a0[BUF], da0[BUF], c0[BUF], dc0[BUF];
  double a[BUF], c[BUF], dc[BUF], as[BUF], plus[BUF], minus[BUF], an[BUF], ref[BUF];
  int touched[BUF];
  fill(a0, BUF, 0.6);
  fill(da0, BUF, 1.6);
  fill(c0, BUF, 2.6);
  fill(dc0, BUF, 3.6);
  int vA = mode == SK_A || mode == SK_A_ALPHA, valpha = mode == SK_ALPHA || mode == SK_A_ALPHA;
  double alpha = 0.9, dalpha = -0.7, beta = 0.55;
  memcpy(a, a0, sizeof a);
  memcpy(c, c0, sizeof c);
  memcpy(dc, dc0, sizeof dc);
  switch (mode) {
  case SK_A:
    __enzyme_fwddiff_v((void *)u_syrk, layout, uplo, trans, n, k, enzyme_const, alpha, enzyme_dup, a, da0, lda, enzyme_const, beta,
                       enzyme_dup, c, dc, ldc);
    break;
  case SK_ALPHA:
    __enzyme_fwddiff_v((void *)u_syrk, layout, uplo, trans, n, k, alpha, dalpha, enzyme_const, a, lda, enzyme_const, beta, enzyme_dup,
                       c, dc, ldc);
    break;
  case SK_A_ALPHA:
    __enzyme_fwddiff_v((void *)u_syrk, layout, uplo, trans, n, k, alpha, dalpha, enzyme_dup, a, da0, lda, enzyme_const, beta,
                       enzyme_dup, c, dc, ldc);
    break;
  default:
    __enzyme_fwddiff_v((void *)u_syrk, layout, uplo, trans, n, k, enzyme_const, alpha, enzyme_const, a, lda, enzyme_const, beta,
                       enzyme_dup, c, dc, ldc);
    break;
  }
  for (int e = 0; e < len; e++) {
    touched[e] = 0;
    an[e] = dc0[e];
  }
  /* op(A) is n x k: A itself (trans N) or A^T (trans T). */
  int opt = t ? CblasTrans : CblasNoTrans;
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++) {
      if (lower ? i < j : i > j) continue;
      double g = 0.0, dg = 0.0;
      for (int l = 0; l < k; l++) {
        g += op_at(a0, layout, opt, lda, i, l) * op_at(a0, layout, opt, lda, j, l);
        dg += op_at(da0, layout, opt, lda, i, l) * op_at(a0, layout, opt, lda, j, l) +
              op_at(a0, layout, opt, lda, i, l) * op_at(da0, layout, opt, lda, j, l);
      }
      long e = nb_idx(rm, ldc, i, j);
      touched[e] = 1;
      an[e] = (valpha ? dalpha * g : 0.0) + (vA ? alpha * dg : 0.0) + beta * dc0[e];
    }
  for (int s = -1; s <= 1; s += 2) {
    double *out = s > 0 ? plus : minus;
    shifted(as, a0, vA ? da0 : NULL, BUF, s);
    shifted(out, c0, dc0, BUF, s);
    u_syrk(layout, uplo, trans, n, k, alpha + (valpha ? s * FD_H * dalpha : 0.0), as, lda, beta, out, ldc);
  }
  char name[96];
  snprintf(name, sizeof name, "dsyrk.%s.%s.%s.%s.dC", layout_name(layout), option_name(uplo), option_name(trans), sk_names[mode]);
  check_out(name, dc, an, touched, plus, minus, len);
  memcpy(ref, c0, sizeof ref);
  u_syrk(layout, uplo, trans, n, k, alpha, a0, lda, beta, ref, ldc);
  check_primal(name, c, ref, len);
}

static void test_syrk(void) {
  static const int layouts[2] = {CblasRowMajor, CblasColMajor};
  static const int uplos[2] = {CblasUpper, CblasLower};
  static const int transes[2] = {CblasNoTrans, CblasTrans};
  for (int li = 0; li < 2; li++)
    for (int ui = 0; ui < 2; ui++)
      for (int ti = 0; ti < 2; ti++)
        for (int mode = 0; mode < SK_MODES; mode++)
          run_syrk_case(layouts[li], uplos[ui], transes[ti], mode, (li + ui + ti) & 1);
  for (int li = 0; li < 2; li++) {
    run_syrk_case(layouts[li], 'L', 'T', SK_A, 1);
    run_syrk_case(layouts[li], 'u', 'n', SK_A_ALPHA, 0);
    run_syrk_case(layouts[li], 'U', 'N', SK_C_ONLY, 1);
  }
}

/* ---- dpotrf: the tangent is in the uplo triangle of the shadow, the rest of it stays. ---- */

static void run_potrf_case(int layout, int uplo, int n, int lda, int dupnoneed) {
  int rm = layout == CblasRowMajor, lower = is_lower(uplo), len = n * lda;
  double M[16], S[16], D[16], L[16], dL[16];
  double a0[BUF], da0[BUF], a[BUF], da[BUF], plus[BUF], minus[BUF], an[BUF];
  int touched[BUF];
  /* S = M M^T + n I (positive definite), D symmetric. */
  fill(M, n * n, 0.4);
  fill(D, n * n, 1.4);
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++) {
      double s = i == j ? n : 0.0;
      for (int p = 0; p < n; p++)
        s += M[i * n + p] * M[j * n + p];
      S[i * n + j] = s;
      if (j < i) D[i * n + j] = D[j * n + i];
    }
  /* The uplo triangle holds S and D; the other triangle and the padding hold values potrf must
   * not read, and the tangent there must stay as it was. */
  for (int e = 0; e < BUF; e++) {
    a0[e] = 40.0 + e;
    da0[e] = 0.5 * e - 3.25;
  }
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++)
      if (lower ? i >= j : i <= j) {
        a0[nb_idx(rm, lda, i, j)] = S[i * n + j];
        da0[nb_idx(rm, lda, i, j)] = D[i * n + j];
      }
  chol_tangent(n, S, D, L, dL);
  memcpy(a, a0, sizeof a);
  memcpy(da, da0, sizeof da);
  int info = -1;
  if (dupnoneed)
    req_potrf_dupnoneed(layout, uplo, n, a, da, lda, &info);
  else
    __enzyme_fwddiff_v((void *)u_potrf, layout, uplo, n, enzyme_dup, a, da, lda, enzyme_const, &info);
  for (int e = 0; e < len; e++) {
    touched[e] = 0;
    an[e] = da0[e];
  }
  double err = 0.0;
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++)
      if (lower ? i >= j : i <= j) {
        long e = nb_idx(rm, lda, i, j);
        touched[e] = 1;
        an[e] = lower ? dL[i * n + j] : dL[j * n + i]; /* upper: U = L^T */
        double ref = lower ? L[i * n + j] : L[j * n + i], d = fabs(a[e] - ref) / (fabs(ref) > 1.0 ? fabs(ref) : 1.0);
        if (!(d <= err)) err = d;
      }
  for (int s = -1; s <= 1; s += 2) {
    double *out = s > 0 ? plus : minus;
    int info2 = -1;
    shifted(out, a0, da0, BUF, s);
    u_potrf(layout, uplo, n, out, lda, &info2);
    if (info2 != 0) printf("FAIL potrf difference: info %d\n", info2), llad_failures++;
  }
  char name[96];
  snprintf(name, sizeof name, "dpotrf.%s.%s.n%d.lda%d%s.dA", layout_name(layout), option_name(uplo), n, lda, dupnoneed ? ".dupnoneed" : "");
  check_out(name, da, an, touched, plus, minus, len);
  if (!dupnoneed) {
    CHECK_CLOSE(NAME("%s.info", name), info, 0, 0.0);
    CHECK_CLOSE(NAME("%s.primal_maxerr", name), err, 0.0, 1e-12);
  }
}

static void test_potrf(void) {
  static const int layouts[2] = {CblasRowMajor, CblasColMajor};
  static const int uplos[6] = {CblasLower, CblasUpper, 'L', 'U', 'l', 'u'};
  for (int li = 0; li < 2; li++)
    for (int ui = 0; ui < 6; ui++) {
      int n = li == 0 ? 3 : 4;
      run_potrf_case(layouts[li], uplos[ui], n, n + (ui & 1), 0);
    }
  run_potrf_case(CblasColMajor, CblasLower, 2, 2, 0);
  run_potrf_case(CblasRowMajor, 'U', 1, 1, 0);
  run_potrf_case(CblasColMajor, CblasLower, 3, 4, 1);
  run_potrf_case(CblasRowMajor, 'u', 3, 3, 1);
}

/* log det(I + B^T B): syrk into a local matrix, potrf on it. */
static void test_gram_logdet(void) {
  const int n = 3, k = 4;
  double b0[BUF], db0[BUF], b[BUF], bs[BUF];
  fill(b0, BUF, 0.8);
  fill(db0, BUF, 1.8);
  static const int layouts[2] = {CblasRowMajor, CblasColMajor};
  static const int uplos[3] = {CblasLower, CblasUpper, 'L'};
  for (int li = 0; li < 2; li++)
    for (int ui = 0; ui < 3; ui++) {
      int layout = layouts[li], uplo = uplos[ui], rm = layout == CblasRowMajor, ldb = rm ? n : k;
      memcpy(b, b0, sizeof b);
      double got = __enzyme_fwddiff((void *)u_gram_logdet, layout, uplo, n, k, enzyme_dup, b, db0, ldb);
      double S[16], dS[16], L[16], dL[16];
      for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
          double s = i == j ? 1.0 : 0.0, ds = 0.0;
          for (int l = 0; l < k; l++) {
            s += b0[nb_idx(rm, ldb, l, i)] * b0[nb_idx(rm, ldb, l, j)];
            ds += db0[nb_idx(rm, ldb, l, i)] * b0[nb_idx(rm, ldb, l, j)] + b0[nb_idx(rm, ldb, l, i)] * db0[nb_idx(rm, ldb, l, j)];
          }
          S[i * n + j] = s;
          dS[i * n + j] = ds;
        }
      chol_tangent(n, S, dS, L, dL);
      double an = 0.0;
      for (int i = 0; i < n; i++)
        an += 2.0 * dL[i * n + i] / L[i * n + i];
      shifted(bs, b0, db0, BUF, 1);
      double p = u_gram_logdet(layout, uplo, n, k, bs, ldb);
      shifted(bs, b0, db0, BUF, -1);
      double m = u_gram_logdet(layout, uplo, n, k, bs, ldb);
      CHECK_DERIV(NAME("gram_logdet.%s.%s.dreturn", layout_name(layout), option_name(uplo)), got, an, fd_of(p, m));
    }
}

int main(void) {
  test_naive_blas();
  test_level1();
  test_gemv();
  test_symv();
  test_quadform();
  test_gemm();
  test_syrk();
  test_potrf();
  test_gram_logdet();
  return llad_report();
}
