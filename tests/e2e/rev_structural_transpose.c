/* Structural instructions through both modes: shuffles of two vectors, extract/insert at a
 * variable lane, float narrowing and widening, vector and scalar selects, and a struct passed
 * and returned by value. For each lane choice k, forward mode gives J·v and reverse mode Jᵀ·w;
 * the two must be transposes (<J·v, w> = <v, Jᵀ·w>) and agree with a central finite
 * difference of <f, w> along v. The float narrowing rounds at ~6e-8, hence the tolerances.
 */
#include "check.h"

void __enzyme_autodiff(void *, ...);
typedef double v4 __attribute__((ext_vector_type(4)));
typedef float f4 __attribute__((ext_vector_type(4)));
typedef struct { double a, b; } pair;

LLAD_NOINLINE pair mix(pair p, double t) {
  pair q = { p.b * t, p.a - t };
  return q;
}

LLAD_NOINLINE void f(const double *x, double *y, int k) {
  v4 v = { x[0], x[1], x[2], x[3] };
  v4 r = __builtin_shufflevector(v, v * v, 3, 6, 1, 4);
  double e = r[k & 3];
  v4 w = v;
  w[(k + 1) & 3] = e * 2.0;
  f4 narrow = __builtin_convertvector(w, f4);
  v4 wide = __builtin_convertvector(narrow * 1.5f, v4);
  v4 sel;
  for (int i = 0; i < 4; i++) sel[i] = w[i] > 0.0 ? wide[i] : -r[i];
  pair p = { sel[0] + sel[1], sel[2] / (1.0 + sel[3] * sel[3]) };
  pair q = mix(p, x[3]);
  double s = x[0] > x[1] ? q.a : q.b;
  y[0] = s;
  y[1] = q.a * sel[2];
  y[2] = e - q.b;
  y[3] = sel[3];
}

int main(void) {
  double x[4] = {1.5, -2.0, 3.0, 0.5}, v[4] = {0.3, -0.7, 1.1, 0.2}, w[4] = {0.9, 0.4, -1.3, 0.6};
  for (int k = 0; k < 4; k++) {
    double y[4], dy[4] = {0}, dx[4] = {0}, ybar[4], jv_w = 0, v_jtw = 0, fd = 0;
    __enzyme_fwddiff_v((void *)f, enzyme_dup, x, v, enzyme_dup, y, dy, enzyme_const, k);
    for (int i = 0; i < 4; i++) ybar[i] = w[i];
    __enzyme_autodiff((void *)f, enzyme_dup, x, dx, enzyme_dup, y, ybar, enzyme_const, k);
    const double h = 1e-4;
    double xp[4], xm[4], yp[4], ym[4];
    for (int i = 0; i < 4; i++) {
      xp[i] = x[i] + h * v[i];
      xm[i] = x[i] - h * v[i];
    }
    f(xp, yp, k);
    f(xm, ym, k);
    for (int i = 0; i < 4; i++) {
      jv_w += dy[i] * w[i];
      v_jtw += v[i] * dx[i];
      fd += (yp[i] - ym[i]) / (2 * h) * w[i];
    }
    CHECK_CLOSE(NAME("transpose.k%d", k), v_jtw, jv_w, 1e-6);
    CHECK_CLOSE(NAME("finite_difference.k%d", k), jv_w, fd, 1e-3);
  }
  return llad_report();
}
