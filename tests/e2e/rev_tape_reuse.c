/* The per-thread spare tape buffer (src/synth/tape.ll: llad.tape.grow takes it, llad.tape.recycle
 * keeps the largest released one) and per-loop reservations at large sizes: two different
 * gradients called alternately with growing and shrinking sizes (10, 100000, 10, 50000, 0, 1, ...),
 * and split mode with tapes alive across other gradients and reversed out of order. Every result is
 * checked: all entries against a hand adjoint, a few against central finite differences; valgrind
 * must stay clean (a reservation too small, or a spare handed to two tapes, writes out of bounds).
 *
 * relax(x, n, a): in place, s_0 = a, x_i <- sin(x_i) s_i, s_{i+1} = s_i cos(x_i)/2 + x_i/2; returns s_n.
 *   Loss = s_n + sum_i w_i x_out_i (dx seeded with w).
 * gate(x, n, c): e = malloc'd exp(-x_i^2); s_0 = c; s_{i+1} = 0.9 s_i e_i + x_i if x_i > 0, else
 *   s_i / 2 + e_i; returns s_n. */
#include <stdlib.h>
#include "check.h"

double __enzyme_autodiff(void *, ...);
typedef struct {
  void *tape;
  double primal;
} Aug;
Aug __enzyme_augmentfwd(void *, ...);
double __enzyme_reverse(void *, ...);

LLAD_NOINLINE double relax(double *x, int n, double a) {
  double s = a;
  for (int i = 0; i < n; i++) {
    double old = x[i];
    x[i] = sin(old) * s;
    s = 0.5 * s * cos(old) + 0.5 * old;
  }
  return s;
}

LLAD_NOINLINE double gate(const double *x, int n, double c) {
  double *e = malloc((size_t)n * sizeof(double));
  for (int i = 0; i < n; i++)
    e[i] = exp(-x[i] * x[i]);
  double s = c;
  for (int i = 0; i < n; i++) {
    if (x[i] > 0.0)
      s = 0.9 * s * e[i] + x[i];
    else
      s = 0.5 * s + e[i];
  }
  free(e);
  return s;
}

static double x_at(int i, int salt) { return 0.9 * sin(0.37 * i + 0.011 * (i % 13) + salt); }
static double w_at(int i) { return 0.75 + 0.5 * ((i * 37) % 101) / 101.0; }

/* Central differences over a window: x_j (or a, or c) changes nothing before j, and its influence
 * on later terms shrinks at least by 1/2 (relax) or 0.9 (gate) per element, so the loss's change is
 * that of the next WINDOW elements up to a relative 0.9^WINDOW < 1e-18. The window restarts the
 * function at element j from the primal state s_j (from the hand adjoint's replay). */
#define WINDOW 400

static double relax_window(const double *x0, int j, int m, int n, double s_j) {
  double *x = malloc(((size_t)m + 1) * sizeof(double));
  memcpy(x, x0 + j, (size_t)m * sizeof(double));
  double s = relax(x, m, s_j), r = j + m == n ? s : 0.0;
  for (int i = 0; i < m; i++)
    r += w_at(j + i) * x[i];
  free(x);
  return r;
}

/* d loss / d x0[j] (j >= 0) or d loss / d a (j < 0), s = the replayed states s_0..s_n. */
static double relax_fd(double *x0, int n, const double *s, int j) {
  int from = j < 0 ? 0 : j, m = n - from < WINDOW ? n - from : WINDOW;
  if (j < 0)
    return (relax_window(x0, 0, m, n, s[0] + FD_H) - relax_window(x0, 0, m, n, s[0] - FD_H)) / (2.0 * FD_H);
  double saved = x0[j];
  x0[j] = saved + FD_H;
  double fp = relax_window(x0, j, m, n, s[j]);
  x0[j] = saved - FD_H;
  double fm = relax_window(x0, j, m, n, s[j]);
  x0[j] = saved;
  return (fp - fm) / (2.0 * FD_H);
}

/* Hand adjoint of relax's loss: fills s (n + 1 states) and gx, returns d/da. */
static double relax_ref(const double *x0, int n, double a, double *s, double *gx) {
  s[0] = a;
  for (int i = 0; i < n; i++)
    s[i + 1] = 0.5 * s[i] * cos(x0[i]) + 0.5 * x0[i];
  double sb = 1.0;
  for (int i = n - 1; i >= 0; i--) {
    double o = x0[i], w = w_at(i);
    gx[i] = w * cos(o) * s[i] + sb * (0.5 - 0.5 * s[i] * sin(o));
    sb = w * sin(o) + 0.5 * sb * cos(o);
  }
  return sb;
}

