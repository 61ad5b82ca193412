/* The runtime of llad's rule checker (llad's counterpart of EnzymeTestUtils' test_forward and
 * test_reverse). llad compiles this file to bitcode and links it into a module with check
 * requests; each request becomes one call of llad_check_run (interface: abi.h).
 *
 * For every activity combination (set) it runs the primal and the derivative thunks on copies of
 * the caller's arguments, compares the derivative against central finite differences of the
 * primal (with Richardson extrapolation), and prints one report line per set in the shape of
 * Julia's nested test sets, with the failing components below it.
 *
 * Everything but llad_check_run is static. The only mutable globals are the crash handler's. */
#include <math.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "abi.h"

#define NONE ((size_t)-1)
#define MAX_LISTED 4       /* failing elements printed per test */
#define FULL_CHECK 64      /* reverse: up to this many inputs, every adjoint is checked */
#define SAMPLED 16         /* ... beyond it, this many random ones */

/* ---- Crash guard: guarded(call) */
#include "guard.c"

/* ---- Values of the argument kinds */

/* The element type of a kind, as a scalar kind (PTR_F64 -> F64, ...). */
static unsigned base(unsigned k) { return k >= LLAD_CK_PTR_F64 ? k - 4 : k; }
static int is_ptr(unsigned k) { return k >= LLAD_CK_PTR_F64; }
static int is_float(unsigned k) { return base(k) == LLAD_CK_F64 || base(k) == LLAD_CK_F32; }
static size_t esize(unsigned k) { return base(k) == LLAD_CK_F32 || base(k) == LLAD_CK_I32 ? 4 : 8; }

static double getf(unsigned k, const void *p, size_t j) {
  return base(k) == LLAD_CK_F64 ? ((const double *)p)[j] : (double)((const float *)p)[j];
}
static void setf(unsigned k, void *p, size_t j, double v) {
  if (base(k) == LLAD_CK_F64) ((double *)p)[j] = v;
  else ((float *)p)[j] = (float)v;
}
static long long geti(unsigned k, const void *p, size_t j) {
  return base(k) == LLAD_CK_I64 ? (long long)((const int64_t *)p)[j] : (long long)((const int32_t *)p)[j];
}

/* A scalar slot: the return, its tangent or seed. */
union slot { double d; float f; int32_t i; int64_t l; };

/* splitmix64; uniform in [-1, 1). */
static uint64_t next_u64(uint64_t *s) {
  uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}
static double uniform(uint64_t *s) { return (double)(next_u64(s) >> 11) * 0x1p-52 - 1.0; }

static void *xcalloc(size_t n, size_t size) {
  void *p = calloc(n ? n : 1, size ? size : 1);
  if (!p) fputs("llad check: out of memory\n", stderr), abort();
  return p;
}

/* ---- The state of one llad_check_run */

struct checker {
  const struct llad_check_request *request;
  const struct llad_check_arg *args;
  unsigned n;
  int f32;              /* an f32 in the signature: larger steps, looser tolerances */
  double rtol, atol;
  size_t *len;          /* per argument: elements (1 for a scalar) */
  void **work;          /* per argument: working copy, the thunks' args[] (one block with:) */
  void **pfinal;        /*   the argument after the primal run */
  void **shadow;        /*   its shadow; shadowp[i] is shadow[i] or NULL (Const) */
  void **shadowp;
  size_t *out_off, nout; /* outputs of F: [0] the return if it is a float, then every float array */
  double *o[5];         /* the outputs of the four evaluations of a finite difference (fd()'s
                         * results in 0, 2, 3), and the forward tangents' error estimates */
  double *w;            /* reverse: the seeds over the outputs, s = <w, F> */
  /* the current set */
  const unsigned char *act;
  size_t *in_off, nin;  /* its inputs (the perturbed coordinates), flattened */
  double *x0, *v;       /* their original values; a direction over them */
  double *scale;        /* per input: max(1e-3, |x0|); directions are scaled by it, so each
                         * coordinate moves relative to its own size */
  uint64_t rng;
  int pass, fail;
  char *msg;            /* the set's report lines, printed after its summary line */
  size_t mlen, mcap;
};

