/* Naive reference BLAS/LAPACK routines (double precision, CBLAS interface) for the end-to-end
 * programs that call BLAS (tests/e2e/fwd_blas.c). llad differentiates calls of cblas_ddot,
 * dnrm2, daxpy, dscal, dcopy, dgemv, dsymv, dgemm, dsyrk and dpotrf by rule; the derivative code
 * it emits calls cblas_ddot, dnrm2, daxpy, dscal, dcopy, dgemv, dsymv, dgemm, dsyrk, dsyr2k,
 * dtrsm, dtrmm and the LAPACK-style helpers cblas_dlacpy and cblas_dlascl in Enzyme's form, so a
 * program defines all of them here: plain loops, row- and column-major, increments >= 1, any
 * leading dimension.
 *
 * Options are accepted in both conventions the rules use: the CBLAS enumerations (CblasNoTrans,
 * CblasUpper, CblasLeft, CblasNonUnit, ...) and the Fortran characters ('N', 'T', 'U', 'L', 'R',
 * either case). Anything else (or a leading dimension too small, an increment below 1) is a bug
 * in the caller: the routine prints a FAIL line and aborts rather than guess.
 *
 * The routines are ordinary external functions (their CBLAS names must stay visible to llad),
 * kept out of line so that every optimization level calls them as a program calls a BLAS
 * library, and llad's rules rather than their code are what is differentiated.
 */
#ifndef LLAD_NAIVE_BLAS_H
#define LLAD_NAIVE_BLAS_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

enum {
  CblasRowMajor = 101, CblasColMajor = 102,
  CblasNoTrans = 111, CblasTrans = 112, CblasConjTrans = 113,
  CblasUpper = 121, CblasLower = 122,
  CblasNonUnit = 131, CblasUnit = 132,
  CblasLeft = 141, CblasRight = 142
};

#define NAIVE_BLAS __attribute__((noinline))

__attribute__((noreturn)) static void nb_bad(const char *fn, const char *what, long v) {
  printf("FAIL naive_blas %s: bad %s argument %ld\n", fn, what, v);
  fflush(stdout);
  abort();
}

/* 1 row-major, 0 column-major. */
static inline int nb_row_major(const char *fn, int layout) {
  if (layout == CblasRowMajor) return 1;
  if (layout == CblasColMajor) return 0;
  nb_bad(fn, "layout", layout);
}

/* 1 transposed, 0 not. */
static inline int nb_is_trans(const char *fn, int c) {
  if (c == CblasTrans || c == CblasConjTrans || c == 'T' || c == 't' || c == 'C' || c == 'c') return 1;
  if (c == CblasNoTrans || c == 'N' || c == 'n') return 0;
  nb_bad(fn, "trans", c);
}

/* 1 lower, 0 upper. */
static inline int nb_is_lower(const char *fn, int c) {
  if (c == CblasLower || c == 'L' || c == 'l') return 1;
  if (c == CblasUpper || c == 'U' || c == 'u') return 0;
  nb_bad(fn, "uplo", c);
}

/* 1 left, 0 right. */
static inline int nb_is_left(const char *fn, int c) {
  if (c == CblasLeft || c == 'L' || c == 'l') return 1;
  if (c == CblasRight || c == 'R' || c == 'r') return 0;
  nb_bad(fn, "side", c);
}

/* 1 unit diagonal, 0 not. */
static inline int nb_is_unit(const char *fn, int c) {
  if (c == CblasUnit || c == 'U' || c == 'u') return 1;
  if (c == CblasNonUnit || c == 'N' || c == 'n') return 0;
  nb_bad(fn, "diag", c);
}

static inline void nb_dims(const char *fn, int a, int b) {
  if (a < 0) nb_bad(fn, "dimension", a);
  if (b < 0) nb_bad(fn, "dimension", b);
}

static inline void nb_inc(const char *fn, int inc) {
  if (inc < 1) nb_bad(fn, "increment", inc);
}

/* A leading dimension must hold `need` elements (and be at least 1). */
static inline void nb_ld(const char *fn, int ld, int need) {
  if (ld < 1 || ld < need) nb_bad(fn, "leading dimension", ld);
}

