/* Fresh (malloc'd) buffers in reverse mode: the shadows of the function's own allocations get alias
 * scopes in the reverse (src/synth/reverse/scopes.rs), and memcpy/memmove between shadows take
 * llad.memcpy.adjoint.f64 (one fused pass when the shadows are disjoint, a scratch copy when they
 * overlap).
 *
 * - heat1d_full / heat1d_interior: a nonlinear 1-D heat equation on two malloc'd buffers, u copied in
 *   from the argument, memcpy(u, next) each step (whole buffer, or only the interior), the result
 *   copied out into an argument buffer;
 * - shifter: memmove by one element with overlap, right and left, within the argument buffer and
 *   within a malloc'd copy of it;
 * - heat2d_copy / heat2d_memcpy / heat2d_swap: a 12 x 12 explicit stencil, 5 steps, two malloc'd
 *   grids updated in place (copy-back loop, memcpy, or swapped pointers), conductivity active;
 * - mixed_acc: a malloc'd buffer and an argument buffer accumulated into in the same loop.
 *
 * Every derivative is checked against a hand-written forward-mode tangent of the same program (dual
 * numbers, one input direction at a time) and a central finite difference. */
#include <stdlib.h>
#include "check.h"

double __enzyme_autodiff(void *, ...);
void __enzyme_autodiff_v(void *, ...);

/* ---- dual numbers for the reference tangents ---- */
typedef struct {
  double v, d;
} D;
static D dn(double v) { return (D){v, 0.0}; }
static D add(D a, D b) { return (D){a.v + b.v, a.d + b.d}; }
static D sub(D a, D b) { return (D){a.v - b.v, a.d - b.d}; }
static D mul(D a, D b) { return (D){a.v * b.v, a.d * b.v + a.v * b.d}; }
static D scale(double k, D a) { return (D){k * a.v, k * a.d}; }
static D dsin(D a) { return (D){sin(a.v), cos(a.v) * a.d}; }
static D dcos(D a) { return (D){cos(a.v), -sin(a.v) * a.d}; }

/* ================= 1-D heat equation, memcpy between two malloc'd buffers ================= */
#define N1 16
#define STEPS1 12

LLAD_NOINLINE double heat1d_full(const double *u0, double kappa, const double *target, double *out, int n,
                                 int steps) {
  double *u = malloc((size_t)n * sizeof(double)), *next = malloc((size_t)n * sizeof(double));
  memcpy(u, u0, (size_t)n * sizeof(double));
  double r = 0.25 * kappa;
  for (int s = 0; s < steps; s++) {
    next[0] = u[0];
    next[n - 1] = u[n - 1];
    for (int i = 1; i < n - 1; i++)
      next[i] = u[i] + r * (u[i - 1] - 2.0 * u[i] + u[i + 1]) * (1.0 + 0.1 * u[i] * u[i]);
    memcpy(u, next, (size_t)n * sizeof(double));
  }
  double loss = 0.0;
  for (int i = 0; i < n; i++)
    loss += (u[i] - target[i]) * (u[i] - target[i]);
  memcpy(out, u, (size_t)n * sizeof(double));
  free(next);
  free(u);
  return loss;
}

/* The same equation; only the interior is computed and copied back (the boundary stays u0's). */
LLAD_NOINLINE double heat1d_interior(const double *u0, double kappa, const double *target, double *out, int n,
                                     int steps) {
  double *u = malloc((size_t)n * sizeof(double)), *next = malloc((size_t)n * sizeof(double));
  memcpy(u, u0, (size_t)n * sizeof(double));
  double r = 0.25 * kappa;
  for (int s = 0; s < steps; s++) {
    for (int i = 1; i < n - 1; i++)
      next[i] = u[i] + r * (u[i - 1] - 2.0 * u[i] + u[i + 1]) * (1.0 + 0.1 * u[i] * u[i]);
    memcpy(u + 1, next + 1, (size_t)(n - 2) * sizeof(double));
  }
  double loss = 0.0;
  for (int i = 0; i < n; i++)
    loss += (u[i] - target[i]) * (u[i] - target[i]);
  memcpy(out, u, (size_t)n * sizeof(double));
  free(next);
  free(u);
  return loss;
}

