/* Loops whose tape the reverse mode reserves per loop (src/synth/reverse/reserve.rs), counts down
 * (induction variables with any start, secondary indices carried across loops) or derives from the
 * loop's bound (exit values), with the values pushed per iteration really needed: product chains
 * and overwritten array elements.
 *
 * - chain: a runtime trip count n (0, 1, 2, 9) in place: x_i <- x_i p, p <- p x_i + sin(x_i)/2;
 * - tri: triangular nesting, for i, for j = i+1..n-1, x overwritten in place (zero inner trips on the
 *   last outer iteration; n = 0, 1, 2, 6);
 * - packed / packed_strict: out[j] = out[j] c_i + L[idx++] x_i over a packed lower triangle
 *   (j = i..n-1 and j = i+1..n-1), idx carried across both loops;
 * - cond_loop: a conditional block that pushes on some iterations only;
 * - break_loop: an early break on data (no reservation), its exit value used after the loop;
 * - ne_step1 / ne_step3 (and _long): for (i = start; i != n; i += 1 or 3), zero and one trips
 *   included; with long counters the exit test is i + step == n itself, and i's exit value n - step;
 * - countdown: for (i = n - 1; i >= 0; i--) in place; countdown_long: down to i != lo;
 * - outer_bound: inner loops bounded by the outer counter (j = 0..i-1 and j = n-1 down to i+1);
 * - loaded_bound(_inloop): a bound loaded from memory the function overwrites after (inside) the loop;
 * - seq_bound(_nested): a loop bounded by where an earlier loop stopped on data (per row, nested);
 * - two_phase(_down): a loop starting (counting down to) where an earlier loop stopped on data;
 * - csr(_ne)(_clobber): inner loops from rowptr[i] to rowptr[i + 1] (a start and a bound loaded from
 *   memory, empty rows; k < end with int, k != end with long row pointers), the _clobber ones
 *   overwriting rowptr as they go;
 * - with_lgamma: lgamma on constants beside loops that read the argument array (overwritten
 *   afterwards), and lgamma's sign (signgam) read as a factor in a loop.
 *
 * Inputs live in heap blocks of exactly their size, so that an index counted back wrongly is an
 * invalid access valgrind reports, not just a wrong number. Every derivative is checked against a
 * hand-written adjoint (a replay of the loop) and a central finite difference. (Functions chosen at
 * run time are differentiated through one grad_* wrapper each: LLVM would merge two requests on
 * selected functions into one request on a phi, which is no function.) */
#include <stdlib.h>
#include "check.h"

double __enzyme_autodiff(void *, ...);
void __enzyme_autodiff_v(void *, ...);

#define MAXN 12

/* A heap copy of exactly n doubles (malloc(0) for n = 0: any access is invalid). */
static double *heap(const double *v, int n) {
  double *p = malloc((size_t)n * sizeof(double));
  if (n > 0)
    memcpy(p, v, (size_t)n * sizeof(double));
  return p;
}

static int g_n, g_start, g_k;
static const double *g_w, *g_a, *g_x, *g_c, *g_out;
static double g_p, g_limit;

/* ---- chain: runtime trip count, in place, product chain ---- */
LLAD_NOINLINE double chain(double *x, int n, double p) {
  for (int i = 0; i < n; i++) {
    double old = x[i];
    x[i] = old * p;
    p = p * old + 0.5 * sin(old);
  }
  return p;
}

static double chain_loss(const double *x0, double p0) {
  double *x = heap(x0, g_n);
  double r = chain(x, g_n, p0);
  for (int i = 0; i < g_n; i++)
    r += g_w[i] * x[i];
  free(x);
  return r;
}
static double chain_eval_x(const double *v) { return chain_loss(v, g_p); }
static double chain_eval_p(double p) { return chain_loss(g_x, p); }

/* Hand adjoint: gx = dL/dx0, returns dL/dp0, for L = chain + sum w_i x_out_i. */
static double chain_ref(const double *x0, const double *w, int n, double p0, double *gx) {
  double p[MAXN + 1];
  p[0] = p0;
  for (int i = 0; i < n; i++)
    p[i + 1] = p[i] * x0[i] + 0.5 * sin(x0[i]);
  double pb = 1.0;
  for (int i = n - 1; i >= 0; i--) {
    gx[i] = w[i] * p[i] + pb * (p[i] + 0.5 * cos(x0[i]));
    pb = pb * x0[i] + w[i] * x0[i];
  }
  return pb;
}

static void test_chain(int n) {
  double x0[MAXN], w[MAXN], gx[MAXN], p0 = 0.8;
  for (int i = 0; i < n; i++) {
    x0[i] = 0.9 + 0.2 * sin(1.3 * i + 0.2);
    w[i] = 0.5 + 0.1 * i;
  }
  double *x = heap(x0, n), *dx = heap(w, n); /* dx is seeded with the outputs' adjoint w */
  double dp = __enzyme_autodiff((void *)chain, x, dx, n, p0);
  double an_p = chain_ref(x0, w, n, p0, gx);
  /* the primal ran: x holds x_i p_i */
  double p = p0;
  for (int i = 0; i < n; i++) {
    CHECK_CLOSE(NAME("chain.n%d.x[%d].primal", n, i), x[i], x0[i] * p, 1e-14);
    p = p * x0[i] + 0.5 * sin(x0[i]);
  }
  g_n = n, g_w = w, g_p = p0, g_x = x0;
  double v[MAXN];
  memcpy(v, x0, sizeof v);
  for (int j = 0; j < n; j++)
    CHECK_DERIV(NAME("chain.n%d.dx[%d]", n, j), dx[j], gx[j], fd_coord(chain_eval_x, v, j));
  CHECK_DERIV(NAME("chain.n%d.dp", n), dp, an_p, fd1(chain_eval_p, p0, FD_H));
  free(x);
  free(dx);
}

/* ---- tri: for i, for j = i+1..n-1, in place ---- */
LLAD_NOINLINE double tri(double *x, const double *a, int n) {
  for (int i = 0; i < n; i++)
    for (int j = i + 1; j < n; j++)
      x[j] = x[j] * cos(x[i]) + a[i] * x[i];
  double r = 0.0;
  for (int i = 0; i < n; i++)
    r += 0.5 * x[i] * x[i];
  return r;
}

static double tri_loss(const double *x0, const double *a) {
  double *x = heap(x0, g_n), *ah = heap(a, g_n);
  double r = tri(x, ah, g_n);
  for (int i = 0; i < g_n; i++)
    r += g_w[i] * x[i];
  free(x);
  free(ah);
  return r;
}
static double tri_eval_x(const double *v) { return tri_loss(v, g_a); }
static double tri_eval_a(const double *v) { return tri_loss(g_x, v); }