static void say(struct checker *c, const char *fmt, ...) {
  va_list ap, ap2;
  va_start(ap, fmt);
  va_copy(ap2, ap);
  int need = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (need > 0) {
    if (c->mlen + (size_t)need + 1 > c->mcap) {
      c->mcap = 2 * (c->mlen + (size_t)need + 1);
      c->msg = realloc(c->msg, c->mcap);
      if (!c->msg) abort();
    }
    vsnprintf(c->msg + c->mlen, c->mcap - c->mlen, fmt, ap2);
    c->mlen += (size_t)need;
  }
  va_end(ap2);
}

static size_t bytes(const struct checker *c, unsigned i) { return c->len[i] * esize(c->args[i].kind); }

/* Fresh copies of the caller's arguments (the thunks may overwrite them). */
static void reset_work(struct checker *c) {
  for (unsigned i = 0; i < c->n; i++)
    if (bytes(c, i)) memcpy(c->work[i], c->args[i].data, bytes(c, i));
}

/* One failed test for the last crash. A derivative's fault at a small address is most likely a
 * shadow of a Const argument, which is NULL: name them. */
static void report_crash(struct checker *c, const char *what, int derivative) {
  int sig = ck_signal;
  unsigned long long at = (unsigned long long)(uintptr_t)ck_address;
  const char *name = sig == SIGSEGV ? "SIGSEGV" : sig == SIGBUS ? "SIGBUS" : sig == SIGFPE ? "SIGFPE" : sig == SIGILL ? "SIGILL" : sig == SIGTRAP ? "SIGTRAP" : "SIGABRT";
  say(c, "    FAIL %s: %s at address 0x%llx", what, name, at);
  if (derivative && (sig == SIGSEGV || sig == SIGBUS) && at < 65536) {
    int named = 0;
    for (unsigned i = 0; i < c->n; i++) {
      if (c->act[1 + i] != LLAD_CK_CONST || !(is_ptr(c->args[i].kind) || is_float(c->args[i].kind))) continue;
      say(c, named++ ? " or %s" : ": probably the shadow of Const argument %s", c->args[i].name);
    }
    if (named) say(c, ", which is NULL here — a rule must not touch the shadow of a Const argument (test llad_is_const(cfg, i))");
    else say(c, " (a null pointer)");
  }
  say(c, "\n");
  c->fail++;
}

/* The primal on the working copies as they are. */
static int run_primal(struct checker *c, union slot *ret, const char *what) {
  struct call k = {.which = CALL_PRIMAL, .primal = c->request->primal, .args = c->work, .ret = ret};
  memset(ret, 0, sizeof *ret);
  if (!guarded(&k)) return 0;
  report_crash(c, what, 0);
  return 1;
}

/* ---- Finite differences */

/* F(x0 + t·dir) into out; 1 if the primal crashed (reported). */
static int eval(struct checker *c, const double *dir, double t, double *out) {
  union slot r;
  reset_work(c);
  for (unsigned i = 0; i < c->n; i++) {
    if (c->in_off[i] == NONE) continue;
    for (size_t j = 0, q = c->in_off[i]; j < c->len[i]; j++, q++)
      if (dir[q] != 0) setf(c->args[i].kind, c->work[i], j, c->x0[q] + t * dir[q]);
  }
  if (run_primal(c, &r, "primal crashed at a perturbed point (finite differences)")) return 1;
  if (is_float(c->request->ret_kind)) out[0] = getf(c->request->ret_kind, &r, 0);
  for (unsigned i = 0; i < c->n; i++)
    if (c->out_off[i] != NONE)
      for (size_t j = 0; j < c->len[i]; j++) out[c->out_off[i] + j] = getf(c->args[i].kind, c->work[i], j);
  return 0;
}

