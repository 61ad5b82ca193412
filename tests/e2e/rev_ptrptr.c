/* Pointer to pointer: rows of a matrix reached through double**; the shadow is
 * a double** whose rows are the shadow rows. L = sum_i (sum_j (j+1) a_ij)^2 + a_00 a_11,
 * dL/da_ij = 2 (j+1) S_i (+ the product term). */
#include "check.h"

void __enzyme_autodiff_v(void *, ...); /* no active scalar: returns void */

LLAD_NOINLINE double rowsq(double **rows, int m, int n) {
  double L = rows[0][0] * rows[1][1];
  for (int i = 0; i < m; i++) {
    double s = 0.0;
    for (int j = 0; j < n; j++)
      s += (j + 1.0) * rows[i][j];
    L += s * s;
  }
  return L;
}

#define M 3
#define N 4
int main(void) {
  double a[M][N], da[M][N];
  double *rows[M], *drows[M];
  for (int i = 0; i < M; i++) {
    for (int j = 0; j < N; j++)
      a[i][j] = sin(1.0 + i + 0.5 * j), da[i][j] = 0.0;
    rows[i] = a[i];
    drows[i] = da[i];
  }
  __enzyme_autodiff_v((void *)rowsq, rows, drows, M, N);
  for (int i = 0; i < M; i++) {
    double s = 0.0;
    for (int j = 0; j < N; j++)
      s += (j + 1.0) * a[i][j];
    for (int j = 0; j < N; j++) {
      double an = 2.0 * (j + 1.0) * s;
      if (i == 0 && j == 0)
        an += a[1][1];
      if (i == 1 && j == 1)
        an += a[0][0];
      double save = a[i][j];
      a[i][j] = save + FD_H;
      double fp = rowsq(rows, M, N);
      a[i][j] = save - FD_H;
      double fm = rowsq(rows, M, N);
      a[i][j] = save;
      CHECK_DERIV(NAME("ptrptr.da[%d][%d]", i, j), da[i][j], an, (fp - fm) / (2.0 * FD_H));
    }
  }
  return llad_report();
}