/* Offset of element (i, j) of a matrix with leading dimension ld. */
static inline long nb_idx(int row_major, int ld, int i, int j) {
  return row_major ? (long)i * ld + j : (long)j * ld + i;
}

NAIVE_BLAS double cblas_ddot(int n, const double *x, int incx, const double *y, int incy) {
  double s = 0.0;
  if (n <= 0) return 0.0;
  nb_inc("cblas_ddot", incx);
  nb_inc("cblas_ddot", incy);
  for (int i = 0; i < n; i++)
    s += x[(long)i * incx] * y[(long)i * incy];
  return s;
}

NAIVE_BLAS double cblas_dnrm2(int n, const double *x, int incx) {
  double s = 0.0;
  if (n <= 0) return 0.0;
  nb_inc("cblas_dnrm2", incx);
  for (int i = 0; i < n; i++)
    s += x[(long)i * incx] * x[(long)i * incx];
  return sqrt(s);
}

NAIVE_BLAS void cblas_daxpy(int n, double alpha, const double *x, int incx, double *y, int incy) {
  if (n <= 0) return;
  nb_inc("cblas_daxpy", incx);
  nb_inc("cblas_daxpy", incy);
  for (int i = 0; i < n; i++)
    y[(long)i * incy] += alpha * x[(long)i * incx];
}

NAIVE_BLAS void cblas_dscal(int n, double alpha, double *x, int incx) {
  if (n <= 0) return;
  nb_inc("cblas_dscal", incx);
  for (int i = 0; i < n; i++)
    x[(long)i * incx] *= alpha;
}

NAIVE_BLAS void cblas_dcopy(int n, const double *x, int incx, double *y, int incy) {
  if (n <= 0) return;
  nb_inc("cblas_dcopy", incx);
  nb_inc("cblas_dcopy", incy);
  for (int i = 0; i < n; i++)
    y[(long)i * incy] = x[(long)i * incx];
}

/* y := alpha op(A) x + beta y, A m x n. */
NAIVE_BLAS void cblas_dgemv(int layout, int trans, int m, int n, double alpha, const double *a, int lda,
                            const double *x, int incx, double beta, double *y, int incy) {
  const char *fn = "cblas_dgemv";
  int rm = nb_row_major(fn, layout), t = nb_is_trans(fn, trans);
  nb_dims(fn, m, n);
  nb_ld(fn, lda, rm ? n : m);
  int rows = t ? n : m, cols = t ? m : n;
  if (rows == 0) return;
  nb_inc(fn, incx);
  nb_inc(fn, incy);
  for (int i = 0; i < rows; i++) {
    double s = 0.0;
    for (int j = 0; j < cols; j++)
      s += (t ? a[nb_idx(rm, lda, j, i)] : a[nb_idx(rm, lda, i, j)]) * x[(long)j * incx];
    double *yi = &y[(long)i * incy];
    *yi = beta == 0.0 ? alpha * s : alpha * s + beta * *yi;
  }
}

/* y := alpha A x + beta y, A symmetric n x n, only its uplo triangle read. */
NAIVE_BLAS void cblas_dsymv(int layout, int uplo, int n, double alpha, const double *a, int lda,
                            const double *x, int incx, double beta, double *y, int incy) {
  const char *fn = "cblas_dsymv";
  int rm = nb_row_major(fn, layout), lower = nb_is_lower(fn, uplo);
  nb_dims(fn, n, n);
  nb_ld(fn, lda, n);
  if (n == 0) return;
  nb_inc(fn, incx);
  nb_inc(fn, incy);
  for (int i = 0; i < n; i++) {
    double s = 0.0;
    for (int j = 0; j < n; j++) {
      int stored = lower ? i >= j : i <= j;
      s += (stored ? a[nb_idx(rm, lda, i, j)] : a[nb_idx(rm, lda, j, i)]) * x[(long)j * incx];
    }
    double *yi = &y[(long)i * incy];
    *yi = beta == 0.0 ? alpha * s : alpha * s + beta * *yi;
  }
}

