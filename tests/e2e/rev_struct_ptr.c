/* A struct with double fields (and an int) passed by pointer; its shadow is a
 * struct of the same type. E = m v^2 / 2 + k x^2 / 2 + c x^3 (c = flag ? 0.1 : 0). */
#include "check.h"

void __enzyme_autodiff_v(void *, ...); /* no active scalar: returns void */

typedef struct {
  double m, k;
  int anharmonic;
  double x, v;
} Osc;

LLAD_NOINLINE double energy(const Osc *s) {
  double e = 0.5 * s->m * s->v * s->v + 0.5 * s->k * s->x * s->x;
  if (s->anharmonic)
    e += 0.1 * s->x * s->x * s->x;
  return e;
}

static double fd_field(Osc *s, double *field) {
  double save = *field;
  *field = save + FD_H;
  double fp = energy(s);
  *field = save - FD_H;
  double fm = energy(s);
  *field = save;
  return (fp - fm) / (2.0 * FD_H);
}

int main(void) {
  for (int an = 0; an < 2; an++) {
    Osc s = {2.0, 3.5, an, -0.8, 1.7}, ds;
    memset(&ds, 0, sizeof ds);
    __enzyme_autodiff_v((void *)energy, &s, &ds);
    double c = an ? 0.3 * s.x * s.x : 0.0;
    CHECK_DERIV(NAME("struct.dm(anh=%d)", an), ds.m, 0.5 * s.v * s.v, fd_field(&s, &s.m));
    CHECK_DERIV(NAME("struct.dk(anh=%d)", an), ds.k, 0.5 * s.x * s.x, fd_field(&s, &s.k));
    CHECK_DERIV(NAME("struct.dx(anh=%d)", an), ds.x, s.k * s.x + c, fd_field(&s, &s.x));
    CHECK_DERIV(NAME("struct.dv(anh=%d)", an), ds.v, s.m * s.v, fd_field(&s, &s.v));
    CHECK_CLOSE(NAME("struct.int_shadow_untouched(anh=%d)", an), ds.anharmonic, 0, 0.0);
  }
  return llad_report();
}