/* The derivative of F along dir, by central differences D(h), D(h/2) extrapolated (Richardson:
 * R = (4 D(h/2) - D(h)) / 3) at steps t = 1e-1 ... 1e-12 (1e-5 for float) along directions scaled
 * per coordinate (c->scale), so that steps are relative to each input's size. Each step's error
 * estimate: how far its R is from the next larger step's, plus the rounding of F's values and of
 * the perturbed inputs over the step. A step's estimate counts with its smaller neighbour's, and
 * the step taken is the first minimum from the small end: small steps see rounding, large ones
 * curvature and, for a function that varies faster than its inputs' size, alias (R's that agree by
 * accident). Into c->o[0] R, c->o[2] its difference from the
 * larger step's R (signed), c->o[3] its rounding estimate. With weights w the estimates are those
 * of <w, R>, else of the worst output. */
#define STEPS 12
static int fd(struct checker *c, const double *dir, const double *w) {
  size_t nout = c->nout, bytes_out = nout * sizeof(double);
  /* the smallest relative move of a perturbed input: its rounding limits the step too */
  double dmin = INFINITY;
  for (size_t q = 0; q < c->nin; q++)
    if (dir[q] != 0) dmin = fmin(dmin, fabs(dir[q]) / c->scale[q]);
  if (dmin == INFINITY) { /* along v = 0 the difference is 0 */
    memset(c->o[0], 0, bytes_out);
    memset(c->o[2], 0, bytes_out);
    memset(c->o[3], 0, bytes_out);
    return 0;
  }
  int steps = c->f32 ? 5 : STEPS;
  double eps = c->f32 ? 1.2e-7 : 2.3e-16;
  /* per step: R, its difference from the previous step's, the rounding estimate */
  double *r = xcalloc(3 * (size_t)steps * (nout ? nout : 1), sizeof(double));
  double *diff = r + (size_t)steps * nout, *noise = diff + (size_t)steps * nout;
  double measure[STEPS];
  for (int k = 0; k < steps; k++) {
    double h = pow(10.0, -(k + 1));
    const double t[4] = {h, -h, h / 2, -h / 2};
    for (int e = 0; e < 4; e++)
      if (eval(c, dir, t[e], c->o[e])) {
        free(r);
        return 1;
      }
    double worst = 0, weighted = 0, weighted_noise = 0;
    for (size_t q = 0; q < nout; q++) {
      double d1 = (c->o[0][q] - c->o[1][q]) / (2 * h), d2 = (c->o[2][q] - c->o[3][q]) / h;
      double size = fmax(fmax(fabs(c->o[0][q]), fabs(c->o[1][q])), fmax(fabs(c->o[2][q]), fabs(c->o[3][q])));
      size_t at = (size_t)k * nout + q;
      r[at] = (4 * d2 - d1) / 3;
      diff[at] = k ? r[at] - r[at - nout] : INFINITY;
      noise[at] = 8 * eps * size / h + 4 * eps / (h * dmin) * fabs(r[at]);
      double estimate = fabs(diff[at]) + noise[at];
      worst = isnan(estimate) || isnan(worst) ? NAN : fmax(worst, estimate);
      if (w) weighted += w[q] * (k ? diff[at] : 0), weighted_noise += fabs(w[q]) * noise[at];
    }
    measure[k] = k == 0 ? INFINITY : w ? fabs(weighted) + weighted_noise : worst;
    if (isnan(measure[k])) measure[k] = INFINITY;
  }
  /* A step must agree with both neighbours. */
  double agreement[STEPS];
  for (int k = 0; k < steps; k++) agreement[k] = k == 0 || k == steps - 1 ? INFINITY : fmax(measure[k], measure[k + 1]);
  /* From the smallest step up, where rounding shrinks 10 times a step, to the first minimum:
   * past it the estimates grow (curvature), and the steps beyond may alias. */
  double best = INFINITY;
  int chosen = steps - 2;
  for (int k = steps - 2; k >= 1; k--) {
    if (agreement[k] < best) {
      best = agreement[k];
      chosen = k;
    } else if (best < INFINITY && agreement[k] > 10 * best) {
      break;
    }
  }
  memcpy(c->o[0], r + (size_t)chosen * nout, bytes_out);
  /* (the error estimate: the larger of the two disagreements) */
  for (size_t q = 0; q < nout; q++) {
    size_t at = (size_t)chosen * nout + q;
    c->o[2][q] = fabs(diff[at + nout]) > fabs(diff[at]) ? diff[at + nout] : diff[at];
  }
  memcpy(c->o[3], noise + (size_t)chosen * nout, bytes_out);
  if (best == INFINITY) /* no step gave finite numbers */
    for (size_t q = 0; q < nout; q++) c->o[2][q] = NAN;
  free(r);
  return 0;
}