static void tri_ref(const double *x0, const double *a, const double *w, int n, double *gx, double *ga) {
  double x[MAXN], old[MAXN * MAXN];
  memcpy(x, x0, (size_t)n * sizeof(double));
  for (int i = 0; i < n; i++)
    for (int j = i + 1; j < n; j++) {
      old[i * n + j] = x[j];
      x[j] = x[j] * cos(x[i]) + a[i] * x[i];
    }
  for (int k = 0; k < n; k++)
    gx[k] = w[k] + x[k], ga[k] = 0.0;
  for (int i = n - 1; i >= 0; i--) /* x[i] is final once outer iteration i starts */
    for (int j = n - 1; j > i; j--) {
      gx[i] += gx[j] * (a[i] - old[i * n + j] * sin(x[i]));
      ga[i] += gx[j] * x[i];
      gx[j] *= cos(x[i]);
    }
}

static void test_tri(int n) {
  double x0[MAXN], a[MAXN], w[MAXN], gx[MAXN], ga[MAXN];
  for (int i = 0; i < n; i++) {
    x0[i] = 0.4 + 0.3 * cos(0.7 * i);
    a[i] = 0.3 - 0.05 * i;
    w[i] = 1.0 - 0.1 * i;
  }
  double *x = heap(x0, n), *dx = heap(w, n), *ah = heap(a, n), *da = calloc(n + 1, sizeof(double));
  __enzyme_autodiff_v((void *)tri, x, dx, ah, da, n);
  tri_ref(x0, a, w, n, gx, ga);
  g_n = n, g_w = w, g_a = a, g_x = x0;
  double v[MAXN];
  for (int j = 0; j < n; j++) {
    memcpy(v, x0, sizeof v);
    CHECK_DERIV(NAME("tri.n%d.dx[%d]", n, j), dx[j], gx[j], fd_coord(tri_eval_x, v, j));
    memcpy(v, a, sizeof v);
    CHECK_DERIV(NAME("tri.n%d.da[%d]", n, j), da[j], ga[j], fd_coord(tri_eval_a, v, j));
  }
  CHECK_CLOSE(NAME("tri.n%d.da_untouched", n), da[n], 0.0, 0.0);
  free(x), free(dx), free(ah), free(da);
}

/* ---- packed lower triangles with a secondary index idx++ ---- */
LLAD_NOINLINE void packed(const double *L, const double *x, const double *c, double *out, int n) {
  int idx = 0;
  for (int i = 0; i < n; i++)
    for (int j = i; j < n; j++)
      out[j] = out[j] * c[i] + L[idx++] * x[i];
}

LLAD_NOINLINE void packed_strict(const double *L, const double *x, const double *c, double *out, int n) {
  int idx = 0;
  for (int i = 0; i < n; i++)
    for (int j = i + 1; j < n; j++)
      out[j] = out[j] * c[i] + L[idx++] * x[i];
}

static int g_strict;
static int packed_len(int n, int strict) { return strict ? n * (n - 1) / 2 : n * (n + 1) / 2; }

/* Loss = sum_j w_j out_j after the update. */
static double packed_loss(const double *L, const double *x, const double *c, const double *out0) {
  int n = g_n, m = packed_len(n, g_strict);
  double *Lh = heap(L, m), *xh = heap(x, n), *ch = heap(c, n), *out = heap(out0, n);
  (g_strict ? packed_strict : packed)(Lh, xh, ch, out, n);
  double r = 0.0;
  for (int j = 0; j < n; j++)
    r += g_w[j] * out[j];
  free(Lh), free(xh), free(ch), free(out);
  return r;
}
static double packed_eval_L(const double *v) { return packed_loss(v, g_x, g_c, g_out); }
static double packed_eval_x(const double *v) { return packed_loss(g_a, v, g_c, g_out); }
static double packed_eval_c(const double *v) { return packed_loss(g_a, g_x, v, g_out); }
static double packed_eval_out(const double *v) { return packed_loss(g_a, g_x, g_c, v); }

static void packed_ref(const double *L, const double *x, const double *c, const double *out0, const double *w, int n,
                       int strict, double *gL, double *gx, double *gc, double *gout) {
  double out[MAXN], old[MAXN * (MAXN + 1) / 2];
  memcpy(out, out0, (size_t)n * sizeof(double));
  int idx = 0;
  for (int i = 0; i < n; i++)
    for (int j = i + strict; j < n; j++) {
      old[idx] = out[j];
      out[j] = out[j] * c[i] + L[idx] * x[i];
      idx++;
    }
  for (int k = 0; k < idx; k++)
    gL[k] = 0.0;
  for (int k = 0; k < n; k++)
    gx[k] = gc[k] = 0.0, gout[k] = w[k];
  for (int i = n - 1; i >= 0; i--)
    for (int j = n - 1; j >= i + strict; j--) {
      idx--;
      gL[idx] += gout[j] * x[i];
      gx[i] += gout[j] * L[idx];
      gc[i] += gout[j] * old[idx];
      gout[j] *= c[i];
    }
}

static __attribute__((noinline)) void grad_packed(double *L, double *dL, double *x, double *dx, double *c, double *dc,
                                                  double *out, double *dout, int n) {
  __enzyme_autodiff_v((void *)packed, L, dL, x, dx, c, dc, out, dout, n);
}
static __attribute__((noinline)) void grad_packed_strict(double *L, double *dL, double *x, double *dx, double *c,
                                                         double *dc, double *out, double *dout, int n) {
  __enzyme_autodiff_v((void *)packed_strict, L, dL, x, dx, c, dc, out, dout, n);
}

