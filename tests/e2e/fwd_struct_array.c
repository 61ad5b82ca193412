/* Array of structs: pairwise gravitational potential of 4 bodies. */
#include "check.h"
#define NB 4

typedef struct {
  double m;
  double pos[2];
} Body;

LLAD_NOINLINE double potential(const Body *b, int n) {
  double e = 0.0;
  for (int i = 0; i < n; i++)
    for (int j = i + 1; j < n; j++) {
      double dx = b[i].pos[0] - b[j].pos[0], dy = b[i].pos[1] - b[j].pos[1];
      e -= b[i].m * b[j].m / sqrt(dx * dx + dy * dy);
    }
  return e;
}

int main(void) {
  Body b[NB] = {{1.0, {0.0, 0.0}}, {2.0, {1.0, 0.5}}, {0.5, {-1.0, 2.0}}, {3.0, {2.0, -1.0}}};
  Body db[NB], bp[NB], bm[NB];
  for (int i = 0; i < NB; i++) {
    db[i].m = 0.1 * i;
    db[i].pos[0] = 1.0 - 0.5 * i;
    db[i].pos[1] = 0.25 * i * i - 0.5;
    bp[i].m = b[i].m + FD_H * db[i].m;
    bm[i].m = b[i].m - FD_H * db[i].m;
    for (int k = 0; k < 2; k++) {
      bp[i].pos[k] = b[i].pos[k] + FD_H * db[i].pos[k];
      bm[i].pos[k] = b[i].pos[k] - FD_H * db[i].pos[k];
    }
  }
  double an = 0.0;
  for (int i = 0; i < NB; i++)
    for (int j = i + 1; j < NB; j++) {
      double rx = b[i].pos[0] - b[j].pos[0], ry = b[i].pos[1] - b[j].pos[1];
      double drx = db[i].pos[0] - db[j].pos[0], dry = db[i].pos[1] - db[j].pos[1];
      double r = sqrt(rx * rx + ry * ry), dr = (rx * drx + ry * dry) / r;
      double mm = b[i].m * b[j].m, dmm = db[i].m * b[j].m + b[i].m * db[j].m;
      an -= dmm / r - mm * dr / (r * r);
    }
  double got = __enzyme_fwddiff((void *)potential, enzyme_dup, b, db, NB);
  CHECK_DERIV("struct_array.dpotential", got, an,
              (potential(bp, NB) - potential(bm, NB)) / (2.0 * FD_H));
  /* masses only: positions' tangents zeroed */
  for (int i = 0; i < NB; i++)
    db[i].pos[0] = db[i].pos[1] = 0.0;
  double got_m = __enzyme_fwddiff((void *)potential, enzyme_dup, b, db, NB);
  double an_m = 0.0;
  for (int i = 0; i < NB; i++)
    for (int j = i + 1; j < NB; j++) {
      double rx = b[i].pos[0] - b[j].pos[0], ry = b[i].pos[1] - b[j].pos[1];
      an_m -= (db[i].m * b[j].m + b[i].m * db[j].m) / sqrt(rx * rx + ry * ry);
    }
  for (int i = 0; i < NB; i++)
    bp[i].pos[0] = bm[i].pos[0] = b[i].pos[0], bp[i].pos[1] = bm[i].pos[1] = b[i].pos[1];
  CHECK_DERIV("struct_array.dpotential.masses_only", got_m, an_m,
              (potential(bp, NB) - potential(bm, NB)) / (2.0 * FD_H));
  return llad_report();
}