static double h1_target[N1], h1_w[N1], h1_u0[N1], h1_kappa;
static int h1_interior;

/* Loss = returned value + sum_i w_i out_i. */
static double heat1d_loss(const double *u0, double kappa) {
  double out[N1];
  double l = (h1_interior ? heat1d_interior : heat1d_full)(u0, kappa, h1_target, out, N1, STEPS1);
  for (int i = 0; i < N1; i++)
    l += h1_w[i] * out[i];
  return l;
}
static double heat1d_eval_u(const double *v) { return heat1d_loss(v, h1_kappa); }
static double heat1d_eval_k(double k) { return heat1d_loss(h1_u0, k); }

/* Tangent of the loss along (du0, dkappa). */
static double heat1d_tangent(const double *du0, double dkappa) {
  D u[N1], next[N1];
  for (int i = 0; i < N1; i++)
    u[i] = (D){h1_u0[i], du0[i]};
  D r = scale(0.25, (D){h1_kappa, dkappa});
  for (int s = 0; s < STEPS1; s++) {
    next[0] = u[0];
    next[N1 - 1] = u[N1 - 1];
    for (int i = 1; i < N1 - 1; i++) {
      D lap = add(sub(u[i - 1], scale(2.0, u[i])), u[i + 1]);
      next[i] = add(u[i], mul(mul(r, lap), add(dn(1.0), scale(0.1, mul(u[i], u[i])))));
    }
    memcpy(u, next, sizeof u);
  }
  D l = dn(0.0);
  for (int i = 0; i < N1; i++) {
    D e = sub(u[i], dn(h1_target[i]));
    l = add(l, add(mul(e, e), scale(h1_w[i], u[i])));
  }
  return l.d;
}

static __attribute__((noinline)) double grad_heat1d_full(double *u0, double *du0, double kappa, double *out,
                                                         double *dout) {
  return __enzyme_autodiff((void *)heat1d_full, u0, du0, kappa, enzyme_const, h1_target, out, dout, N1, STEPS1);
}
static __attribute__((noinline)) double grad_heat1d_interior(double *u0, double *du0, double kappa, double *out,
                                                             double *dout) {
  return __enzyme_autodiff((void *)heat1d_interior, u0, du0, kappa, enzyme_const, h1_target, out, dout, N1,
                           STEPS1);
}

static void test_heat1d(int interior) {
  for (int i = 0; i < N1; i++) {
    double x = (double)i / (N1 - 1);
    h1_u0[i] = sin(M_PI * x) + 0.2 * cos(3.0 * x);
    h1_target[i] = 0.3 + 0.1 * x;
    h1_w[i] = 0.5 - 0.03 * i;
  }
  h1_kappa = 0.8, h1_interior = interior;
  const char *tag = interior ? "heat1d_interior" : "heat1d_full";
  double *u0 = malloc(N1 * sizeof(double)), *du0 = calloc(N1, sizeof(double));
  double *out = malloc(N1 * sizeof(double)), *dout = malloc(N1 * sizeof(double));
  memcpy(u0, h1_u0, sizeof h1_u0);
  memcpy(dout, h1_w, sizeof h1_w); /* the adjoint of the copied-out result */
  double dk = (interior ? grad_heat1d_interior : grad_heat1d_full)(u0, du0, h1_kappa, out, dout);
  double ref_out[N1];
  (interior ? heat1d_interior : heat1d_full)(h1_u0, h1_kappa, h1_target, ref_out, N1, STEPS1);
  for (int i = 0; i < N1; i++)
    CHECK_CLOSE(NAME("%s.out[%d].primal", tag, i), out[i], ref_out[i], 1e-14);
  double v[N1], e[N1];
  for (int j = 0; j < N1; j++) {
    memset(e, 0, sizeof e);
    e[j] = 1.0;
    memcpy(v, h1_u0, sizeof v);
    CHECK_DERIV(NAME("%s.du0[%d]", tag, j), du0[j], heat1d_tangent(e, 0.0), fd_coord(heat1d_eval_u, v, j));
  }
  memset(e, 0, sizeof e);
  CHECK_DERIV(NAME("%s.dkappa", tag), dk, heat1d_tangent(e, 1.0), fd1(heat1d_eval_k, h1_kappa, FD_H));
  free(u0), free(du0), free(out), free(dout);
}