static void test_packed(int n, int strict) {
  int m = packed_len(n, strict);
  double L[MAXN * (MAXN + 1) / 2], x[MAXN], c[MAXN], out0[MAXN], w[MAXN];
  double gL[MAXN * (MAXN + 1) / 2], gx[MAXN], gc[MAXN], gout[MAXN];
  for (int k = 0; k < m; k++)
    L[k] = 0.5 + 0.3 * sin(0.9 * k + 0.1);
  for (int i = 0; i < n; i++) {
    x[i] = 0.7 - 0.15 * i;
    c[i] = 0.9 + 0.05 * cos(1.1 * i);
    out0[i] = 0.2 * i - 0.3;
    w[i] = 1.0 + 0.2 * i;
  }
  double *Lh = heap(L, m), *xh = heap(x, n), *ch = heap(c, n), *out = heap(out0, n);
  double *dL = calloc(m + 1, sizeof(double)), *dx = calloc(n + 1, sizeof(double));
  double *dc = calloc(n + 1, sizeof(double)), *dout = heap(w, n);
  (strict ? grad_packed_strict : grad_packed)(Lh, dL, xh, dx, ch, dc, out, dout, n);
  packed_ref(L, x, c, out0, w, n, strict, gL, gx, gc, gout);
  const char *tag = strict ? "packed_strict" : "packed";
  g_n = n, g_strict = strict, g_w = w, g_a = L, g_x = x, g_c = c, g_out = out0;
  double v[MAXN * (MAXN + 1) / 2];
  for (int k = 0; k < m; k++) {
    memcpy(v, L, sizeof v);
    CHECK_DERIV(NAME("%s.n%d.dL[%d]", tag, n, k), dL[k], gL[k], fd_coord(packed_eval_L, v, k));
  }
  for (int j = 0; j < n; j++) {
    memcpy(v, x, sizeof x);
    CHECK_DERIV(NAME("%s.n%d.dx[%d]", tag, n, j), dx[j], gx[j], fd_coord(packed_eval_x, v, j));
    memcpy(v, c, sizeof c);
    CHECK_DERIV(NAME("%s.n%d.dc[%d]", tag, n, j), dc[j], gc[j], fd_coord(packed_eval_c, v, j));
    memcpy(v, out0, sizeof out0);
    CHECK_DERIV(NAME("%s.n%d.dout[%d]", tag, n, j), dout[j], gout[j], fd_coord(packed_eval_out, v, j));
  }
  CHECK_CLOSE(NAME("%s.n%d.untouched", tag, n), fabs(dL[m]) + fabs(dx[n]) + fabs(dc[n]), 0.0, 0.0);
  free(Lh), free(xh), free(ch), free(out), free(dL), free(dx), free(dc), free(dout);
}

/* ---- cond_loop: a conditional block pushes on some iterations ---- */
LLAD_NOINLINE double cond_loop(const double *x, int n, double s) {
  for (int i = 0; i < n; i++) {
    if (x[i] > 0.0)
      s = s * exp(0.3 * x[i]) + x[i];
    else
      s = s + x[i] * x[i];
  }
  return s;
}

static double cond_eval_x(const double *v) {
  double *x = heap(v, g_n);
  double r = cond_loop(x, g_n, g_p);
  free(x);
  return r;
}
static double cond_eval_s(double s) {
  double *x = heap(g_x, g_n);
  double r = cond_loop(x, g_n, s);
  free(x);
  return r;
}

static double cond_ref(const double *x, int n, double s0, double *gx) {
  double s[MAXN + 1];
  s[0] = s0;
  for (int i = 0; i < n; i++)
    s[i + 1] = x[i] > 0.0 ? s[i] * exp(0.3 * x[i]) + x[i] : s[i] + x[i] * x[i];
  double sb = 1.0;
  for (int i = n - 1; i >= 0; i--) {
    if (x[i] > 0.0) {
      double e = exp(0.3 * x[i]);
      gx[i] = sb * (0.3 * s[i] * e + 1.0);
      sb *= e;
    } else {
      gx[i] = sb * 2.0 * x[i];
    }
  }
  return sb;
}

static void test_cond(int n) {
  double x0[MAXN], gx[MAXN], s0 = 0.6;
  for (int i = 0; i < n; i++)
    x0[i] = (i % 3 == 1 ? -1.0 : 1.0) * (0.3 + 0.1 * i); /* signs + - + + - + ... */
  double *x = heap(x0, n), *dx = calloc(n + 1, sizeof(double));
  double ds = __enzyme_autodiff((void *)cond_loop, x, dx, n, s0);
  double an_s = cond_ref(x0, n, s0, gx);
  g_n = n, g_p = s0, g_x = x0;
  double v[MAXN];
  memcpy(v, x0, sizeof v);
  for (int j = 0; j < n; j++)
    CHECK_DERIV(NAME("cond.n%d.dx[%d]", n, j), dx[j], gx[j], fd_coord(cond_eval_x, v, j));
  CHECK_DERIV(NAME("cond.n%d.ds", n), ds, an_s, fd1(cond_eval_s, s0, FD_H));
  free(x), free(dx);
}

/* ---- break_loop: an early break on data ---- */
LLAD_NOINLINE double break_loop(double *x, int n, double limit) {
  double s = 0.5;
  int i;
  for (i = 0; i < n; i++) {
    double old = x[i];
    x[i] = s * old;
    s = s * old + sin(old);
    if (s > limit)
      break;
  }
  return s * (1.0 + 0.125 * i);
}

static double break_eval_x(const double *v) {
  double *x = heap(v, g_n);
  double r = break_loop(x, g_n, g_limit);
  for (int i = 0; i < g_n; i++)
    r += g_w[i] * x[i];
  free(x);
  return r;
}

/* Returns the number of iterations that ran (the last one broke out, if fewer than n). */
static int break_ref(const double *x, const double *w, int n, double limit, double *gx) {
  double s[MAXN + 1];
  s[0] = 0.5;
  int i;
  for (i = 0; i < n; i++) {
    s[i + 1] = s[i] * x[i] + sin(x[i]);
    if (s[i + 1] > limit)
      break;
  }
  int ran = i < n ? i + 1 : n;
  double sb = 1.0 + 0.125 * i;
  for (int k = 0; k < n; k++)
    gx[k] = w[k]; /* x[k] not reached stays x0[k] */
  for (int k = ran - 1; k >= 0; k--) {
    /* x_out[k] = s_k x_k, s_{k+1} = s_k x_k + sin x_k */
    gx[k] = w[k] * s[k] + sb * (s[k] + cos(x[k]));
    sb = sb * x[k] + w[k] * x[k];
  }
  return ran;
}

static void test_break(int n, double limit) {
  double x0[MAXN], w[MAXN], gx[MAXN];
  for (int i = 0; i < n; i++) {
    x0[i] = 0.8 + 0.3 * sin(1.7 * i);
    w[i] = 0.3 + 0.05 * i;
  }
  double *x = heap(x0, n), *dx = heap(w, n);
  double dlimit = __enzyme_autodiff((void *)break_loop, x, dx, n, limit);
  int ran = break_ref(x0, w, n, limit, gx);
  printf("break n=%d limit=%g: %d iterations\n", n, limit, ran);
  CHECK_CLOSE(NAME("break.n%d.L%g.dlimit", n, limit), dlimit, 0.0, 0.0);
  g_n = n, g_w = w, g_limit = limit;
  double v[MAXN];
  memcpy(v, x0, sizeof v);
  for (int j = 0; j < n; j++)
    CHECK_DERIV(NAME("break.n%d.L%g.dx[%d]", n, limit, j), dx[j], gx[j], fd_coord(break_eval_x, v, j));
  free(x), free(dx);
}

