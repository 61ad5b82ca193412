// Sparse Hessians with __enzyme_todense (Enzyme's sparse interface): the seed of each column is a
// todense pointer whose load function returns the one-hot direction, and the Hessian column goes
// to a todense pointer whose store function collects nonzeros as triplets; the primal of the
// accumulated gradient is the made-up pointer (double*)0x1 marked enzyme_dupnoneed (never touched).
// Also a todense *primal* (a ring read through a wrapping load function) in reverse mode, and a
// Hessian-vector product into (double*)0x1 with ordinary shadows. Every entry is checked against the
// analytic Hessian/gradient and central differences of the analytic gradient/function.
// Callees stay out of line (noinline) at every level; -O0 keeps the pointers in stack slots that the
// reverse pass reads back from memory: a clear error, not a wrong Hessian.
// RUN: %clang -O1 -fpass-plugin=%plugin %s -lm -o %t1 && %t1 | FileCheck %s
// RUN: %clang -O2 -fpass-plugin=%plugin %s -lm -o %t2 && %t2 | FileCheck %s
// RUN: %clang -O3 -fpass-plugin=%plugin %s -lm -o %t3 && %t3 | FileCheck %s
// RUN: %clang -O2 -fno-inline-functions -fpass-plugin=%plugin %s -lm -o %t4 && %t4 | FileCheck %s
// RUN: %clang -O2 -ffast-math -c -emit-llvm %s -o %t5.bc && %llad %t5.bc -o %t5.d.bc && %clang -O2 %t5.d.bc -lm -o %t5 && %t5 | FileCheck %s
// RUN: %clang -O1 -c -emit-llvm %s -o %t6.bc && %llad %t6.bc -o %t6.d.bc && %clang -O0 %t6.d.bc -lm -o %t6 && %t6 | FileCheck %s
// RUN: not %clang -O0 -fpass-plugin=%plugin -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=O0
// CHECK: todense: 0 wrong in 35 entries
// O0: cannot differentiate: a pointer from __enzyme_todense (or a constant enzyme_dupnoneed pointer) is stored to memory, where llad cannot follow it
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

extern int enzyme_dup, enzyme_const, enzyme_dupnoneed;
void __enzyme_autodiff(void *, ...);
void __enzyme_fwddiff(void *, ...);
double *__enzyme_todense(void *, void *, ...);

#define N 5
static int checks, wrong;

static void check(const char *what, int i, int j, double got, double analytic, double fd) {
  checks++;
  double scale = fabs(analytic) > 1 ? fabs(analytic) : 1;
  if (fabs(got - analytic) > 1e-9 * scale) {
    wrong++;
    printf("FAIL %s[%d][%d] = %.12g, analytic %.12g\n", what, i, j, got, analytic);
  }
  if (fabs(got - fd) > 1e-5 * scale) {
    wrong++;
    printf("FAIL %s[%d][%d] = %.12g, finite difference %.12g\n", what, i, j, got, fd);
  }
}

/* ---- a chain: f(x) = sum_i sin(x_i) x_{i+1}^2 + exp(x_i - x_{i+1}) ---- */
__attribute__((noinline)) double chain(int n, const double *x) {
  double s = 0;
  for (int i = 0; i + 1 < n; i++)
    s += sin(x[i]) * x[i + 1] * x[i + 1] + exp(x[i] - x[i + 1]);
  return s;
}

__attribute__((noinline)) void chain_gradient(int n, const double *x, double *g) {
  __enzyme_autodiff((void *)chain, enzyme_const, n, enzyme_dup, x, g);
}

static void chain_gradient_exact(const double *x, double *g) {
  for (int i = 0; i < N; i++) g[i] = 0;
  for (int i = 0; i + 1 < N; i++) {
    double a = x[i], b = x[i + 1], e = exp(a - b);
    g[i] += cos(a) * b * b + e;
    g[i + 1] += 2 * sin(a) * b - e;
  }
}

static void chain_hessian_exact(const double *x, double h[N][N]) {
  for (int i = 0; i < N; i++)
    for (int j = 0; j < N; j++) h[i][j] = 0;
  for (int i = 0; i + 1 < N; i++) {
    double a = x[i], b = x[i + 1], e = exp(a - b);
    h[i][i] += -sin(a) * b * b + e;
    h[i][i + 1] += 2 * cos(a) * b - e;
    h[i + 1][i] += 2 * cos(a) * b - e;
    h[i + 1][i + 1] += 2 * sin(a) + e;
  }
}

/* Column j of the Hessian by central differences of the exact gradient. */
static void chain_hessian_fd(const double *x, int j, double *column) {
  double xp[N], xm[N], gp[N], gm[N], h = 1e-6;
  for (int i = 0; i < N; i++) xp[i] = xm[i] = x[i];
  xp[j] += h;
  xm[j] -= h;
  chain_gradient_exact(xp, gp);
  chain_gradient_exact(xm, gm);
  for (int i = 0; i < N; i++) column[i] = (gp[i] - gm[i]) / (2 * h);
}

/* The todense functions: offsets are in bytes. */
typedef struct {
  int count;
  int64_t row[4 * N * N];
  int64_t col[4 * N * N];
  double val[4 * N * N];
} Triplets;

