/* A counted loop (trip count n, known at entry) whose body holds an irreducible cycle: A and B
 * form a cycle entered at A or, through a goto, at B, so the blocks of that cycle belong to no
 * natural loop and still run `reps` times per iteration of the counted loop. A tape reservation per
 * loop (src/synth/reverse/reserve.rs) that assumed every block of the loop's own level runs at most
 * once per iteration would reserve too little and push past the tape's buffer (valgrind: invalid
 * writes after the tape's block; natively: heap corruption).
 *
 * t starts at x_i; A: t <- t x_i + 0.1; B: t <- t sin(t); x_i > 0.5 enters at B. f = sum_i t_i.
 * Checked against a hand adjoint of the same operation sequence and central finite differences. */
#include <stdlib.h>
#include "check.h"

void __enzyme_autodiff_v(void *, ...);

LLAD_NOINLINE double irreducible(const double *x, int n, int reps) {
  double s = 0.0;
  for (int i = 0; i < n; i++) {
    double t = x[i];
    int k = 0;
    if (x[i] > 0.5)
      goto B;
  A:
    t = t * x[i] + 0.1;
    k++;
  B:
    t = sin(t) * t;
    if (++k < reps)
      goto A;
    s += t;
  }
  return s;
}

#define N 8
#define MAXOPS 512

/* Hand adjoint: replays each element's operation sequence (A or B), then runs it backwards. */
static void irreducible_ref(const double *x, int n, int reps, double *gx) {
  for (int i = 0; i < n; i++) {
    char op[MAXOPS];
    double before[MAXOPS], t = x[i];
    int m = 0, k = 0;
    int at_b = x[i] > 0.5;
    for (;;) {
      if (!at_b) {
        op[m] = 'A', before[m++] = t;
        t = t * x[i] + 0.1;
        k++;
      }
      at_b = 0;
      op[m] = 'B', before[m++] = t;
      t = sin(t) * t;
      if (!(++k < reps))
        break;
    }
    double tb = 1.0;
    gx[i] = 0.0;
    while (m-- > 0) {
      double u = before[m];
      if (op[m] == 'A') {
        gx[i] += tb * u;
        tb *= x[i];
      } else {
        tb *= cos(u) * u + sin(u);
      }
    }
    gx[i] += tb; /* t started at x_i */
  }
}

static int g_n, g_reps;
static double eval(const double *v) { return irreducible(v, g_n, g_reps); }

int main(void) {
  const int reps_list[] = {1, 2, 40, 3};
  for (int r = 0; r < 4; r++) {
    int reps = reps_list[r];
    double *x = malloc(N * sizeof(double)), *dx = calloc(N, sizeof(double)), gx[N];
    for (int i = 0; i < N; i++)
      x[i] = 0.25 + 0.09 * i; /* elements 3.. start at B */
    __enzyme_autodiff_v((void *)irreducible, x, dx, N, reps);
    irreducible_ref(x, N, reps, gx);
    g_n = N, g_reps = reps;
    for (int j = 0; j < N; j++) {
      double saved = x[j];
      x[j] = saved + FD_H;
      double fp = eval(x);
      x[j] = saved - FD_H;
      double fm = eval(x);
      x[j] = saved;
      CHECK_DERIV(NAME("irreducible.reps%d.dx[%d]", reps, j), dx[j], gx[j], (fp - fm) / (2.0 * FD_H));
    }
    free(x), free(dx);
  }
  return llad_report();
}