/* ---- exit values from the loop bound: i != n with steps 1 and 3 ----
 * With int counters LLVM widens i and compares trunc(i + step) with n; with long counters the exit
 * test is `icmp eq (i + step), n` itself, from which the reverse derives i's exit value n - step. */
LLAD_NOINLINE double ne_step1(const double *x, int start, int n) {
  double s = 1.0;
  for (int i = start; i != n; i++)
    s = s * sin(x[i]) + x[i];
  return s;
}

LLAD_NOINLINE double ne_step3(const double *x, int start, int n) {
  double s = 1.0;
  for (int i = start; i != n; i += 3)
    s = s * sin(x[i]) + x[i] * x[i + 1];
  return s;
}

LLAD_NOINLINE double ne_step1_long(const double *x, long start, long n) {
  double s = 1.0;
  for (long i = start; i != n; i++)
    s = s * sin(x[i]) + x[i];
  return s;
}

LLAD_NOINLINE double ne_step3_long(const double *x, long start, long n) {
  double s = 1.0;
  for (long i = start; i != n; i += 3)
    s = s * sin(x[i]) + x[i] * x[i + 1];
  return s;
}

static int g_step, g_long;
static double ne_eval(const double *v) {
  double *x = heap(v, g_n);
  double r = g_long ? (g_step == 1 ? ne_step1_long : ne_step3_long)(x, g_start, g_n)
                    : (g_step == 1 ? ne_step1 : ne_step3)(x, g_start, g_n);
  free(x);
  return r;
}

static void ne_ref(const double *x, int start, int n, int step, double *gx) {
  double s[MAXN + 1];
  int k = 0;
  s[0] = 1.0;
  for (int i = start; i != n; i += step, k++)
    s[k + 1] = s[k] * sin(x[i]) + (step == 1 ? x[i] : x[i] * x[i + 1]);
  for (int j = 0; j < n; j++)
    gx[j] = 0.0;
  double sb = 1.0;
  for (int i = n - step; k > 0; i -= step) {
    k--;
    gx[i] += sb * (s[k] * cos(x[i]) + (step == 1 ? 1.0 : x[i + 1]));
    if (step != 1)
      gx[i + 1] += sb * x[i];
    sb *= sin(x[i]);
  }
}

static __attribute__((noinline)) void grad_ne_step1(double *x, double *dx, int start, int n) {
  __enzyme_autodiff_v((void *)ne_step1, x, dx, start, n);
}
static __attribute__((noinline)) void grad_ne_step3(double *x, double *dx, int start, int n) {
  __enzyme_autodiff_v((void *)ne_step3, x, dx, start, n);
}
static __attribute__((noinline)) void grad_ne_step1_long(double *x, double *dx, int start, int n) {
  __enzyme_autodiff_v((void *)ne_step1_long, x, dx, (long)start, (long)n);
}
static __attribute__((noinline)) void grad_ne_step3_long(double *x, double *dx, int start, int n) {
  __enzyme_autodiff_v((void *)ne_step3_long, x, dx, (long)start, (long)n);
}

static void test_ne(int step, int start, int n, int is_long) {
  double x0[MAXN], gx[MAXN];
  for (int i = 0; i < n; i++)
    x0[i] = 0.6 + 0.4 * cos(0.8 * i + 0.3);
  double *x = heap(x0, n), *dx = calloc(n + 1, sizeof(double));
  if (is_long)
    (step == 1 ? grad_ne_step1_long : grad_ne_step3_long)(x, dx, start, n);
  else
    (step == 1 ? grad_ne_step1 : grad_ne_step3)(x, dx, start, n);
  ne_ref(x0, start, n, step, gx);
  g_n = n, g_start = start, g_step = step, g_long = is_long;
  const char *tag = is_long ? "ne_long" : "ne";
  double v[MAXN];
  memcpy(v, x0, sizeof v);
  for (int j = 0; j < n; j++)
    CHECK_DERIV(NAME("%s.step%d.s%d.n%d.dx[%d]", tag, step, start, n, j), dx[j], gx[j], fd_coord(ne_eval, v, j));
  CHECK_CLOSE(NAME("%s.step%d.s%d.n%d.untouched", tag, step, start, n), dx[n], 0.0, 0.0);
  free(x), free(dx);
}

/* ---- countdown: for (i = n - 1; i >= 0; i--), in place; and down to a bound `lo` (long) ---- */
LLAD_NOINLINE double countdown(double *x, int n) {
  double s = 0.25;
  for (int i = n - 1; i >= 0; i--) {
    double old = x[i];
    x[i] = old * s + 1.0;
    s = s * cos(old) + old;
  }
  return s;
}

LLAD_NOINLINE double countdown_long(double *x, long n, long lo) {
  double s = 0.25;
  for (long i = n - 1; i != lo; i--) {
    double old = x[i];
    x[i] = old * s + 1.0;
    s = s * cos(old) + old;
  }
  return s;
}

static double countdown_eval(const double *v) {
  double *x = heap(v, g_n);
  double r = g_long ? countdown_long(x, g_n, -1) : countdown(x, g_n);
  for (int i = 0; i < g_n; i++)
    r += g_w[i] * x[i];
  free(x);
  return r;
}

static void countdown_ref(const double *x, const double *w, int n, double *gx) {
  double s[MAXN + 1]; /* s[i] = s before the iteration at i; s[n] = 0.25 */
  s[n] = 0.25;
  for (int i = n - 1; i >= 0; i--)
    s[i] = s[i + 1] * cos(x[i]) + x[i];
  double sb = 1.0;
  for (int i = 0; i < n; i++) {
    gx[i] = w[i] * s[i + 1] + sb * (1.0 - s[i + 1] * sin(x[i]));
    sb = sb * cos(x[i]) + w[i] * x[i];
  }
}

static void test_countdown(int n, int is_long) {
  double x0[MAXN], w[MAXN], gx[MAXN];
  for (int i = 0; i < n; i++) {
    x0[i] = 0.5 + 0.1 * i;
    w[i] = 0.7 - 0.05 * i;
  }
  double *x = heap(x0, n), *dx = heap(w, n);
  if (is_long)
    __enzyme_autodiff_v((void *)countdown_long, x, dx, (long)n, -1L);
  else
    __enzyme_autodiff_v((void *)countdown, x, dx, n);
  countdown_ref(x0, w, n, gx);
  g_n = n, g_w = w, g_long = is_long;
  double v[MAXN];
  memcpy(v, x0, sizeof v);
  for (int j = 0; j < n; j++)
    CHECK_DERIV(NAME("%s.n%d.dx[%d]", is_long ? "countdown_long" : "countdown", n, j), dx[j], gx[j],
                fd_coord(countdown_eval, v, j));
  free(x), free(dx);
}

