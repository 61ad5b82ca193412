/* Gradients on several threads: each thread has its own spare tape buffer (src/synth/tape.ll,
 * @llad.tape.spare is thread_local), so concurrent gradients never share one, and a thread's spare
 * must not outlive the thread as a leak (valgrind --leak-check=full reports a buffer that only a
 * finished thread's thread-local variable pointed to as definitely lost).
 *
 * Three threads each run the same gradient at growing and shrinking sizes and keep the results;
 * the main thread checks them (against a hand adjoint, and a few entries against central finite
 * differences) after joining, then runs a gradient itself.
 *
 * relax(x, n, a): in place, s_0 = a, x_i <- sin(x_i) s_i, s_{i+1} = s_i cos(x_i)/2 + x_i/2; returns s_n.
 * Loss = s_n + sum_i w_i x_out_i (dx seeded with w). */
#include <pthread.h>
#include <stdlib.h>
#include "check.h"

double __enzyme_autodiff(void *, ...);

LLAD_NOINLINE double relax(double *x, int n, double a) {
  double s = a;
  for (int i = 0; i < n; i++) {
    double old = x[i];
    x[i] = sin(old) * s;
    s = 0.5 * s * cos(old) + 0.5 * old;
  }
  return s;
}

static double x_at(int i, int salt) { return 0.9 * sin(0.37 * i + 0.011 * (i % 13) + salt); }
static double w_at(int i) { return 0.75 + 0.5 * ((i * 37) % 101) / 101.0; }

/* One gradient's inputs and results. */
typedef struct {
  int n, salt;
  double a, da, *x0, *dx;
} Run;

static void run_gradient(Run *r) {
  int n = r->n;
  r->a = 0.4 + 0.01 * r->salt;
  r->x0 = malloc(((size_t)n + 1) * sizeof(double));
  r->dx = malloc(((size_t)n + 1) * sizeof(double));
  double *x = malloc(((size_t)n + 1) * sizeof(double));
  for (int i = 0; i < n; i++)
    r->x0[i] = x[i] = x_at(i, r->salt), r->dx[i] = w_at(i);
  r->da = __enzyme_autodiff((void *)relax, x, r->dx, n, r->a);
  free(x);
}

#define RUNS 4
#define THREADS 3
typedef struct {
  int id;
  Run runs[RUNS];
} Worker;

static void *work(void *arg) {
  Worker *w = arg;
  const int sizes[RUNS] = {20000, 10, 8000 * (w->id + 1), 100};
  for (int k = 0; k < RUNS; k++) {
    w->runs[k].n = sizes[k];
    w->runs[k].salt = 10 * w->id + k;
    run_gradient(&w->runs[k]);
  }
  return NULL;
}

/* Hand adjoint: fills s (n + 1 states) and gx, returns d/da. */
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

/* Central difference over a window of 400 elements from j: x_j changes nothing before j and its
 * influence shrinks at least by 1/2 per element (|ds_{i+1}/ds_i| <= 1/2), so the rest is below 2^-400. */
static double relax_window(const double *x0, int j, int m, int n, double s_j) {
  double *x = malloc(((size_t)m + 1) * sizeof(double));
  memcpy(x, x0 + j, (size_t)m * sizeof(double));
  double s = relax(x, m, s_j), r = j + m == n ? s : 0.0;
  for (int i = 0; i < m; i++)
    r += w_at(j + i) * x[i];
  free(x);
  return r;
}

static double relax_fd(double *x0, int n, const double *s, int j) {
  int from = j < 0 ? 0 : j, m = n - from < 400 ? n - from : 400;
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

static void check_run(const char *tag, Run *r) {
  int n = r->n;
  double *s = malloc(((size_t)n + 1) * sizeof(double)), *gx = malloc(((size_t)n + 1) * sizeof(double));
  double an_a = relax_ref(r->x0, n, r->a, s, gx), worst = 0.0;
  for (int i = 0; i < n; i++) {
    double scale = fabs(gx[i]) > 1.0 ? fabs(gx[i]) : 1.0, dev = fabs(r->dx[i] - gx[i]) / scale;
    if (!(dev <= worst))
      worst = dev;
  }
  CHECK_CLOSE(NAME("%s.all_entries_vs_hand_adjoint", tag), worst, 0.0, 1e-9);
  const int probes[3] = {0, n / 2, n - 1};
  for (int q = 0; q < 3; q++)
    CHECK_DERIV(NAME("%s.dx[%d]", tag, probes[q]), r->dx[probes[q]], gx[probes[q]], relax_fd(r->x0, n, s, probes[q]));
  CHECK_DERIV(NAME("%s.da", tag), r->da, an_a, relax_fd(r->x0, n, s, -1));
  free(s), free(gx), free(r->x0), free(r->dx);
}

int main(void) {
  static Worker workers[THREADS];
  pthread_t threads[THREADS];
  for (int t = 0; t < THREADS; t++) {
    workers[t].id = t;
    if (pthread_create(&threads[t], NULL, work, &workers[t]) != 0) {
      printf("FAIL pthread_create\n");
      return 1;
    }
  }
  for (int t = 0; t < THREADS; t++)
    pthread_join(threads[t], NULL);
  for (int t = 0; t < THREADS; t++)
    for (int k = 0; k < RUNS; k++) {
      char tag[48];
      snprintf(tag, sizeof tag, "threads.t%d.run%d.n%d", t, k, workers[t].runs[k].n);
      check_run(tag, &workers[t].runs[k]);
    }
  Run own = {5000, 99, 0, 0, 0, 0};
  run_gradient(&own);
  check_run("threads.main.n5000", &own);
  return llad_report();
}