/* C := alpha op(A) op(B) + beta C, op(A) m x k, op(B) k x n, C m x n. */
NAIVE_BLAS void cblas_dgemm(int layout, int transa, int transb, int m, int n, int k, double alpha,
                            const double *a, int lda, const double *b, int ldb, double beta, double *c,
                            int ldc) {
  const char *fn = "cblas_dgemm";
  int rm = nb_row_major(fn, layout), ta = nb_is_trans(fn, transa), tb = nb_is_trans(fn, transb);
  nb_dims(fn, m, n);
  nb_dims(fn, k, k);
  nb_ld(fn, lda, rm ? (ta ? m : k) : (ta ? k : m));
  nb_ld(fn, ldb, rm ? (tb ? k : n) : (tb ? n : k));
  nb_ld(fn, ldc, rm ? n : m);
  for (int i = 0; i < m; i++)
    for (int j = 0; j < n; j++) {
      double s = 0.0;
      for (int l = 0; l < k; l++)
        s += (ta ? a[nb_idx(rm, lda, l, i)] : a[nb_idx(rm, lda, i, l)]) *
             (tb ? b[nb_idx(rm, ldb, j, l)] : b[nb_idx(rm, ldb, l, j)]);
      double *cij = &c[nb_idx(rm, ldc, i, j)];
      *cij = beta == 0.0 ? alpha * s : alpha * s + beta * *cij;
    }
}

/* C := alpha A A^T + beta C (trans N, A n x k) or alpha A^T A + beta C (trans T, A k x n), only
 * the uplo triangle of C referenced. */
NAIVE_BLAS void cblas_dsyrk(int layout, int uplo, int trans, int n, int k, double alpha, const double *a,
                            int lda, double beta, double *c, int ldc) {
  const char *fn = "cblas_dsyrk";
  int rm = nb_row_major(fn, layout), lower = nb_is_lower(fn, uplo), t = nb_is_trans(fn, trans);
  nb_dims(fn, n, k);
  nb_ld(fn, lda, rm ? (t ? n : k) : (t ? k : n));
  nb_ld(fn, ldc, n);
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++) {
      if (lower ? i < j : i > j) continue;
      double s = 0.0;
      for (int l = 0; l < k; l++)
        s += t ? a[nb_idx(rm, lda, l, i)] * a[nb_idx(rm, lda, l, j)]
               : a[nb_idx(rm, lda, i, l)] * a[nb_idx(rm, lda, j, l)];
      double *cij = &c[nb_idx(rm, ldc, i, j)];
      *cij = beta == 0.0 ? alpha * s : alpha * s + beta * *cij;
    }
}

/* C := alpha (A B^T + B A^T) + beta C (trans N, A and B n x k) or alpha (A^T B + B^T A) + beta C
 * (trans T, A and B k x n), only the uplo triangle of C referenced. */
NAIVE_BLAS void cblas_dsyr2k(int layout, int uplo, int trans, int n, int k, double alpha, const double *a,
                             int lda, const double *b, int ldb, double beta, double *c, int ldc) {
  const char *fn = "cblas_dsyr2k";
  int rm = nb_row_major(fn, layout), lower = nb_is_lower(fn, uplo), t = nb_is_trans(fn, trans);
  nb_dims(fn, n, k);
  nb_ld(fn, lda, rm ? (t ? n : k) : (t ? k : n));
  nb_ld(fn, ldb, rm ? (t ? n : k) : (t ? k : n));
  nb_ld(fn, ldc, n);
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++) {
      if (lower ? i < j : i > j) continue;
      double s = 0.0;
      for (int l = 0; l < k; l++) {
        if (t)
          s += a[nb_idx(rm, lda, l, i)] * b[nb_idx(rm, ldb, l, j)] + b[nb_idx(rm, ldb, l, i)] * a[nb_idx(rm, lda, l, j)];
        else
          s += a[nb_idx(rm, lda, i, l)] * b[nb_idx(rm, ldb, j, l)] + b[nb_idx(rm, ldb, i, l)] * a[nb_idx(rm, lda, j, l)];
      }
      double *cij = &c[nb_idx(rm, ldc, i, j)];
      *cij = beta == 0.0 ? alpha * s : alpha * s + beta * *cij;
    }
}

/* Element (i, j) of op(A) for a triangular A (uplo, diag): only the uplo triangle is read, the
 * other one is zero, a unit diagonal is 1. */
