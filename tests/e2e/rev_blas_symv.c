/* Reverse mode through cblas_dsymv by rule: y = alpha A x + beta y with A symmetric, only its
 * uplo triangle stored. loss = sum_i w_i y_i^2. The adjoint of a stored off-diagonal entry counts
 * both A(i,j) and A(j,i); a diagonal entry once; the other triangle (junk here) gets nothing.
 * Every adjoint (stored triangle of A, x, the incoming y, alpha, beta) is checked against central
 * differences and an analytic value, for both layouts and both triangles (enums and characters),
 * with lda > n and strided vectors. */
#include "check.h"
#include "naive_blas.h"

typedef struct {
  double alpha, beta;
} pair;
pair __enzyme_autodiff_pair(void *, ...); /* the adjoints of alpha and beta */
extern int enzyme_dup, enzyme_const, enzyme_out;

/* A := alpha (x y^T + y x^T) + A on the uplo triangle (what the symv adjoint calls). */
NAIVE_BLAS void cblas_dsyr2(int layout, int uplo, int n, double alpha, const double *x, int incx, const double *y, int incy, double *a, int lda) {
  const char *fn = "cblas_dsyr2";
  int rm = nb_row_major(fn, layout), lower = nb_is_lower(fn, uplo);
  nb_ld(fn, lda, n);
  nb_inc(fn, incx);
  nb_inc(fn, incy);
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++)
      if (lower ? i >= j : i <= j)
        a[nb_idx(rm, lda, i, j)] += alpha * (x[(long)i * incx] * y[(long)j * incy] + y[(long)i * incy] * x[(long)j * incx]);
}

#define NN 3
#define LDA 4
#define INCX 2
#define INCY 1

static const double w[NN] = {0.7, -1.1, 0.4};
static int layout_, uplo_;

LLAD_NOINLINE double loss(double alpha, const double *a, const double *x, double beta, double *y) {
  cblas_dsymv(layout_, uplo_, NN, alpha, a, LDA, x, INCX, beta, y, INCY);
  double s = 0;
  for (int i = 0; i < NN; i++) s += w[i] * y[i * INCY] * y[i * INCY];
  return s;
}

static double ainit[NN * LDA], xinit[NN * INCX], yinit[NN * INCY];
static const double alpha0 = 1.3, beta0 = -0.6;

static double value(double alpha, const double *a, const double *x, double beta, const double *y) {
  double yy[NN * INCY];
  for (int i = 0; i < NN * INCY; i++) yy[i] = y[i];
  return loss(alpha, a, x, beta, yy);
}

/* Central difference of the loss along one input entry. */
static double fd_entry(int which, int index) {
  double a[NN * LDA], x[NN * INCX], y[NN * INCY], v[2];
  for (int s = 0; s < 2; s++) {
    double h = s ? -FD_H : FD_H, alpha = alpha0, beta = beta0;
    for (int i = 0; i < NN * LDA; i++) a[i] = ainit[i];
    for (int i = 0; i < NN * INCX; i++) x[i] = xinit[i];
    for (int i = 0; i < NN * INCY; i++) y[i] = yinit[i];
    if (which == 0) a[index] += h;
    if (which == 1) x[index] += h;
    if (which == 2) y[index] += h;
    if (which == 3) alpha += h;
    if (which == 4) beta += h;
    v[s] = value(alpha, a, x, beta, y);
  }
  return (v[0] - v[1]) / (2 * FD_H);
}

int main(void) {
  const int layouts[2] = {101, 102}, uplos[4] = {121, 122, 'U', 'l'};
  for (int li = 0; li < 2; li++)
    for (int ui = 0; ui < 4; ui++) {
      layout_ = layouts[li], uplo_ = uplos[ui];
      int rm = layout_ == 101, lower = uplo_ == 122 || uplo_ == 'l';
      for (int i = 0; i < NN * LDA; i++) ainit[i] = 0.1 * (i % 7) - 0.25 + (i == 5 ? 0.5 : 0.0);
      for (int i = 0; i < NN * INCX; i++) xinit[i] = 0.3 * i - 0.4;
      for (int i = 0; i < NN * INCY; i++) yinit[i] = 0.2 - 0.15 * i;
      double a[NN * LDA], x[NN * INCX], y[NN * INCY], da[NN * LDA] = {0}, dx[NN * INCX] = {0}, dy[NN * INCY] = {0};
      for (int i = 0; i < NN * LDA; i++) a[i] = ainit[i];
      for (int i = 0; i < NN * INCX; i++) x[i] = xinit[i];
      for (int i = 0; i < NN * INCY; i++) y[i] = yinit[i];
      pair d = __enzyme_autodiff_pair((void *)loss, enzyme_out, alpha0, enzyme_dup, a, da, enzyme_dup, x, dx, enzyme_out, beta0, enzyme_dup, y, dy);
      /* analytic: y1 = alpha S x + beta yinit with S the symmetric matrix; g = 2 w y1 */
      double s[NN][NN], y1[NN], gy[NN];
      for (int i = 0; i < NN; i++)
        for (int j = 0; j < NN; j++) {
          int stored = lower ? i >= j : i <= j;
          int r = stored ? i : j, c = stored ? j : i;
          s[i][j] = ainit[rm ? r * LDA + c : r + c * LDA];
        }
      for (int i = 0; i < NN; i++) {
        double t = 0;
        for (int j = 0; j < NN; j++) t += s[i][j] * xinit[j * INCX];
        y1[i] = alpha0 * t + beta0 * yinit[i * INCY];
        gy[i] = 2 * w[i] * y1[i];
      }
      for (int i = 0; i < NN; i++)
        for (int j = 0; j < NN; j++) {
          int at = rm ? i * LDA + j : i + j * LDA;
          int stored = lower ? i >= j : i <= j;
          double expected = !stored ? 0.0 : i == j ? alpha0 * gy[i] * xinit[i * INCX] : alpha0 * (gy[i] * xinit[j * INCX] + gy[j] * xinit[i * INCX]);
          CHECK_DERIV(NAME("L%d.U%d.da[%d][%d]", li, ui, i, j), da[at], expected, stored ? fd_entry(0, at) : 0.0);
        }
      for (int j = 0; j < NN; j++) {
        double t = 0;
        for (int i = 0; i < NN; i++) t += gy[i] * s[i][j];
        CHECK_DERIV(NAME("L%d.U%d.dx[%d]", li, ui, j), dx[j * INCX], alpha0 * t, fd_entry(1, j * INCX));
        CHECK_DERIV(NAME("L%d.U%d.dy[%d]", li, ui, j), dy[j * INCY], beta0 * gy[j], fd_entry(2, j * INCY));
      }
      double dalpha = 0, dbeta = 0;
      for (int i = 0; i < NN; i++) dalpha += gy[i] * (y1[i] - beta0 * yinit[i * INCY]) / alpha0, dbeta += gy[i] * yinit[i * INCY];
      CHECK_DERIV(NAME("L%d.U%d.dalpha", li, ui), d.alpha, dalpha, fd_entry(3, 0));
      CHECK_DERIV(NAME("L%d.U%d.dbeta", li, ui), d.beta, dbeta, fd_entry(4, 0));
      /* the strided gaps of x receive nothing */
      CHECK_CLOSE(NAME("L%d.U%d.dx.gap", li, ui), dx[1], 0.0, 0.0);
    }
  return llad_report();
}