/* ================= memmove by one element, both directions, overlapping ================= */
#define NS 7
#define ROUNDS 9

LLAD_NOINLINE double shifter(double *a, int n, int rounds) {
  double *b = malloc((size_t)n * sizeof(double));
  memcpy(b, a, (size_t)n * sizeof(double));
  for (int r = 0; r < rounds; r++) {
    double last = a[n - 1];
    memmove(a + 1, a, (size_t)(n - 1) * sizeof(double)); /* argument buffer, right by one */
    a[0] = sin(last) * b[r % n];
    double first = b[0];
    memmove(b, b + 1, (size_t)(n - 1) * sizeof(double)); /* malloc'd buffer, left by one */
    b[n - 1] = first * a[1] + 0.25;
    if (r % 3 == 2) {
      double a0 = a[0];
      memmove(a, a + 1, (size_t)(n - 1) * sizeof(double)); /* argument buffer, left by one */
      a[n - 1] = cos(a0) * a[0];
      double bl = b[n - 1];
      memmove(b + 1, b, (size_t)(n - 1) * sizeof(double)); /* malloc'd buffer, right by one */
      b[0] = 0.5 * bl * bl;
    }
  }
  double s = 0.0;
  for (int i = 0; i < n; i++)
    s += (i + 1) * a[i] * a[i] + b[i] * a[i];
  free(b);
  return s;
}

static double sh_a0[NS], sh_w[NS];

static double shifter_eval(const double *v) {
  double *a = malloc(NS * sizeof(double));
  memcpy(a, v, NS * sizeof(double));
  double s = shifter(a, NS, ROUNDS);
  for (int i = 0; i < NS; i++)
    s += sh_w[i] * a[i];
  free(a);
  return s;
}

static double shifter_tangent(int j) {
  D a[NS], b[NS];
  for (int i = 0; i < NS; i++)
    a[i] = (D){sh_a0[i], i == j ? 1.0 : 0.0};
  memcpy(b, a, sizeof b);
  for (int r = 0; r < ROUNDS; r++) {
    D last = a[NS - 1];
    memmove(a + 1, a, (NS - 1) * sizeof(D));
    a[0] = mul(dsin(last), b[r % NS]);
    D first = b[0];
    memmove(b, b + 1, (NS - 1) * sizeof(D));
    b[NS - 1] = add(mul(first, a[1]), dn(0.25));
    if (r % 3 == 2) {
      D a0 = a[0];
      memmove(a, a + 1, (NS - 1) * sizeof(D));
      a[NS - 1] = mul(dcos(a0), a[0]);
      D bl = b[NS - 1];
      memmove(b + 1, b, (NS - 1) * sizeof(D));
      b[0] = scale(0.5, mul(bl, bl));
    }
  }
  D s = dn(0.0);
  for (int i = 0; i < NS; i++)
    s = add(s, add(add(scale(i + 1, mul(a[i], a[i])), mul(b[i], a[i])), scale(sh_w[i], a[i])));
  return s.d;
}

static void test_shifter(void) {
  for (int i = 0; i < NS; i++) {
    sh_a0[i] = 0.6 + 0.2 * sin(1.1 * i + 0.5);
    sh_w[i] = 0.3 + 0.1 * i;
  }
  double *a = malloc(NS * sizeof(double)), *da = malloc(NS * sizeof(double));
  memcpy(a, sh_a0, sizeof sh_a0);
  memcpy(da, sh_w, sizeof sh_w);
  __enzyme_autodiff_v((void *)shifter, a, da, NS, ROUNDS);
  double ref[NS];
  memcpy(ref, sh_a0, sizeof ref);
  shifter(ref, NS, ROUNDS);
  double v[NS];
  for (int j = 0; j < NS; j++) {
    CHECK_CLOSE(NAME("shifter.a[%d].primal", j), a[j], ref[j], 1e-14);
    memcpy(v, sh_a0, sizeof v);
    CHECK_DERIV(NAME("shifter.da[%d]", j), da[j], shifter_tangent(j), fd_coord(shifter_eval, v, j));
  }
  free(a), free(da);
}