/* ---- Tests */

/* A test's component, printed as pre + name [+ "[j]"] + post. */
struct test {
  const char *pre, *name, *post;
  int indexed;
  const char *ref; /* what b is: "finite difference" or "primal" */
};

static void fail_head(struct checker *c, const struct test *t, size_t j) {
  say(c, "    FAIL %s%s", t->pre, t->name);
  if (t->indexed) say(c, "[%zu]", j);
  say(c, "%s: ", t->post);
}

/* One test over m elements (element idx[j], or j): the derivative's values a, in kind ka,
 * against the reference b, in kind kb (LLAD_CK_F64 for plain doubles); integers exactly.
 * e: the finite differences' error estimates, or NULL. */
static void compare(struct checker *c, const struct test *t, size_t m, const size_t *idx, unsigned ka,
                    const void *a, unsigned kb, const void *b, const double *e) {
  size_t bad = 0;
  double maxd = 0;
  for (size_t j = 0; j < m; j++) {
    if (!is_float(ka)) {
      long long x = geti(ka, a, j), y = geti(kb, b, j);
      if (x != y && bad++ < MAX_LISTED) {
        fail_head(c, t, idx ? idx[j] : j);
        say(c, "derivative %lld, primal %lld (integers must be equal)\n", x, y);
      }
      continue;
    }
    double x = getf(ka, a, j), y = getf(kb, b, j), d = fabs(x - y);
    /* e: how far the finite difference is from the one at the next larger step */
    double tol = c->atol + c->rtol * fmax(fabs(x), fabs(y)) + (e ? e[j] : 0);
    int finite = isfinite(x) && isfinite(y);
    int ok = finite ? d <= tol : (x == y || (isnan(x) && isnan(y)));
    if (ok && finite) maxd = fmax(maxd, d);
    if (ok || bad++ >= MAX_LISTED) continue;
    fail_head(c, t, idx ? idx[j] : j);
    say(c, "derivative %.6g, %s %.6g, ", x, t->ref, y);
    if (finite) say(c, "difference %.6g > tolerance %.6g\n", d, tol);
    else say(c, "not finite\n");
  }
  if (bad > MAX_LISTED) say(c, "      ... and %zu more\n", bad - MAX_LISTED);
  if (bad) {
    c->fail++;
    return;
  }
  c->pass++;
  if (!c->request->verbose) return;
  say(c, "    pass %s%s%s: ", t->pre, t->name, t->post);
  if (t->indexed) say(c, "%zu element%s, max difference %.6g\n", m, m == 1 ? "" : "s", maxd);
  else say(c, "difference %.6g\n", maxd);
}

/* "primal return" and "value of NAME after the call" for every pointer argument: the derivative
 * must compute what the primal computes (retD, work[]) vs (retP, pfinal[]). */
static void check_primal_values(struct checker *c, const union slot *retD, const union slot *retP, int with_ret) {
  if (with_ret) {
    struct test t = {"primal return", "", "", 0, "primal"};
    compare(c, &t, 1, NULL, c->request->ret_kind, retD, c->request->ret_kind, retP, NULL);
  }
  for (unsigned i = 0; i < c->n; i++) {
    if (!is_ptr(c->args[i].kind)) continue;
    struct test t = {"value of ", c->args[i].name, " after the call", 1, "primal"};
    compare(c, &t, c->len[i], NULL, c->args[i].kind, c->work[i], c->args[i].kind, c->pfinal[i], NULL);
  }
}

/* The set's inputs: forward, the Duplicated float arguments; reverse, the Duplicated float arrays
 * and the Active scalars. Their original values go to x0. */