static double gate_ref(const double *x, int n, double c, double *s, double *gx) {
  s[0] = c;
  for (int i = 0; i < n; i++) {
    double e = exp(-x[i] * x[i]);
    s[i + 1] = x[i] > 0.0 ? 0.9 * s[i] * e + x[i] : 0.5 * s[i] + e;
  }
  double sb = 1.0;
  for (int i = n - 1; i >= 0; i--) {
    double e = exp(-x[i] * x[i]), de = -2.0 * x[i] * e;
    if (x[i] > 0.0) {
      gx[i] = sb * (0.9 * s[i] * de + 1.0);
      sb *= 0.9 * e;
    } else {
      gx[i] = sb * de;
      sb *= 0.5;
    }
  }
  return sb;
}

static double gate_fd(double *x, int n, const double *s, int j) {
  int from = j < 0 ? 0 : j, m = n - from < WINDOW ? n - from : WINDOW;
  if (j < 0)
    return (gate(x, m, s[0] + FD_H) - gate(x, m, s[0] - FD_H)) / (2.0 * FD_H);
  double saved = x[j];
  x[j] = saved + FD_H;
  double fp = gate(x + j, m, s[j]);
  x[j] = saved - FD_H;
  double fm = gate(x + j, m, s[j]);
  x[j] = saved;
  return (fp - fm) / (2.0 * FD_H);
}

/* All entries against the hand adjoint (one line: the largest deviation, relative to max(1, |ref|)),
 * probe entries and the scalar also against finite differences. */
static void check_all(const char *tag, const double *got, const double *ref, int n) {
  double worst = 0.0;
  for (int i = 0; i < n; i++) {
    double scale = fabs(ref[i]) > 1.0 ? fabs(ref[i]) : 1.0, dev = fabs(got[i] - ref[i]) / scale;
    if (!(dev <= worst))
      worst = dev; /* (NaN sticks) */
  }
  CHECK_CLOSE(NAME("%s.all_entries_vs_hand_adjoint", tag), worst, 0.0, 1e-9);
}

static int probes(int n, int *idx) {
  int k = 0;
  const int cand[] = {0, 1, n / 2, n - 2, n - 1};
  for (int c = 0; c < 5; c++) {
    int p = cand[c], dup = 0;
    for (int q = 0; q < k; q++)
      dup |= idx[q] == p;
    if (p >= 0 && p < n && !dup)
      idx[k++] = p;
  }
  return k;
}

static void grad_relax(int n, int salt, int call) {
  double *x0 = malloc(((size_t)n + 1) * sizeof(double)), *gx = malloc(((size_t)n + 1) * sizeof(double));
  double *s = malloc(((size_t)n + 1) * sizeof(double));
  for (int i = 0; i < n; i++)
    x0[i] = x_at(i, salt);
  double *x = malloc((size_t)n * sizeof(double)), *dx = malloc((size_t)n * sizeof(double));
  memcpy(x, x0, (size_t)n * sizeof(double));
  for (int i = 0; i < n; i++)
    dx[i] = w_at(i);
  double a = 0.4 + 0.01 * salt;
  double da = __enzyme_autodiff((void *)relax, x, dx, n, a);
  double an_a = relax_ref(x0, n, a, s, gx);
  char tag[64];
  snprintf(tag, sizeof tag, "relax.call%d.n%d", call, n);
  check_all(tag, dx, gx, n);
  int idx[5], k = probes(n, idx);
  for (int q = 0; q < k; q++)
    CHECK_DERIV(NAME("%s.dx[%d]", tag, idx[q]), dx[idx[q]], gx[idx[q]], relax_fd(x0, n, s, idx[q]));
  CHECK_DERIV(NAME("%s.da", tag), da, an_a, relax_fd(x0, n, s, -1));
  if (n > 0) /* the primal ran in place: the last element is sin(x_{n-1}) s_{n-1} */
    CHECK_CLOSE(NAME("%s.x[n-1].primal", tag), x[n - 1], sin(x0[n - 1]) * s[n - 1], 1e-12);
  free(x0), free(gx), free(s), free(x), free(dx);
}