/* ================= 2-D stencil on two malloc'd grids ================= */
#define G 12
#define STEPS2 5
#define GG (G * G)

/* next = u + r lap(u) on the interior, then back into u by a copy loop. */
LLAD_NOINLINE double heat2d_copy(const double *u0, double kappa, const double *target) {
  double *u = malloc(GG * sizeof(double)), *next = malloc(GG * sizeof(double));
  memcpy(u, u0, GG * sizeof(double));
  double r = 0.2 * kappa;
  for (int s = 0; s < STEPS2; s++) {
    for (int i = 1; i < G - 1; i++)
      for (int j = 1; j < G - 1; j++) {
        int c = i * G + j;
        next[c] = u[c] + r * (u[c - G] + u[c + G] + u[c - 1] + u[c + 1] - 4.0 * u[c]);
      }
    for (int i = 1; i < G - 1; i++)
      for (int j = 1; j < G - 1; j++)
        u[i * G + j] = next[i * G + j];
  }
  double loss = 0.0;
  for (int c = 0; c < GG; c++)
    loss += (u[c] - target[c]) * (u[c] - target[c]) * (1.0 + 0.01 * c);
  free(next);
  free(u);
  return loss;
}

/* The same, next starting as a copy of u (its boundary), back into u by memcpy. */
LLAD_NOINLINE double heat2d_memcpy(const double *u0, double kappa, const double *target) {
  double *u = malloc(GG * sizeof(double)), *next = malloc(GG * sizeof(double));
  memcpy(u, u0, GG * sizeof(double));
  memcpy(next, u0, GG * sizeof(double));
  double r = 0.2 * kappa;
  for (int s = 0; s < STEPS2; s++) {
    for (int i = 1; i < G - 1; i++)
      for (int j = 1; j < G - 1; j++) {
        int c = i * G + j;
        next[c] = u[c] + r * (u[c - G] + u[c + G] + u[c - 1] + u[c + 1] - 4.0 * u[c]);
      }
    memcpy(u, next, GG * sizeof(double));
  }
  double loss = 0.0;
  for (int c = 0; c < GG; c++)
    loss += (u[c] - target[c]) * (u[c] - target[c]) * (1.0 + 0.01 * c);
  free(next);
  free(u);
  return loss;
}

/* The same, the two grids' roles swapped every step (pointers that are either fresh block). */
LLAD_NOINLINE double heat2d_swap(const double *u0, double kappa, const double *target) {
  double *a = malloc(GG * sizeof(double)), *b = malloc(GG * sizeof(double));
  memcpy(a, u0, GG * sizeof(double));
  memcpy(b, u0, GG * sizeof(double));
  double *u = a, *next = b;
  double r = 0.2 * kappa;
  for (int s = 0; s < STEPS2; s++) {
    for (int i = 1; i < G - 1; i++)
      for (int j = 1; j < G - 1; j++) {
        int c = i * G + j;
        next[c] = u[c] + r * (u[c - G] + u[c + G] + u[c - 1] + u[c + 1] - 4.0 * u[c]);
      }
    double *t = u;
    u = next;
    next = t;
  }
  double loss = 0.0;
  for (int c = 0; c < GG; c++)
    loss += (u[c] - target[c]) * (u[c] - target[c]) * (1.0 + 0.01 * c);
  free(a);
  free(b);
  return loss;
}

static double h2_u0[GG], h2_target[GG], h2_kappa;
static int h2_variant;