static void find_inputs(struct checker *c) {
  c->nin = 0;
  for (unsigned i = 0; i < c->n; i++) {
    unsigned k = c->args[i].kind, act = c->act[1 + i];
    int input = is_float(k) && (act == LLAD_CK_ACTIVE || (act == LLAD_CK_DUP && (is_ptr(k) || c->request->mode == LLAD_CK_FORWARD)));
    c->in_off[i] = input ? c->nin : NONE;
    if (input) c->nin += c->len[i];
  }
  c->x0 = xcalloc(3 * c->nin, sizeof(double));
  c->v = c->x0 + c->nin;
  c->scale = c->v + c->nin;
  for (unsigned i = 0; i < c->n; i++)
    if (c->in_off[i] != NONE)
      for (size_t j = 0; j < c->len[i]; j++) {
        size_t q = c->in_off[i] + j;
        c->x0[q] = getf(c->args[i].kind, c->args[i].data, j);
        c->scale[q] = fmax(1e-3, fabs(c->x0[q]));
      }
}

/* Shadows of a set, NULL for Const arguments. Duplicated float arguments get random values
 * (rounded to their type), copied as read back into v (forward: the tangent, per input) or into w
 * (reverse: the seed, per output of F); integer arrays and Active scalars' slots start at 0. */
static void make_shadows(struct checker *c, int reverse, double *v, double *w) {
  for (unsigned i = 0; i < c->n; i++) {
    unsigned k = c->args[i].kind, act = c->act[1 + i];
    memset(c->shadow[i], 0, bytes(c, i));
    c->shadowp[i] = act == LLAD_CK_CONST ? NULL : c->shadow[i];
    if (act != LLAD_CK_DUP || !is_float(k)) continue;
    for (size_t j = 0; j < c->len[i]; j++) {
      /* a forward tangent scales with its input (the step is relative); a reverse seed need not */
      setf(k, c->shadow[i], j, uniform(&c->rng) * (reverse ? 1.0 : c->scale[c->in_off[i] + j]));
      double x = getf(k, c->shadow[i], j);
      if (!reverse) v[c->in_off[i] + j] = x;
      else if (c->out_off[i] != NONE) w[c->out_off[i] + j] = x;
    }
  }
}

/* The reference: the primal on fresh copies, its return into retP, its arguments into pfinal. */
static int primal_reference(struct checker *c, union slot *retP) {
  reset_work(c);
  if (run_primal(c, retP, "primal crashed")) return 1;
  for (unsigned i = 0; i < c->n; i++) memcpy(c->pfinal[i], c->work[i], bytes(c, i));
  return 0;
}

/* ---- Forward sets */

static void forward_set(struct checker *c, const struct llad_check_set *set) {
  unsigned rk = c->request->ret_kind, ract = c->act[0];
  union slot retP, retD, dretD;
  if (primal_reference(c, &retP)) return;
  make_shadows(c, 0, c->v, NULL);
  memset(&retD, 0, sizeof retD);
  memset(&dretD, 0, sizeof dretD);
  int has_tangent = ract == LLAD_CK_DUP || ract == LLAD_CK_DUPNONEED;
  struct call k = {.which = CALL_FORWARD, .fn = set->derivative, .args = c->work, .shadows = c->shadowp,
                   .ret = &retD, .dret = has_tangent ? &dretD : NULL};
  reset_work(c);
  if (guarded(&k)) {
    report_crash(c, "derivative crashed", 1);
    return;
  }
  check_primal_values(c, &retD, &retP, rk != LLAD_CK_VOID && ract != LLAD_CK_DUPNONEED);

  /* One finite difference along v serves every tangent: R, and its error estimate E. */
  if (!fd(c, c->v, NULL)) {
    double *R = c->o[0], *E = c->o[4];
    for (size_t q = 0; q < c->nout; q++) E[q] = fabs(c->o[2][q]) + c->o[3][q];
    if (has_tangent && is_float(rk)) {
      struct test t = {"return tangent", "", "", 0, "finite difference"};
      compare(c, &t, 1, NULL, rk, &dretD, LLAD_CK_F64, R, E);
    }
    for (unsigned i = 0; i < c->n; i++) {
      unsigned kind = c->args[i].kind;
      if (!is_ptr(kind) || !is_float(kind) || c->act[1 + i] != LLAD_CK_DUP) continue;
      struct test t = {"tangent of ", c->args[i].name, "", 1, "finite difference"};
      compare(c, &t, c->len[i], NULL, kind, c->shadow[i], LLAD_CK_F64, R + c->out_off[i], E + c->out_off[i]);
    }
  }
}