static double one_hot_load(int64_t offset, int64_t column) { return (double)(offset / (int64_t)sizeof(double) == column); }
static void read_only_store(double v, int64_t offset, int64_t column) {
  printf("FAIL the seed was written at byte %ld (column %ld)\n", (long)offset, (long)column);
  exit(1);
}
static double triplet_load(int64_t offset, int64_t column, Triplets *t) { return 0.0; }
static void triplet_store(double v, int64_t offset, int64_t column, Triplets *t) {
  if (v == 0.0) return;
  t->row[t->count] = offset / (int64_t)sizeof(double);
  t->col[t->count] = column;
  t->val[t->count] = v;
  t->count++;
}

static void sparse_hessian(const double *x) {
  Triplets t = {0};
  for (int64_t j = 0; j < N; j++) {
    double *seed = __enzyme_todense((void *)one_hot_load, (void *)read_only_store, j);
    double *column = __enzyme_todense((void *)triplet_load, (void *)triplet_store, j, &t);
    __enzyme_fwddiff((void *)chain_gradient, enzyme_const, N, enzyme_dup, x, seed, enzyme_dupnoneed, (double *)0x1, column);
  }
  double h[N][N] = {{0}}, exact[N][N];
  for (int k = 0; k < t.count; k++) {
    if (t.row[k] < 0 || t.row[k] >= N || t.col[k] < 0 || t.col[k] >= N) {
      printf("FAIL triplet %d out of range: (%ld, %ld)\n", k, (long)t.row[k], (long)t.col[k]);
      wrong++;
      return;
    }
    h[t.row[k]][t.col[k]] += t.val[k];
  }
  chain_hessian_exact(x, exact);
  for (int j = 0; j < N; j++) {
    double fd[N];
    chain_hessian_fd(x, j, fd);
    for (int i = 0; i < N; i++) check("sparse H", i, j, h[i][j], exact[i][j], fd[i]);
  }
}

/* Hessian times v, the gradient's primal discarded, ordinary shadows. */
static void hessian_vector(const double *x) {
  double v[N] = {0.5, -1.0, 0.25, 2.0, -0.75}, hv[N] = {0}, exact[N][N];
  double vcopy[N];
  for (int i = 0; i < N; i++) vcopy[i] = v[i];
  __enzyme_fwddiff((void *)chain_gradient, enzyme_const, N, enzyme_dup, x, v, enzyme_dupnoneed, (double *)0x1, hv);
  chain_hessian_exact(x, exact);
  double xp[N], xm[N], gp[N], gm[N], h = 1e-6;
  for (int i = 0; i < N; i++) xp[i] = x[i] + h * vcopy[i], xm[i] = x[i] - h * vcopy[i];
  chain_gradient_exact(xp, gp);
  chain_gradient_exact(xm, gm);
  for (int i = 0; i < N; i++) {
    double e = 0;
    for (int j = 0; j < N; j++) e += exact[i][j] * vcopy[j];
    check("Hv", i, 0, hv[i], e, (gp[i] - gm[i]) / (2 * h));
  }
}

/* ---- a ring read through a wrapping todense primal: r(x) = sum_i (x_{i+1} - x_i)^2 cos(x_i),
 * x_N = x_0. The shadow is an ordinary array of N + 1 (the view wraps only the primal). ---- */
__attribute__((noinline)) double ring(int n, const double *x) {
  double s = 0;
  for (int i = 0; i < n; i++) {
    double d = x[i + 1] - x[i];
    s += d * d * cos(x[i]);
  }
  return s;
}

static double wrapping_load(int64_t offset, const double *x, int64_t n) { return x[(offset / (int64_t)sizeof(double)) % n]; }
static void no_store(double v, int64_t offset, const double *x, int64_t n) {
  printf("FAIL the ring's primal was written\n");
  exit(1);
}

static double ring_exact(const double *x) {
  double s = 0;
  for (int i = 0; i < N; i++) {
    double d = x[(i + 1) % N] - x[i];
    s += d * d * cos(x[i]);
  }
  return s;
}

static void ring_gradient(const double *x) {
  double *wrapped = __enzyme_todense((void *)wrapping_load, (void *)no_store, x, (int64_t)N);
  double g[N + 1] = {0};
  __enzyme_autodiff((void *)ring, enzyme_const, N, enzyme_dup, wrapped, g);
  g[0] += g[N];
  for (int i = 0; i < N; i++) {
    double a = x[i], b = x[(i + 1) % N], d = b - a, e = 0;
    e += -2 * d * cos(a) - d * d * sin(a);
    double ap = x[(i + N - 1) % N], dp = a - ap;
    e += 2 * dp * cos(ap);
    double xp[N], xm[N], h = 1e-6;
    for (int k = 0; k < N; k++) xp[k] = xm[k] = x[k];
    xp[i] += h;
    xm[i] -= h;
    check("ring gradient", i, 0, g[i], e, (ring_exact(xp) - ring_exact(xm)) / (2 * h));
  }
}

int main(void) {
  double x[N] = {0.3, -0.2, 0.9, 1.4, -0.6};
  sparse_hessian(x);
  hessian_vector(x);
  ring_gradient(x);
  printf("todense: %d wrong in %d entries\n", wrong, checks);
  return wrong != 0;
}