static double heat2d_run(const double *u0, double kappa) {
  switch (h2_variant) {
  case 0:
    return heat2d_copy(u0, kappa, h2_target);
  case 1:
    return heat2d_memcpy(u0, kappa, h2_target);
  default:
    return heat2d_swap(u0, kappa, h2_target);
  }
}
static double heat2d_eval_u(const double *v) { return heat2d_run(v, h2_kappa); }
static double heat2d_eval_k(double k) { return heat2d_run(h2_u0, k); }

/* Tangent along e_j (j < GG) or along kappa (j = GG). */
static double heat2d_tangent(int j) {
  static D u[GG], next[GG];
  for (int c = 0; c < GG; c++)
    u[c] = (D){h2_u0[c], c == j ? 1.0 : 0.0};
  D r = scale(0.2, (D){h2_kappa, j == GG ? 1.0 : 0.0});
  for (int s = 0; s < STEPS2; s++) {
    for (int i = 1; i < G - 1; i++)
      for (int k = 1; k < G - 1; k++) {
        int c = i * G + k;
        D lap = sub(add(add(add(u[c - G], u[c + G]), u[c - 1]), u[c + 1]), scale(4.0, u[c]));
        next[c] = add(u[c], mul(r, lap));
      }
    for (int i = 1; i < G - 1; i++)
      for (int k = 1; k < G - 1; k++)
        u[i * G + k] = next[i * G + k];
  }
  D l = dn(0.0);
  for (int c = 0; c < GG; c++) {
    D e = sub(u[c], dn(h2_target[c]));
    l = add(l, scale(1.0 + 0.01 * c, mul(e, e)));
  }
  return l.d;
}

static __attribute__((noinline)) double grad_heat2d_copy(double *u0, double *du0, double kappa) {
  return __enzyme_autodiff((void *)heat2d_copy, u0, du0, kappa, enzyme_const, h2_target);
}
static __attribute__((noinline)) double grad_heat2d_memcpy(double *u0, double *du0, double kappa) {
  return __enzyme_autodiff((void *)heat2d_memcpy, u0, du0, kappa, enzyme_const, h2_target);
}
static __attribute__((noinline)) double grad_heat2d_swap(double *u0, double *du0, double kappa) {
  return __enzyme_autodiff((void *)heat2d_swap, u0, du0, kappa, enzyme_const, h2_target);
}

static void test_heat2d(int variant) {
  for (int i = 0; i < G; i++)
    for (int j = 0; j < G; j++) {
      double x = (double)i / (G - 1), y = (double)j / (G - 1);
      h2_u0[i * G + j] = sin(M_PI * x) * sin(2.0 * M_PI * y) + 0.1 * cos(7.0 * x * y);
      h2_target[i * G + j] = 0.5 * exp(-((x - 0.4) * (x - 0.4) + (y - 0.6) * (y - 0.6)) / 0.05);
    }
  h2_kappa = 1.1, h2_variant = variant;
  const char *tags[] = {"heat2d_copy", "heat2d_memcpy", "heat2d_swap"};
  const char *tag = tags[variant];
  double *u0 = malloc(GG * sizeof(double)), *du0 = calloc(GG, sizeof(double));
  memcpy(u0, h2_u0, sizeof h2_u0);
  double dk = variant == 0 ? grad_heat2d_copy(u0, du0, h2_kappa)
              : variant == 1 ? grad_heat2d_memcpy(u0, du0, h2_kappa)
                             : grad_heat2d_swap(u0, du0, h2_kappa);
  static double v[GG];
  for (int j = 0; j < GG; j++) {
    memcpy(v, h2_u0, sizeof v);
    CHECK_DERIV(NAME("%s.du0[%d]", tag, j), du0[j], heat2d_tangent(j), fd_coord(heat2d_eval_u, v, j));
  }
  CHECK_DERIV(NAME("%s.dkappa", tag), dk, heat2d_tangent(GG), fd1(heat2d_eval_k, h2_kappa, FD_H));
  free(u0), free(du0);
}

/* ================= a malloc'd buffer and an argument buffer accumulated in one loop ================= */
#define NM 9
#define REPS 4