/* ---- Reverse sets */

/* The finite difference of s = <w, F> along dir: R and its error estimate. */
static int fd_s(struct checker *c, const double *dir, const double *w, double *R, double *E) {
  if (fd(c, dir, w)) return 1;
  double r = 0, diff = 0, noise = 0;
  for (size_t q = 0; q < c->nout; q++) {
    r += w[q] * c->o[0][q];
    diff += w[q] * c->o[2][q];
    noise += fabs(w[q]) * c->o[3][q];
  }
  *R = r;
  *E = fabs(diff) + noise;
  return 0;
}

static void reverse_set(struct checker *c, const struct llad_check_set *set) {
  unsigned rk = c->request->ret_kind;
  union slot retP, retA, wret;
  if (primal_reference(c, &retP)) return;
  /* Seeds: w over the outputs of F, so that s = <w, F>. */
  double *w = c->w;
  memset(w, 0, c->nout * sizeof(double));
  int active_ret = c->act[0] == LLAD_CK_ACTIVE && is_float(rk);
  memset(&wret, 0, sizeof wret);
  if (active_ret) {
    setf(rk, &wret, 0, uniform(&c->rng));
    w[0] = getf(rk, &wret, 0);
  }
  make_shadows(c, 1, NULL, w);

  void *tape = NULL;
  struct call k = {.which = CALL_AUGMENTED, .fn = set->derivative, .args = c->work, .shadows = c->shadowp,
                   .ret = &retA, .dret = active_ret ? &wret : NULL, .tape = &tape};
  memset(&retA, 0, sizeof retA);
  reset_work(c);
  if (guarded(&k)) {
    report_crash(c, "derivative crashed in the augmented forward pass", 1);
    return;
  }
  k.which = CALL_REVERSE;
  k.fn = set->reverse;
  if (guarded(&k)) {
    report_crash(c, "derivative crashed in the reverse pass", 1);
    return;
  }
  check_primal_values(c, &retA, &retP, rk != LLAD_CK_VOID);

  /* Scratch: the adjoints flattened like the inputs; per argument the checked elements'
   * adjoints, differences, error estimates and indices; which elements are checked. */
  size_t nin = c->nin;
  double *adj = xcalloc(4 * nin, sizeof(double)), *a = adj + nin, *R = a + nin, *E = R + nin, *dir = c->v;
  size_t *idx = xcalloc(nin, sizeof(size_t) + 1);
  unsigned char *chosen = (unsigned char *)(idx + nin);
  for (unsigned i = 0; i < c->n; i++)
    if (c->in_off[i] != NONE)
      for (size_t j = 0; j < c->len[i]; j++) adj[c->in_off[i] + j] = getf(c->args[i].kind, c->shadow[i], j);

  /* Which elements to check: all, or a random sample with at least one per input argument. */
  if (nin <= FULL_CHECK) memset(chosen, 1, nin);
  else {
    for (int got = 0; got < SAMPLED;) {
      size_t q = (size_t)(next_u64(&c->rng) % nin);
      if (!chosen[q]) {
        chosen[q] = 1;
        got++;
      }
    }
    for (unsigned i = 0; i < c->n; i++) {
      if (c->in_off[i] == NONE) continue;
      size_t j = 0;
      while (j < c->len[i] && !chosen[c->in_off[i] + j]) j++;
      if (j == c->len[i]) chosen[c->in_off[i] + (size_t)(next_u64(&c->rng) % c->len[i])] = 1;
    }
  }

  /* "adjoint of NAME": each chosen element against the difference of s along its unit vector. */
  int crashed = 0;
  for (unsigned i = 0; i < c->n && !crashed; i++) {
    if (c->in_off[i] == NONE) continue;
    size_t m = 0;
    for (size_t j = 0; j < c->len[i] && !crashed; j++) {
      size_t q = c->in_off[i] + j;
      if (!chosen[q]) continue;
      dir[q] = c->scale[q];
      crashed = fd_s(c, dir, w, &R[m], &E[m]);
      dir[q] = 0;
      R[m] /= c->scale[q]; /* the difference along scale·e_q */
      E[m] /= c->scale[q];
      idx[m] = j;
      a[m++] = adj[q];
    }
    struct test t = {"adjoint of ", c->args[i].name, "", is_ptr(c->args[i].kind), "finite difference"};
    if (!crashed) compare(c, &t, m, idx, LLAD_CK_F64, a, LLAD_CK_F64, R, E);
  }

  /* The dot-product identity along a random direction over all inputs. */
  if (nin && !crashed) {
    double rhs = 0, lhs, err;
    for (size_t q = 0; q < nin; q++) {
      dir[q] = uniform(&c->rng) * c->scale[q];
      rhs += dir[q] * adj[q];
    }
    if (!fd_s(c, dir, w, &lhs, &err)) {
      struct test t = {"<J·v, w> = <v, J'·w>", "", "", 0, "finite difference"};
      compare(c, &t, 1, NULL, LLAD_CK_F64, &rhs, LLAD_CK_F64, &lhs, &err);
    }
  }
  free(adj);
  free(idx);
}