static inline double nb_tri(const double *a, int rm, int lda, int lower, int t, int unit, int i, int j) {
  int r = t ? j : i, c = t ? i : j;
  if (r == c) return unit ? 1.0 : a[nb_idx(rm, lda, r, r)];
  if (lower ? r > c : r < c) return a[nb_idx(rm, lda, r, c)];
  return 0.0;
}

/* Solves op(A) X = alpha B (side left, A m x m) or X op(A) = alpha B (side right, A n x n) for X,
 * A triangular; B (m x n) is overwritten by X. */
NAIVE_BLAS void cblas_dtrsm(int layout, int side, int uplo, int transa, int diag, int m, int n, double alpha,
                            const double *a, int lda, double *b, int ldb) {
  const char *fn = "cblas_dtrsm";
  int rm = nb_row_major(fn, layout), left = nb_is_left(fn, side), lower = nb_is_lower(fn, uplo);
  int t = nb_is_trans(fn, transa), unit = nb_is_unit(fn, diag);
  nb_dims(fn, m, n);
  nb_ld(fn, lda, left ? m : n);
  nb_ld(fn, ldb, rm ? n : m);
  int op_lower = lower != t; /* op(A) is lower triangular */
  for (int i = 0; i < m; i++)
    for (int j = 0; j < n; j++)
      b[nb_idx(rm, ldb, i, j)] *= alpha;
  if (left) {
    /* Each column x of X: op(A) x = b. */
    for (int j = 0; j < n; j++)
      for (int s = 0; s < m; s++) {
        int i = op_lower ? s : m - 1 - s;
        double v = b[nb_idx(rm, ldb, i, j)];
        for (int p = 0; p < m; p++)
          if (op_lower ? p < i : p > i) v -= nb_tri(a, rm, lda, lower, t, unit, i, p) * b[nb_idx(rm, ldb, p, j)];
        b[nb_idx(rm, ldb, i, j)] = v / nb_tri(a, rm, lda, lower, t, unit, i, i);
      }
  } else {
    /* Each row x of X: x op(A) = b, i.e. sum_p x_p op(A)(p, q) = b_q. */
    for (int i = 0; i < m; i++)
      for (int s = 0; s < n; s++) {
        int q = op_lower ? n - 1 - s : s;
        double v = b[nb_idx(rm, ldb, i, q)];
        for (int p = 0; p < n; p++)
          if (op_lower ? p > q : p < q) v -= b[nb_idx(rm, ldb, i, p)] * nb_tri(a, rm, lda, lower, t, unit, p, q);
        b[nb_idx(rm, ldb, i, q)] = v / nb_tri(a, rm, lda, lower, t, unit, q, q);
      }
  }
}

/* B := alpha op(A) B (side left, A m x m) or alpha B op(A) (side right, A n x n), A triangular,
 * B m x n. */
NAIVE_BLAS void cblas_dtrmm(int layout, int side, int uplo, int transa, int diag, int m, int n, double alpha,
                            const double *a, int lda, double *b, int ldb) {
  const char *fn = "cblas_dtrmm";
  int rm = nb_row_major(fn, layout), left = nb_is_left(fn, side), lower = nb_is_lower(fn, uplo);
  int t = nb_is_trans(fn, transa), unit = nb_is_unit(fn, diag);
  nb_dims(fn, m, n);
  nb_ld(fn, lda, left ? m : n);
  nb_ld(fn, ldb, rm ? n : m);
  if (m == 0 || n == 0) return;
  double *r = malloc(sizeof(double) * (size_t)m * (size_t)n);
  if (!r) nb_bad(fn, "allocation of m*n", (long)m * n);
  for (int i = 0; i < m; i++)
    for (int j = 0; j < n; j++) {
      double s = 0.0;
      if (left)
        for (int p = 0; p < m; p++) s += nb_tri(a, rm, lda, lower, t, unit, i, p) * b[nb_idx(rm, ldb, p, j)];
      else
        for (int p = 0; p < n; p++) s += b[nb_idx(rm, ldb, i, p)] * nb_tri(a, rm, lda, lower, t, unit, p, j);
      r[(long)i * n + j] = alpha * s;
    }
  for (int i = 0; i < m; i++)
    for (int j = 0; j < n; j++)
      b[nb_idx(rm, ldb, i, j)] = r[(long)i * n + j];
  free(r);
}