LLAD_NOINLINE double mixed_acc(const double *x, double *out, int n, int reps) {
  double *acc = calloc((size_t)n, sizeof(double));
  double *tmp = malloc((size_t)n * sizeof(double));
  for (int r = 0; r < reps; r++)
    for (int i = 0; i < n; i++) {
      acc[i] += x[i] * x[(i + r) % n];
      out[i] += acc[i] * x[i];
      tmp[i] = acc[i] * out[i];
    }
  double s = 0.0;
  for (int i = 0; i < n; i++)
    s += acc[i] * acc[i] + tmp[i];
  free(acc);
  free(tmp);
  return s;
}

static double mx_x[NM], mx_out0[NM], mx_w[NM];

/* Loss = returned value + sum_i w_i out_i; inputs x (j < NM) and out's initial value (j >= NM). */
static double mixed_loss(const double *x, const double *out0) {
  double out[NM];
  memcpy(out, out0, sizeof out);
  double s = mixed_acc(x, out, NM, REPS);
  for (int i = 0; i < NM; i++)
    s += mx_w[i] * out[i];
  return s;
}
static double mixed_eval_x(const double *v) { return mixed_loss(v, mx_out0); }
static double mixed_eval_out(const double *v) { return mixed_loss(mx_x, v); }

static double mixed_tangent(int j) {
  D x[NM], out[NM], acc[NM], tmp[NM];
  for (int i = 0; i < NM; i++) {
    x[i] = (D){mx_x[i], i == j ? 1.0 : 0.0};
    out[i] = (D){mx_out0[i], i + NM == j ? 1.0 : 0.0};
    acc[i] = dn(0.0);
  }
  for (int r = 0; r < REPS; r++)
    for (int i = 0; i < NM; i++) {
      acc[i] = add(acc[i], mul(x[i], x[(i + r) % NM]));
      out[i] = add(out[i], mul(acc[i], x[i]));
      tmp[i] = mul(acc[i], out[i]);
    }
  D s = dn(0.0);
  for (int i = 0; i < NM; i++)
    s = add(s, add(add(mul(acc[i], acc[i]), tmp[i]), scale(mx_w[i], out[i])));
  return s.d;
}

static void test_mixed(void) {
  for (int i = 0; i < NM; i++) {
    mx_x[i] = 0.4 + 0.3 * cos(0.9 * i);
    mx_out0[i] = 0.1 * i - 0.2;
    mx_w[i] = 1.0 - 0.07 * i;
  }
  double *x = malloc(NM * sizeof(double)), *dx = calloc(NM, sizeof(double));
  double *out = malloc(NM * sizeof(double)), *dout = malloc(NM * sizeof(double));
  memcpy(x, mx_x, sizeof mx_x);
  memcpy(out, mx_out0, sizeof mx_out0);
  memcpy(dout, mx_w, sizeof mx_w);
  __enzyme_autodiff_v((void *)mixed_acc, x, dx, out, dout, NM, REPS);
  double ref[NM];
  memcpy(ref, mx_out0, sizeof ref);
  mixed_acc(mx_x, ref, NM, REPS);
  double v[NM];
  for (int j = 0; j < NM; j++) {
    CHECK_CLOSE(NAME("mixed_acc.out[%d].primal", j), out[j], ref[j], 1e-14);
    memcpy(v, mx_x, sizeof v);
    CHECK_DERIV(NAME("mixed_acc.dx[%d]", j), dx[j], mixed_tangent(j), fd_coord(mixed_eval_x, v, j));
    memcpy(v, mx_out0, sizeof v);
    CHECK_DERIV(NAME("mixed_acc.dout[%d]", j), dout[j], mixed_tangent(NM + j), fd_coord(mixed_eval_out, v, j));
  }
  free(x), free(dx), free(out), free(dout);
}

int main(void) {
  test_heat1d(0);
  test_heat1d(1);
  test_shifter();
  for (int variant = 0; variant < 3; variant++)
    test_heat2d(variant);
  test_mixed();
  return llad_report();
}