/* ---- inner loops bounded by the outer counter ---- */
LLAD_NOINLINE double outer_bound(const double *x, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++) {
    double t = x[i];
    for (int j = 0; j != i; j++) /* leaves with j = i - 1 */
      t = t * x[j] + 0.5;
    for (int j = n - 1; j != i; j--) /* counts down to i + 1 */
      t = t * cos(x[j]);
    s += t * t;
  }
  return s;
}

static double outer_eval(const double *v) {
  double *x = heap(v, g_n);
  double r = outer_bound(x, g_n);
  free(x);
  return r;
}

static void outer_ref(const double *x, int n, double *gx) {
  for (int j = 0; j < n; j++)
    gx[j] = 0.0;
  for (int i = 0; i < n; i++) {
    double up[MAXN], down[MAXN]; /* t before each iteration of each inner loop */
    double t = x[i];
    for (int j = 0; j != i; j++)
      up[j] = t, t = t * x[j] + 0.5;
    for (int j = n - 1; j != i; j--)
      down[j] = t, t = t * cos(x[j]);
    double tb = 2.0 * t;
    for (int j = i + 1; j < n; j++) {
      gx[j] -= tb * down[j] * sin(x[j]);
      tb *= cos(x[j]);
    }
    for (int j = i - 1; j >= 0; j--) {
      gx[j] += tb * up[j];
      tb *= x[j];
    }
    gx[i] += tb;
  }
}

static void test_outer(int n) {
  double x0[MAXN], gx[MAXN];
  for (int i = 0; i < n; i++)
    x0[i] = 0.9 - 0.08 * i;
  double *x = heap(x0, n), *dx = calloc(n + 1, sizeof(double));
  __enzyme_autodiff_v((void *)outer_bound, x, dx, n);
  outer_ref(x0, n, gx);
  g_n = n;
  double v[MAXN];
  memcpy(v, x0, sizeof v);
  for (int j = 0; j < n; j++)
    CHECK_DERIV(NAME("outer_bound.n%d.dx[%d]", n, j), dx[j], gx[j], fd_coord(outer_eval, v, j));
  CHECK_CLOSE(NAME("outer_bound.n%d.untouched", n), dx[n], 0.0, 0.0);
  free(x), free(dx);
}

/* ---- bounds and starts loaded from memory, which the function may overwrite ---- */
/* The bound m = cnt[0] is overwritten after the loop (loaded_bound) or inside it (loaded_bound_inloop):
 * the reverse cannot reload it. */
LLAD_NOINLINE double loaded_bound(const double *x, int *cnt) {
  double s = 1.0;
  int m = cnt[0];
  for (int i = 0; i != m; i++)
    s = s * x[i] + sin(x[i]);
  cnt[0] = -5;
  return s;
}

LLAD_NOINLINE double loaded_bound_inloop(const double *x, int *cnt) {
  double s = 1.0;
  int m = cnt[0];
  for (int i = 0; i != m; i++) {
    s = s * x[i] + sin(x[i]);
    cnt[0] = -5 - i;
  }
  return s;
}

static double loaded_eval(const double *v) {
  double *x = heap(v, g_n);
  int *cnt = malloc(sizeof(int));
  *cnt = g_n;
  double r = (g_k ? loaded_bound_inloop : loaded_bound)(x, cnt);
  free(x), free(cnt);
  return r;
}

static __attribute__((noinline)) void grad_loaded_bound(double *x, double *dx, int *cnt) {
  __enzyme_autodiff_v((void *)loaded_bound, x, dx, enzyme_const, cnt);
}
static __attribute__((noinline)) void grad_loaded_bound_inloop(double *x, double *dx, int *cnt) {
  __enzyme_autodiff_v((void *)loaded_bound_inloop, x, dx, enzyme_const, cnt);
}

static void test_loaded(int n, int inloop) {
  double x0[MAXN], gx[MAXN], s[MAXN + 1];
  for (int i = 0; i < n; i++)
    x0[i] = 0.7 + 0.25 * sin(0.6 * i);
  double *x = heap(x0, n), *dx = calloc(n + 1, sizeof(double));
  int *cnt = malloc(sizeof(int));
  *cnt = n;
  (inloop ? grad_loaded_bound_inloop : grad_loaded_bound)(x, dx, cnt);
  const char *tag = inloop ? "loaded_bound_inloop" : "loaded_bound";
  CHECK_CLOSE(NAME("%s.n%d.cnt", tag, n), *cnt, inloop ? (n > 0 ? -4 - n : n) : -5, 0.0);
  s[0] = 1.0;
  for (int i = 0; i < n; i++)
    s[i + 1] = s[i] * x0[i] + sin(x0[i]);
  double sb = 1.0;
  for (int i = n - 1; i >= 0; i--) {
    gx[i] = sb * (s[i] + cos(x0[i]));
    sb *= x0[i];
  }
  g_n = n, g_k = inloop;
  double v[MAXN];
  memcpy(v, x0, sizeof v);
  for (int j = 0; j < n; j++)
    CHECK_DERIV(NAME("%s.n%d.dx[%d]", tag, n, j), dx[j], gx[j], fd_coord(loaded_eval, v, j));
  CHECK_CLOSE(NAME("%s.n%d.untouched", tag, n), dx[n], 0.0, 0.0);
  free(x), free(dx), free(cnt);
}

/* A CSR matrix: the inner loop starts at rowptr[i] and ends at rowptr[i + 1] (both loaded, empty rows
 * included), out = sum_i (sum_k val_k sin(x_col_k))^2. The _clobber variants overwrite each row's start
 * after the row and the last end at the end, so the reverse can take neither from memory. The _ne
 * variants use long row pointers and `k != end` (end = rowptr[i + 1] read before the row): the exit
 * test compares k + 1 with the loaded bound itself. */
LLAD_NOINLINE double csr(const double *val, const int *col, const int *rowptr, const double *x, int n) {
  double out = 0.0;
  for (int i = 0; i < n; i++) {
    double s = 0.0;
    for (int k = rowptr[i]; k < rowptr[i + 1]; k++)
      s += val[k] * sin(x[col[k]]);
    out += s * s;
  }
  return out;
}

LLAD_NOINLINE double csr_clobber(const double *val, const int *col, int *rowptr, const double *x, int n) {
  double out = 0.0;
  for (int i = 0; i < n; i++) {
    double s = 0.0;
    for (int k = rowptr[i]; k < rowptr[i + 1]; k++)
      s += val[k] * sin(x[col[k]]);
    out += s * s;
    rowptr[i] = -100 - i;
  }
  rowptr[n] = -1;
  return out;
}