/* ---- The run */

static const char *activity_name(unsigned a) {
  static const char *const names[] = {"Const", "Duplicated", "DuplicatedNoNeed", "Active"};
  return a < 4 ? names[a] : "?";
}

/* Why llad's set cannot be run, or NULL: llad's spec parser admits only these. */
static const char *invalid_set(const struct checker *c, const struct llad_check_set *set) {
  int fwd = c->request->mode == LLAD_CK_FORWARD;
  unsigned r = set->activities[0];
  if (!set->derivative || (!fwd && !set->reverse)) return "missing derivative thunk";
  if (fwd ? r == LLAD_CK_ACTIVE || r > 3 : r != LLAD_CK_CONST && r != LLAD_CK_ACTIVE) return "return activity";
  if (r != LLAD_CK_CONST && !is_float(c->request->ret_kind)) return "a non-float return must be Const";
  for (unsigned i = 0; i < c->n; i++) {
    unsigned a = set->activities[1 + i], k = c->args[i].kind;
    int ok = a == LLAD_CK_CONST ||
             (fwd ? a == LLAD_CK_DUP && (is_ptr(k) || is_float(k))
                  : (a == LLAD_CK_DUP && is_ptr(k)) || (a == LLAD_CK_ACTIVE && !is_ptr(k) && is_float(k)));
    if (!ok) return "argument activity";
  }
  return NULL;
}

/* "RT = Active, Ty = Duplicated, ..." into buf (sized for the longest); its length. */
static size_t set_name(const struct checker *c, const struct llad_check_set *set, char *buf) {
  size_t len = (size_t)sprintf(buf, "RT = %s", activity_name(set->activities[0]));
  for (unsigned i = 0; i < c->n; i++)
    len += (size_t)sprintf(buf + len, ", T%s = %s", c->args[i].name, activity_name(set->activities[1 + i]));
  return len;
}

/* "name | Pass  Fail  Total", zeros left blank as in Julia's summaries. */
static void summary_line(int width, const char *name, int pass, int fail) {
  char p[16] = "", f[16] = "";
  if (pass) snprintf(p, sizeof p, "%d", pass);
  if (fail) snprintf(f, sizeof f, "%d", fail);
  printf("%-*s | %4s  %4s  %5d\n", width, name, p, f, pass + fail);
}

