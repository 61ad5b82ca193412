/* Timing helpers for scripts/bench: each kernel times its primal and its gradient in one run. */
#include <stdio.h>
#include <time.h>
int enzyme_dup, enzyme_const, enzyme_out;
static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + 1e-9 * t.tv_nsec;
}
/* Best of 5 repetitions of `reps` calls, in nanoseconds per call. */
#define TIME_NS(reps, body) ({                                  \
  double best = 1e30;                                           \
  for (int rep_ = 0; rep_ < 5; rep_++) {                        \
    double t0_ = now();                                         \
    for (long i_ = 0; i_ < (reps); i_++) { __asm__ volatile("" ::: "memory"); body; }              \
    double dt_ = (now() - t0_) / (reps) * 1e9;                  \
    if (dt_ < best) best = dt_;                                 \
  }                                                             \
  best; })
static volatile double sink;
static void report(const char *name, double primal, double grad) {
  printf("%-10s primal %10.1f ns   gradient %10.1f ns   ratio %5.2f\n", name, primal, grad, grad / primal);
}