LLAD_NOINLINE double csr_ne(const double *val, const int *col, const long *rowptr, const double *x, int n) {
  double out = 0.0;
  for (int i = 0; i < n; i++) {
    double s = 0.0;
    long end = rowptr[i + 1]; /* (read once: sin may write errno, so a bound read in the loop is reread) */
    for (long k = rowptr[i]; k != end; k++)
      s += val[k] * sin(x[col[k]]);
    out += s * s;
  }
  return out;
}

LLAD_NOINLINE double csr_ne_clobber(const double *val, const int *col, long *rowptr, const double *x, int n) {
  double out = 0.0;
  for (int i = 0; i < n; i++) {
    double s = 0.0;
    long end = rowptr[i + 1]; /* (read once: sin may write errno, so a bound read in the loop is reread) */
    for (long k = rowptr[i]; k != end; k++)
      s += val[k] * sin(x[col[k]]);
    out += s * s;
    rowptr[i] = -100 - i;
  }
  rowptr[n] = -1;
  return out;
}

#define CSR_ROWS 6
static const int csr_rowptr[CSR_ROWS + 1] = {0, 3, 3, 4, 8, 8, 10}; /* rows 1 and 4 empty */
static const int csr_col[10] = {0, 2, 4, 1, 0, 1, 3, 4, 2, 4};
#define CSR_NNZ 10
#define CSR_COLS 5

/* Fresh row pointers (int for variants 0 and 1, long for 2 and 3). */
static void *csr_rows(int variant) {
  if (variant < 2) {
    int *r = malloc(sizeof csr_rowptr);
    memcpy(r, csr_rowptr, sizeof csr_rowptr);
    return r;
  }
  long *r = malloc((CSR_ROWS + 1) * sizeof(long));
  for (int i = 0; i <= CSR_ROWS; i++)
    r[i] = csr_rowptr[i];
  return r;
}

static double csr_loss(const double *val, const double *x) {
  double *vh = heap(val, CSR_NNZ), *xh = heap(x, CSR_COLS);
  int *col = malloc(sizeof csr_col);
  memcpy(col, csr_col, sizeof csr_col);
  void *rowptr = csr_rows(g_k);
  double r = g_k == 0   ? csr(vh, col, rowptr, xh, CSR_ROWS)
             : g_k == 1 ? csr_clobber(vh, col, rowptr, xh, CSR_ROWS)
             : g_k == 2 ? csr_ne(vh, col, rowptr, xh, CSR_ROWS)
                        : csr_ne_clobber(vh, col, rowptr, xh, CSR_ROWS);
  free(vh), free(xh), free(col), free(rowptr);
  return r;
}
static double csr_eval_val(const double *v) { return csr_loss(v, g_x); }
static double csr_eval_x(const double *v) { return csr_loss(g_a, v); }

static __attribute__((noinline)) void grad_csr(double *val, double *dval, int *col, void *rowptr, double *x,
                                               double *dx) {
  __enzyme_autodiff_v((void *)csr, val, dval, enzyme_const, col, enzyme_const, rowptr, x, dx, CSR_ROWS);
}
static __attribute__((noinline)) void grad_csr_clobber(double *val, double *dval, int *col, void *rowptr, double *x,
                                                       double *dx) {
  __enzyme_autodiff_v((void *)csr_clobber, val, dval, enzyme_const, col, enzyme_const, rowptr, x, dx, CSR_ROWS);
}
static __attribute__((noinline)) void grad_csr_ne(double *val, double *dval, int *col, void *rowptr, double *x,
                                                  double *dx) {
  __enzyme_autodiff_v((void *)csr_ne, val, dval, enzyme_const, col, enzyme_const, rowptr, x, dx, CSR_ROWS);
}
static __attribute__((noinline)) void grad_csr_ne_clobber(double *val, double *dval, int *col, void *rowptr,
                                                          double *x, double *dx) {
  __enzyme_autodiff_v((void *)csr_ne_clobber, val, dval, enzyme_const, col, enzyme_const, rowptr, x, dx, CSR_ROWS);
}

static void test_csr(int variant) {
  double val[CSR_NNZ], x[CSR_COLS], gval[CSR_NNZ], gx[CSR_COLS] = {0};
  for (int k = 0; k < CSR_NNZ; k++)
    val[k] = 0.5 + 0.2 * cos(1.3 * k);
  for (int c = 0; c < CSR_COLS; c++)
    x[c] = 0.3 + 0.25 * c;
  double *vh = heap(val, CSR_NNZ), *xh = heap(x, CSR_COLS);
  double *dval = calloc(CSR_NNZ, sizeof(double)), *dx = calloc(CSR_COLS, sizeof(double));
  int *col = malloc(sizeof csr_col);
  memcpy(col, csr_col, sizeof csr_col);
  void *rowptr = csr_rows(variant);
  void (*const grads[4])(double *, double *, int *, void *, double *, double *) = {grad_csr, grad_csr_clobber,
                                                                                  grad_csr_ne, grad_csr_ne_clobber};
  grads[variant](vh, dval, col, rowptr, xh, dx);
  for (int i = 0; i < CSR_ROWS; i++) {
    double s = 0.0;
    for (int k = csr_rowptr[i]; k < csr_rowptr[i + 1]; k++)
      s += val[k] * sin(x[csr_col[k]]);
    for (int k = csr_rowptr[i]; k < csr_rowptr[i + 1]; k++) {
      gval[k] = 2.0 * s * sin(x[csr_col[k]]);
      gx[csr_col[k]] += 2.0 * s * val[k] * cos(x[csr_col[k]]);
    }
  }
  const char *tags[4] = {"csr", "csr_clobber", "csr_ne", "csr_ne_clobber"};
  const char *tag = tags[variant];
  if (variant == 1) {
    int *r = rowptr;
    CHECK_CLOSE(NAME("%s.rowptr", tag), r[0] + r[3] + r[CSR_ROWS], -100 - 103 - 1, 0.0);
  } else if (variant == 3) {
    long *r = rowptr;
    CHECK_CLOSE(NAME("%s.rowptr", tag), r[0] + r[3] + r[CSR_ROWS], -100 - 103 - 1, 0.0);
  }
  g_k = variant, g_a = val, g_x = x;
  double v[CSR_NNZ];
  for (int k = 0; k < CSR_NNZ; k++) {
    memcpy(v, val, sizeof val);
    CHECK_DERIV(NAME("%s.dval[%d]", tag, k), dval[k], gval[k], fd_coord(csr_eval_val, v, k));
  }
  for (int c = 0; c < CSR_COLS; c++) {
    memcpy(v, x, sizeof x);
    CHECK_DERIV(NAME("%s.dx[%d]", tag, c), dx[c], gx[c], fd_coord(csr_eval_x, v, c));
  }
  free(vh), free(xh), free(dval), free(dx), free(col), free(rowptr);
}

