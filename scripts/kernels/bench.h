/* Harness for scripts/bench. A kernel defines its problem through five functions and calls
 * bench_main(name):
 *   int    bench_setup(void)                 allocates and fills the data; returns the number of parameters
 *   double bench_primal(const double *theta)  the objective at parameters theta (resets in-place state first)
 *   void   bench_gradient(const double *theta, double *grad)   reverse mode (__enzyme_autodiff), grad zeroed first
 *   double bench_tangent(const double *theta, const double *v) forward mode (__enzyme_fwddiff) along v
 * The harness times primal and gradient in the same binary, checks the gradient against central finite
 * differences on sampled parameters and against forward mode (<grad, v> = J v), and reports the
 * gradient's extra peak memory (growth of the peak RSS during its first call). The same source is built with llad's and with Enzyme's plugin. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
int enzyme_dup, enzyme_const, enzyme_out, enzyme_dupnoneed;
double __enzyme_autodiff(void *, ...); /* the adjoint of one enzyme_out argument, where a kernel has one */
double __enzyme_fwddiff(void *, ...);

int bench_setup(void);
double bench_primal(const double *theta);
void bench_gradient(const double *theta, double *grad);
double bench_tangent(const double *theta, const double *v);
/* The parameters a kernel starts from (filled by bench_setup). */
static double *bench_theta;

static double bench_now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + 1e-9 * t.tv_nsec;
}
static long bench_peak_kb(void) {
  struct rusage u;
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}
static volatile double bench_sink;
/* A deterministic pseudo-random number in [-1, 1). */
static double bench_rand(void) {
  static unsigned long long s = 0x9E3779B97F4A7C15ull;
  s ^= s << 13; s ^= s >> 7; s ^= s << 17;
  return (double)(s >> 11) / (double)(1ull << 52) - 1.0;
}

/* How many calls of `body` take ~0.05 s (at least one). */
#define BENCH_REPS(body) ({                                                  \
  double t0_ = bench_now(); long reps_ = 0;                                  \
  do { body; reps_++; } while (bench_now() - t0_ < 0.05 && reps_ < 1000000); \
  reps_; })
/* Seconds per call of `reps` calls of `body`. */
#define BENCH_TIME(reps, body) ({                                            \
  double a_ = bench_now();                                                   \
  for (long i_ = 0; i_ < (reps); i_++) { __asm__ volatile("" ::: "memory"); body; } \
  (bench_now() - a_) / (reps); })
#define BENCH_ROUNDS 9
static double bench_median(double *xs, int n) {
  for (int i = 0; i < n; i++) for (int j = i + 1; j < n; j++) if (xs[j] < xs[i]) { double x = xs[i]; xs[i] = xs[j]; xs[j] = x; }
  return xs[n / 2];
}

static int bench_main(const char *name) {
  int n = bench_setup();
  double *grad = malloc(n * sizeof(double)), *v = malloc(n * sizeof(double)), *theta = malloc(n * sizeof(double));
  memcpy(theta, bench_theta, n * sizeof(double));
  /* Touched now (not zero, or malloc + memset becomes calloc), so the peak below counts only the gradient's memory. */
  for (int i = 0; i < n; i++) grad[i] = v[i] = 1;
  /* The buffers escape, so the memory clobber in each timed repetition keeps calls from being merged. */
  __asm__ volatile("" : : "r"(theta), "r"(grad), "r"(v) : "memory");
  /* Checks first: they also warm up both code paths. */
  double f0 = bench_primal(theta);
  long before = bench_peak_kb();
  bench_gradient(theta, grad);
  long after = bench_peak_kb();
  int bad = 0;
  double gnorm = 0;
  for (int i = 0; i < n; i++) gnorm = fmax(gnorm, fabs(grad[i]));
  if (!(gnorm > 0) || !isfinite(gnorm)) { printf("%s: gradient is zero or not finite\n", name); bad = 1; }
  int samples = n < 12 ? n : 12;
  for (int s = 0; s < samples; s++) {
    int i = samples == n ? s : (int)((bench_rand() + 1) * 0.5 * n) % n;
    double x = theta[i], h = 1e-5 * fmax(1.0, fabs(x));
    theta[i] = x + h; double fp = bench_primal(theta);
    theta[i] = x - h; double fm = bench_primal(theta);
    theta[i] = x;
    double fd = (fp - fm) / (2 * h);
    double tol = 1e-4 * fmax(fabs(fd), 1e-3 * gnorm) + 1e-9;
    if (!(fabs(fd - grad[i]) <= tol)) { printf("%s: d/dtheta[%d] = %.10g, finite differences %.10g\n", name, i, grad[i], fd); bad = 1; }
  }
  for (int i = 0; i < n; i++) v[i] = bench_rand();
  double jv = bench_tangent(theta, v), gv = 0, scale = 0;
  for (int i = 0; i < n; i++) { gv += grad[i] * v[i]; scale += fabs(grad[i] * v[i]); }
  if (!(fabs(jv - gv) <= 1e-8 * scale + 1e-12)) { printf("%s: forward J.v = %.12g, reverse <grad, v> = %.12g\n", name, jv, gv); bad = 1; }
  if (bench_primal(theta) != f0) { printf("%s: the primal is not repeatable\n", name); bad = 1; }

  /* Rounds alternate primal, gradient and tangent, and each ratio is the median of the rounds'
     ratios: on a shared machine memory bandwidth and clock drift over seconds, and a ratio of
     times taken back to back is much steadier than a ratio of times taken a second apart. */
  long primal_reps = BENCH_REPS(bench_sink = bench_primal(theta));
  long gradient_reps = BENCH_REPS(bench_gradient(theta, grad));
  long tangent_reps = BENCH_REPS(bench_sink = bench_tangent(theta, v));
  double primals[BENCH_ROUNDS], gradient_ratios[BENCH_ROUNDS], tangent_ratios[BENCH_ROUNDS], gradients[BENCH_ROUNDS];
  for (int r = 0; r < BENCH_ROUNDS; r++) {
    double p = BENCH_TIME(primal_reps, bench_sink = bench_primal(theta));
    double g = BENCH_TIME(gradient_reps, bench_gradient(theta, grad));
    double t = BENCH_TIME(tangent_reps, bench_sink = bench_tangent(theta, v));
    primals[r] = p; gradients[r] = g; gradient_ratios[r] = g / p; tangent_ratios[r] = t / p;
  }
  double primal = bench_median(primals, BENCH_ROUNDS), gradient = bench_median(gradients, BENCH_ROUNDS);
  double ratio = bench_median(gradient_ratios, BENCH_ROUNDS), tangent_ratio = bench_median(tangent_ratios, BENCH_ROUNDS);
  /* name primal_s gradient_s ratio forward_ratio extra_peak_MB check */
  printf("%-8s %12.6e %12.6e %8.2f %8.2f %8.1f %s\n", name, primal, gradient, ratio, tangent_ratio,
         (after - before) / 1024.0, bad ? "WRONG" : "ok");
  return bad;
}