int llad_check_run(const struct llad_check_request *request, const struct llad_check_arg *args) {
  struct checker c;
  memset(&c, 0, sizeof c);
  c.request = request;
  c.args = args;
  c.n = request->nargs;
  for (unsigned i = 0; i < c.n; i++) {
    const char *bad = args[i].kind < LLAD_CK_F64 || args[i].kind > LLAD_CK_PTR_I64 ? "has an unknown kind"
                      : args[i].len > (SIZE_MAX / 64) ? "has an impossible length (negative?)" : NULL;
    if (bad) {
      printf("llad check: %s: argument %u (%s) %s\n", request->function, i + 1, args[i].name, bad);
      fflush(stdout);
      return 1;
    }
  }
  int f32 = base(request->ret_kind) == LLAD_CK_F32;
  for (unsigned i = 0; i < c.n; i++) f32 |= base(args[i].kind) == LLAD_CK_F32;
  c.f32 = f32;
  c.rtol = request->rtol > 0 ? request->rtol : f32 ? 1e-3 : 1e-6;
  c.atol = request->atol > 0 ? request->atol : f32 ? 1e-4 : 1e-8;

  c.len = xcalloc(3 * (size_t)c.n, sizeof(size_t));
  c.out_off = c.len + c.n;
  c.in_off = c.out_off + c.n;
  c.work = xcalloc(4 * (size_t)c.n, sizeof(void *));
  c.pfinal = c.work + c.n;
  c.shadow = c.pfinal + c.n;
  c.shadowp = c.shadow + c.n;
  c.nout = is_float(request->ret_kind) ? 1 : 0;
  for (unsigned i = 0; i < c.n; i++) {
    unsigned k = args[i].kind;
    c.len[i] = is_ptr(k) ? (size_t)args[i].len : 1;
    c.out_off[i] = is_ptr(k) && is_float(k) ? c.nout : NONE;
    if (c.out_off[i] != NONE) c.nout += c.len[i];
    /* working copy, primal result and shadow in one block (8 bytes an element: scalar slots) */
    c.work[i] = xcalloc(3 * c.len[i], 8);
    c.pfinal[i] = (char *)c.work[i] + 8 * c.len[i];
    c.shadow[i] = (char *)c.pfinal[i] + 8 * c.len[i];
  }
  c.o[0] = xcalloc(6 * c.nout, sizeof(double));
  for (int e = 1; e < 5; e++) c.o[e] = c.o[e - 1] + c.nout;
  c.w = c.o[4] + c.nout;

  /* The name column fits the header and every set's name. */
  char header[512];
  const char *loc = request->location ? request->location : "";
  snprintf(header, sizeof header, "llad check: %s, %s%s%s%s", request->function,
           request->mode == LLAD_CK_FORWARD ? "forward" : "reverse", *loc ? " (" : "", loc, *loc ? ")" : "");
  size_t namesize = 64;
  for (unsigned i = 0; i < c.n; i++) namesize += strlen(args[i].name) + 24;
  char *name = xcalloc(namesize, 1);
  int width = (int)strlen(header);
  for (unsigned s = 0; s < request->nsets; s++) {
    int w = 2 + (int)set_name(&c, &request->sets[s], name);
    if (w > width) width = w;
  }
  width += 4;
  printf("%-*s | Pass  Fail  Total\n", width, header);
  fflush(stdout);

  int pass = 0, fail = 0;
  for (unsigned s = 0; s < request->nsets; s++) {
    const struct llad_check_set *set = &request->sets[s];
    c.act = set->activities;
    c.pass = c.fail = 0;
    c.mlen = 0;
    /* Each set draws from its own stream: its numbers do not depend on the sets before it. */
    c.rng = (request->seed ? request->seed : 0x6c6c6164636b0001ull) + 0x632BE59BD9B4E019ull * (s + 1);
    const char *why = invalid_set(&c, set);
    if (why) {
      say(&c, "    FAIL invalid set (%s)\n", why);
      c.fail++;
    } else {
      find_inputs(&c);
      if (request->mode == LLAD_CK_FORWARD) forward_set(&c, set);
      else reverse_set(&c, set);
      free(c.x0);
      c.x0 = NULL;
    }
    name[0] = name[1] = ' ';
    set_name(&c, set, name + 2);
    summary_line(width, name, c.pass, c.fail);
    if (c.mlen) fputs(c.msg, stdout);
    fflush(stdout);
    pass += c.pass;
    fail += c.fail;
  }
  summary_line(width, "  total", pass, fail);
  fflush(stdout);

  for (unsigned i = 0; i < c.n; i++) free(c.work[i]);
  free(c.o[0]);
  free(c.len);
  free(c.work);
  free(c.msg);
  free(name);
  return fail;
}