/* ---- a bound that is where an earlier loop stopped on data ----
 * seq_bound: the second loop runs j = 0..i-1 where i is the first loop's data-dependent exit value;
 * seq_bound_nested: the same inside an outer loop, once per row. The reverse runs the second loop
 * before it gets back to the first loop's exit. */
LLAD_NOINLINE double seq_bound(const double *x, const double *y, long n, double lim) {
  long i = 0;
  double s = 1.0;
  while (i != n && s < lim) {
    s = s * x[i] + 0.5;
    i++;
  }
  for (long j = 0; j != i; j++)
    s = s * sin(y[j]) + y[j];
  return s;
}

#define SEQ_ROWS 3
#define SEQ_COLS 5
LLAD_NOINLINE double seq_bound_nested(const double *x, const double *y, double lim) {
  double total = 0.0;
  for (int r = 0; r < SEQ_ROWS; r++) {
    const double *xr = x + r * SEQ_COLS, *yr = y + r * SEQ_COLS;
    long k = 0;
    double s = 1.0;
    while (k != SEQ_COLS && s < lim + r) {
      s = s * xr[k] + 0.5;
      k++;
    }
    for (long j = 0; j != k; j++)
      s = s * sin(yr[j]) + yr[j];
    total += s * s;
  }
  return total;
}

/* Hand adjoint of one row (adds into gx, gy) for the loss s (squared: d(s^2)/ds = 2 s); returns
 * where the first loop stopped. */
static double seq_ref_row(const double *x, const double *y, long n, double lim, double *gx, double *gy,
                          int squared) {
  double s[2 * MAXN + 2];
  long i = 0, m = 0;
  s[0] = 1.0;
  while (i != n && s[m] < lim) {
    s[m + 1] = s[m] * x[i] + 0.5;
    i++, m++;
  }
  long stop = i;
  for (long j = 0; j != stop; j++, m++)
    s[m + 1] = s[m] * sin(y[j]) + y[j];
  double sb = squared ? 2.0 * s[m] : 1.0;
  for (long j = stop - 1; j >= 0; j--) {
    m--;
    gy[j] += sb * (s[m] * cos(y[j]) + 1.0);
    sb *= sin(y[j]);
  }
  for (long k = stop - 1; k >= 0; k--) {
    m--;
    gx[k] += sb * s[m];
    sb *= x[k];
  }
  return (double)stop;
}

static int g_seq_nested;
static double seq_eval(const double *x, const double *y) {
  return g_seq_nested ? seq_bound_nested(x, y, g_limit) : seq_bound(x, y, g_n, g_limit);
}
static double seq_eval_x(const double *v) { return seq_eval(v, g_a); }
static double seq_eval_y(const double *v) { return seq_eval(g_x, v); }

static __attribute__((noinline)) void grad_seq(double *x, double *dx, double *y, double *dy, long n, double lim) {
  __enzyme_autodiff_v((void *)seq_bound, x, dx, y, dy, n, enzyme_const, lim);
}
static __attribute__((noinline)) void grad_seq_nested(double *x, double *dx, double *y, double *dy, double lim) {
  __enzyme_autodiff_v((void *)seq_bound_nested, x, dx, y, dy, enzyme_const, lim);
}

static void test_seq(int nested, double lim) {
  int n = nested ? SEQ_ROWS * SEQ_COLS : 10;
  double x0[SEQ_ROWS * SEQ_COLS], y0[SEQ_ROWS * SEQ_COLS], gx[SEQ_ROWS * SEQ_COLS] = {0},
                                                           gy[SEQ_ROWS * SEQ_COLS] = {0};
  for (int i = 0; i < n; i++)
    x0[i] = 1.1 + 0.05 * (i % 7), y0[i] = 0.5 + 0.1 * (i % 6);
  double *x = heap(x0, n), *y = heap(y0, n), *dx = calloc(n + 1, sizeof(double)), *dy = calloc(n + 1, sizeof(double));
  if (nested)
    grad_seq_nested(x, dx, y, dy, lim);
  else
    grad_seq(x, dx, y, dy, n, lim);
  if (nested)
    for (int r = 0; r < SEQ_ROWS; r++)
      seq_ref_row(x0 + r * SEQ_COLS, y0 + r * SEQ_COLS, SEQ_COLS, lim + r, gx + r * SEQ_COLS, gy + r * SEQ_COLS, 1);
  else
    printf("seq lim=%g: first loop stopped at %g\n", lim, seq_ref_row(x0, y0, n, lim, gx, gy, 0));
  const char *tag = nested ? "seq_bound_nested" : "seq_bound";
  g_seq_nested = nested, g_n = n, g_limit = lim, g_x = x0, g_a = y0;
  double v[SEQ_ROWS * SEQ_COLS];
  for (int j = 0; j < n; j++) {
    memcpy(v, x0, sizeof v);
    CHECK_DERIV(NAME("%s.L%g.dx[%d]", tag, lim, j), dx[j], gx[j], fd_coord(seq_eval_x, v, j));
    memcpy(v, y0, sizeof v);
    CHECK_DERIV(NAME("%s.L%g.dy[%d]", tag, lim, j), dy[j], gy[j], fd_coord(seq_eval_y, v, j));
  }
  CHECK_CLOSE(NAME("%s.L%g.untouched", tag, lim), fabs(dx[n]) + fabs(dy[n]), 0.0, 0.0);
  free(x), free(y), free(dx), free(dy);
}

/* ---- a loop that starts where an earlier loop stopped on data ----
 * two_phase: the second loop continues from the first one's exit value up to n;
 * two_phase_down: the second loop counts down from n - 1 to the first one's exit value. */
LLAD_NOINLINE double two_phase(const double *x, long n, double lim) {
  long i = 0;
  double s = 1.0;
  while (i != n && s < lim) {
    s = s * x[i] + 0.5;
    i++;
  }
  for (; i != n; i++)
    s = s * cos(x[i]) + 0.25 * x[i];
  return s;
}

LLAD_NOINLINE double two_phase_down(const double *x, long n, double lim) {
  long i = 0;
  double s = 1.0;
  while (i != n && s < lim) {
    s = s * x[i] + 0.5;
    i++;
  }
  for (long j = n - 1; j != i - 1; j--)
    s = s * cos(x[j]) + 0.25 * x[j];
  return s;
}

static double two_phase_eval(const double *v) {
  double *x = heap(v, g_n);
  double r = g_k ? two_phase_down(x, g_n, g_limit) : two_phase(x, g_n, g_limit);
  free(x);
  return r;
}

