/* An array of structs: point charges {x, y, q, id}; E = sum_{i<j} q_i q_j / r_ij.
 * Gradient w.r.t. every double field through the shadow array. */
#include "check.h"

void __enzyme_autodiff_v(void *, ...); /* no active scalar: returns void */

typedef struct {
  double x, y, q;
  int id;
} Charge;

LLAD_NOINLINE double coulomb(const Charge *c, int n) {
  double e = 0.0;
  for (int i = 0; i < n; i++)
    for (int j = i + 1; j < n; j++) {
      double dx = c[i].x - c[j].x, dy = c[i].y - c[j].y;
      e += c[i].q * c[j].q / sqrt(dx * dx + dy * dy);
    }
  return e;
}

#define N 4
static Charge c[N] = {{0.0, 0.0, 1.0, 0}, {1.0, 0.5, -2.0, 1}, {-0.7, 1.2, 0.5, 2}, {0.3, -1.1, 1.5, 3}};

static double fd_field(double *field) {
  double save = *field;
  *field = save + FD_H;
  double fp = coulomb(c, N);
  *field = save - FD_H;
  double fm = coulomb(c, N);
  *field = save;
  return (fp - fm) / (2.0 * FD_H);
}

int main(void) {
  Charge dc[N];
  memset(dc, 0, sizeof dc);
  __enzyme_autodiff_v((void *)coulomb, c, dc, N);
  for (int i = 0; i < N; i++) {
    double gx = 0.0, gy = 0.0, gq = 0.0;
    for (int j = 0; j < N; j++) {
      if (j == i)
        continue;
      double dx = c[i].x - c[j].x, dy = c[i].y - c[j].y, r = sqrt(dx * dx + dy * dy);
      gq += c[j].q / r;
      gx -= c[i].q * c[j].q * dx / (r * r * r);
      gy -= c[i].q * c[j].q * dy / (r * r * r);
    }
    CHECK_DERIV(NAME("structarr.dx[%d]", i), dc[i].x, gx, fd_field(&c[i].x));
    CHECK_DERIV(NAME("structarr.dy[%d]", i), dc[i].y, gy, fd_field(&c[i].y));
    CHECK_DERIV(NAME("structarr.dq[%d]", i), dc[i].q, gq, fd_field(&c[i].q));
    CHECK_CLOSE(NAME("structarr.id_shadow[%d]", i), dc[i].id, 0, 0.0);
  }
  return llad_report();
}
