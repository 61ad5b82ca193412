/* Nested loops: y = A x (3x4), const A vs. active A, void function. */
#include "check.h"

LLAD_NOINLINE void matvec(const double *A, const double *x, double *y, int n, int m) {
  for (int i = 0; i < n; i++) {
    double s = 0.0;
    for (int j = 0; j < m; j++)
      s += A[i * m + j] * x[j];
    y[i] = s;
  }
}

int main(void) {
  double A[12], dA[12], x[4] = {1.0, -2.0, 0.5, 3.0}, dx[4] = {0.3, 1.0, -0.7, 2.0};
  for (int k = 0; k < 12; k++) {
    A[k] = 0.25 * k - 1.0 + (k % 3) * 0.1;
    dA[k] = (k % 5) - 2.0;
  }
  double y[3], dy[3], yp[3], ym[3], Ap[12], Am[12], xp[4], xm[4], h = FD_H;
  for (int pass = 0; pass < 2; pass++) { /* pass 0: A const, pass 1: A active */
    memset(y, 0, sizeof y);
    memset(dy, 0, sizeof dy);
    if (pass == 0)
      __enzyme_fwddiff_v((void *)matvec, enzyme_const, A, enzyme_dup, x, dx, enzyme_dup, y, dy, 3, 4);
    else
      __enzyme_fwddiff_v((void *)matvec, enzyme_dup, A, dA, enzyme_dup, x, dx, enzyme_dup, y, dy, 3, 4);
    for (int k = 0; k < 12; k++) {
      Ap[k] = A[k] + (pass ? h * dA[k] : 0.0);
      Am[k] = A[k] - (pass ? h * dA[k] : 0.0);
    }
    for (int j = 0; j < 4; j++) {
      xp[j] = x[j] + h * dx[j];
      xm[j] = x[j] - h * dx[j];
    }
    matvec(Ap, xp, yp, 3, 4);
    matvec(Am, xm, ym, 3, 4);
    for (int i = 0; i < 3; i++) {
      double an = 0.0, primal = 0.0;
      for (int j = 0; j < 4; j++) {
        an += A[i * 4 + j] * dx[j] + (pass ? dA[i * 4 + j] * x[j] : 0.0);
        primal += A[i * 4 + j] * x[j];
      }
      CHECK_DERIV(NAME("matvec.%s.dy[%d]", pass ? "dupA" : "constA", i), dy[i], an,
                  (yp[i] - ym[i]) / (2.0 * h));
      CHECK_CLOSE(NAME("matvec.%s.y[%d].primal", pass ? "dupA" : "constA", i), y[i], primal,
                  1e-12);
    }
  }
  return llad_report();
}