/* Part of an m x n matrix an uplo / lascl type selects: 1 upper triangle, 2 lower triangle (each
 * with the diagonal), 0 all of it. */
static inline int nb_in_part(int part, int i, int j) {
  return part == 1 ? i <= j : part == 2 ? i >= j : 1;
}

/* B := A on the uplo triangle (with the diagonal) of an m x n matrix; any other uplo: all of it. */
NAIVE_BLAS void cblas_dlacpy(int layout, int uplo, int m, int n, const double *a, int lda, double *b, int ldb) {
  const char *fn = "cblas_dlacpy";
  int rm = nb_row_major(fn, layout);
  int part = (uplo == CblasUpper || uplo == 'U' || uplo == 'u') ? 1 : (uplo == CblasLower || uplo == 'L' || uplo == 'l') ? 2 : 0;
  nb_dims(fn, m, n);
  nb_ld(fn, lda, rm ? n : m);
  nb_ld(fn, ldb, rm ? n : m);
  for (int i = 0; i < m; i++)
    for (int j = 0; j < n; j++)
      if (nb_in_part(part, i, j)) b[nb_idx(rm, ldb, i, j)] = a[nb_idx(rm, lda, i, j)];
}

/* A := (cto / cfrom) A on the part of the m x n matrix A that type selects: 'G' all of it,
 * 'U' / 'L' (or CblasUpper / CblasLower) that triangle with the diagonal. kl, ku and info are
 * unused (as for the types above in LAPACK). */
NAIVE_BLAS void cblas_dlascl(int layout, int type, int kl, int ku, double cfrom, double cto, int m, int n,
                             double *a, int lda, int info) {
  const char *fn = "cblas_dlascl";
  (void)kl; (void)ku; (void)info;
  int rm = nb_row_major(fn, layout), part;
  if (type == 'G' || type == 'g') part = 0;
  else if (type == 'U' || type == 'u' || type == CblasUpper) part = 1;
  else if (type == 'L' || type == 'l' || type == CblasLower) part = 2;
  else nb_bad(fn, "type", type);
  if (cfrom == 0.0 || cfrom != cfrom) nb_bad(fn, "cfrom (zero or NaN)", 0);
  nb_dims(fn, m, n);
  nb_ld(fn, lda, rm ? n : m);
  double mul = cto / cfrom;
  for (int i = 0; i < m; i++)
    for (int j = 0; j < n; j++)
      if (nb_in_part(part, i, j)) a[nb_idx(rm, lda, i, j)] *= mul;
}

/* Cholesky factorization in place: A = L L^T (lower) or U^T U (upper), reading and writing only
 * the uplo triangle; *info = 0, or j + 1 if the leading minor of order j + 1 is not positive
 * definite. */
NAIVE_BLAS void cblas_dpotrf(int layout, int uplo, int n, double *a, int lda, int *info) {
  const char *fn = "cblas_dpotrf";
  int rm = nb_row_major(fn, layout), lower = nb_is_lower(fn, uplo);
  nb_dims(fn, n, n);
  nb_ld(fn, lda, n);
  /* L(i, j), i >= j, is element (i, j) of the lower triangle or (j, i) of the upper one. */
#define NB_L(i, j) a[lower ? nb_idx(rm, lda, (i), (j)) : nb_idx(rm, lda, (j), (i))]
  for (int j = 0; j < n; j++) {
    double d = NB_L(j, j);
    for (int p = 0; p < j; p++) d -= NB_L(j, p) * NB_L(j, p);
    if (!(d > 0.0)) {
      if (info) *info = j + 1;
      return;
    }
    double ljj = sqrt(d);
    NB_L(j, j) = ljj;
    for (int i = j + 1; i < n; i++) {
      double s = NB_L(i, j);
      for (int p = 0; p < j; p++) s -= NB_L(i, p) * NB_L(j, p);
      NB_L(i, j) = s / ljj;
    }
  }
#undef NB_L
  if (info) *info = 0;
}

#endif