static __attribute__((noinline)) void grad_two_phase(double *x, double *dx, long n, double lim) {
  __enzyme_autodiff_v((void *)two_phase, x, dx, n, enzyme_const, lim);
}
static __attribute__((noinline)) void grad_two_phase_down(double *x, double *dx, long n, double lim) {
  __enzyme_autodiff_v((void *)two_phase_down, x, dx, n, enzyme_const, lim);
}

static void test_two_phase(int down, int n, double lim) {
  double x0[MAXN], gx[MAXN] = {0}, s[MAXN + 1];
  int order[MAXN];
  for (int i = 0; i < n; i++)
    x0[i] = 1.1 + 0.05 * i;
  double *x = heap(x0, n), *dx = calloc(n + 1, sizeof(double));
  (down ? grad_two_phase_down : grad_two_phase)(x, dx, n, lim);
  /* replay: the elements in the order the two loops visit them */
  int i = 0, m = 0, stop;
  s[0] = 1.0;
  while (i != n && s[m] < lim) {
    s[m + 1] = s[m] * x0[i] + 0.5;
    order[m++] = i++;
  }
  stop = m;
  for (int k = 0; k < n - stop; k++) {
    int j = down ? n - 1 - k : stop + k;
    s[m + 1] = s[m] * cos(x0[j]) + 0.25 * x0[j];
    order[m++] = j;
  }
  double sb = 1.0;
  while (m-- > 0) {
    int j = order[m];
    if (m >= stop) {
      gx[j] += sb * (0.25 - s[m] * sin(x0[j]));
      sb *= cos(x0[j]);
    } else {
      gx[j] += sb * s[m];
      sb *= x0[j];
    }
  }
  const char *tag = down ? "two_phase_down" : "two_phase";
  g_k = down, g_n = n, g_limit = lim;
  double v[MAXN];
  memcpy(v, x0, sizeof v);
  for (int j = 0; j < n; j++)
    CHECK_DERIV(NAME("%s.n%d.L%g.dx[%d]", tag, n, lim, j), dx[j], gx[j], fd_coord(two_phase_eval, v, j));
  CHECK_CLOSE(NAME("%s.n%d.L%g.untouched", tag, n, lim), dx[n], 0.0, 0.0);
  free(x), free(dx);
}

/* ---- lgamma on constants beside loops reading the argument array ---- */
LLAD_NOINLINE double with_lgamma(double *x, int n, int k) {
  double g = lgamma(k + 0.5), h = lgamma(3.25);
  double s = 0.0;
  for (int i = 0; i < n; i++)
    s += g * x[i] * x[i] * x[i] + h * sin(x[i]);
  for (int i = 0; i < n; i++) {
    double l = lgamma(-0.5 - i); /* Gamma(-0.5 - i) < 0 for even i: signgam = -1, +1, -1, ... */
    s += signgam * l * x[i] * x[i];
  }
  for (int i = 0; i < n; i++) /* overwrites what the loops above read */
    x[i] = g * x[i] * x[i];
  return s;
}

static double lgamma_eval(const double *v) {
  double *x = heap(v, g_n);
  double r = with_lgamma(x, g_n, g_k);
  for (int i = 0; i < g_n; i++)
    r += g_w[i] * x[i];
  free(x);
  return r;
}

static void test_lgamma(int n, int k) {
  double x0[MAXN], w[MAXN];
  for (int i = 0; i < n; i++) {
    x0[i] = 0.4 + 0.15 * i;
    w[i] = 0.25 * (i + 1);
  }
  double *x = heap(x0, n), *dx = heap(w, n);
  __enzyme_autodiff_v((void *)with_lgamma, x, dx, n, k);
  double g = lgamma(k + 0.5), h = lgamma(3.25);
  g_n = n, g_k = k, g_w = w;
  double v[MAXN];
  memcpy(v, x0, sizeof v);
  for (int j = 0; j < n; j++) {
    double sign = j % 2 == 0 ? -1.0 : 1.0, l = lgamma(-0.5 - j);
    double an = 3.0 * g * x0[j] * x0[j] + h * cos(x0[j]) + 2.0 * sign * l * x0[j] + 2.0 * w[j] * g * x0[j];
    CHECK_CLOSE(NAME("lgamma.k%d.x[%d].primal", k, j), x[j], g * x0[j] * x0[j], 1e-14);
    CHECK_DERIV(NAME("lgamma.k%d.dx[%d]", k, j), dx[j], an, fd_coord(lgamma_eval, v, j));
  }
  free(x), free(dx);
}

int main(void) {
  const int sizes[] = {0, 1, 2, 9};
  for (int t = 0; t < 4; t++)
    test_chain(sizes[t]);
  const int tri_sizes[] = {0, 1, 2, 6};
  for (int t = 0; t < 4; t++) {
    test_tri(tri_sizes[t]);
    test_packed(tri_sizes[t], 0);
    test_packed(tri_sizes[t], 1);
  }
  test_cond(0);
  test_cond(1);
  test_cond(10);
  const double limits[] = {0.1, 2.5, 1e9};
  for (int t = 0; t < 3; t++)
    test_break(10, limits[t]);
  test_break(0, 1.0);
  test_break(1, 1e9);
  for (int is_long = 0; is_long < 2; is_long++) {
    test_ne(1, 2, 9, is_long);  /* 7 trips */
    test_ne(1, 4, 5, is_long);  /* 1 trip */
    test_ne(1, 3, 3, is_long);  /* none */
    test_ne(3, 1, 10, is_long); /* i = 1, 4, 7 */
    test_ne(3, 2, 5, is_long);  /* i = 2 */
    test_ne(3, 4, 4, is_long);  /* none */
    for (int t = 0; t < 4; t++)
      test_countdown(sizes[t], is_long);
  }
  test_outer(0);
  test_outer(1);
  test_outer(2);
  test_outer(6);
  for (int inloop = 0; inloop < 2; inloop++) {
    test_loaded(0, inloop);
    test_loaded(1, inloop);
    test_loaded(7, inloop);
  }
  for (int variant = 0; variant < 4; variant++)
    test_csr(variant);
  const double seq_limits[] = {0.5, 2.0, 1e9};
  for (int t = 0; t < 3; t++) {
    test_seq(0, seq_limits[t]);
    test_seq(1, seq_limits[t]);
    test_two_phase(0, 10, seq_limits[t]);
    test_two_phase(1, 10, seq_limits[t]);
  }
  test_two_phase(0, 0, 1e9);
  test_two_phase(1, 1, 1e9);
  test_lgamma(0, 2);
  test_lgamma(5, 2);
  test_lgamma(6, 4);
  return llad_report();
}