static void grad_gate(int n, int salt, int call) {
  double *x = malloc((size_t)n * sizeof(double)), *dx = calloc((size_t)n + 1, sizeof(double));
  double *gx = malloc(((size_t)n + 1) * sizeof(double)), *s = malloc(((size_t)n + 1) * sizeof(double));
  for (int i = 0; i < n; i++) {
    double v = x_at(i, salt + 3);
    x[i] = fabs(v) < 0.05 ? 0.3 : v; /* away from the branch at 0 */
  }
  double c = 0.7 - 0.01 * salt;
  double dc = __enzyme_autodiff((void *)gate, x, dx, n, c);
  double an_c = gate_ref(x, n, c, s, gx);
  char tag[64];
  snprintf(tag, sizeof tag, "gate.call%d.n%d", call, n);
  check_all(tag, dx, gx, n);
  CHECK_CLOSE(NAME("%s.untouched", tag), dx[n], 0.0, 0.0);
  int idx[5], k = probes(n, idx);
  for (int q = 0; q < k; q++)
    CHECK_DERIV(NAME("%s.dx[%d]", tag, idx[q]), dx[idx[q]], gx[idx[q]], gate_fd(x, n, s, idx[q]));
  CHECK_DERIV(NAME("%s.dc", tag), dc, an_c, gate_fd(x, n, s, -1));
  free(x), free(dx), free(gx), free(s);
}

/* Split mode: relax's tape stays alive while other gradients run; reversed later, out of order. */
typedef struct {
  int n;
  double a, *x0, *x, *dx;
  Aug aug;
} Pending;

static Pending start_relax(int n, int salt) {
  Pending p = {n, 0.4 + 0.01 * salt, 0, 0, 0, {0, 0}};
  p.x0 = malloc(((size_t)n + 1) * sizeof(double));
  p.x = malloc((size_t)n * sizeof(double));
  p.dx = malloc((size_t)n * sizeof(double));
  for (int i = 0; i < n; i++)
    p.x0[i] = p.x[i] = x_at(i, salt), p.dx[i] = w_at(i);
  p.aug = __enzyme_augmentfwd((void *)relax, p.x, p.dx, n, p.a);
  return p;
}

static void finish_relax(Pending *p, const char *tag) {
  /* the caller may overwrite the inputs between the halves: the reverse uses the tape */
  for (int i = 0; i < p->n; i++)
    p->x[i] = 100.0 + i;
  double da = __enzyme_reverse((void *)relax, p->x, p->dx, p->n, p->a, 1.0, p->aug.tape);
  double *gx = malloc(((size_t)p->n + 1) * sizeof(double)), *x = malloc(((size_t)p->n + 1) * sizeof(double));
  double *s = malloc(((size_t)p->n + 1) * sizeof(double));
  double an_a = relax_ref(p->x0, p->n, p->a, s, gx);
  memcpy(x, p->x0, (size_t)p->n * sizeof(double));
  CHECK_CLOSE(NAME("%s.primal", tag), p->aug.primal, relax(x, p->n, p->a), 1e-12);
  check_all(tag, p->dx, gx, p->n);
  int idx[5], k = probes(p->n, idx);
  for (int q = 0; q < k; q++)
    CHECK_DERIV(NAME("%s.dx[%d]", tag, idx[q]), p->dx[idx[q]], gx[idx[q]], relax_fd(p->x0, p->n, s, idx[q]));
  CHECK_DERIV(NAME("%s.da", tag), da, an_a, relax_fd(p->x0, p->n, s, -1));
  free(gx), free(x), free(s), free(p->x0), free(p->x), free(p->dx);
}

int main(void) {
  /* Alternating gradients, sizes growing and shrinking (each call's tape starts from the spare the
   * previous one left, which may be far larger or far smaller than it needs). */
  const int sizes_relax[] = {10, 100000, 10, 50000, 0, 1, 3000, 10};
  const int sizes_gate[] = {20000, 10, 10000, 10, 1, 0, 3000, 7};
  for (int t = 0; t < 8; t++) {
    grad_relax(sizes_relax[t], t, t);
    grad_gate(sizes_gate[t], t, t);
  }
  /* The same gradient several times in a row, shrinking. */
  for (int t = 0; t < 4; t++)
    grad_relax(2000 - 500 * t, t, 10 + t);

  /* Split mode: two tapes alive at once and other gradients in between, reversed out of order. */
  Pending big = start_relax(3000, 1);
  grad_gate(8000, 2, 20);
  Pending small = start_relax(10, 3);
  finish_relax(&big, "split.big");
  grad_gate(10, 4, 21);
  Pending mid = start_relax(4000, 5);
  finish_relax(&small, "split.small");
  grad_relax(6000, 6, 22);
  finish_relax(&mid, "split.mid");
  return llad_report();
}
