/* Seed tutorial, "Defining a reverse-mode rule": an augmented rule and a reverse rule for f
 * (pattern ret=active args=dup,dup), used by reverse mode of
 *   g(y, x) = f(y, x)^2
 *   h(y, x) = ret = f(y, x); x[i] = x[i]^2 in place; ret * (y[0] + y[1])
 * Both give dx = [120, 40], dy = [0, 0] at x = [3, 1]. The augmented rule copies x onto its tape
 * exactly when llad_overwritten(cfg, 1): never for g (x is not written after the call), once for h;
 * the reverse rule reads x from the tape then (with the overwritten x, h's dx[0] would be 360) and
 * frees it. Each rule runs once per gradient. */
#include <stdlib.h>
#include "check.h"
#include "llad.h"

void __enzyme_autodiff_v(void *, ...); /* no active scalar argument: returns void */

LLAD_NOINLINE double f(double *y, const double *x) {
  for (int i = 0; i < 2; i++)
    y[i] = x[i] * x[i];
  return y[0] + y[1];
}

typedef struct {
  double *tape; /* a malloc'd copy of x, or NULL */
  double primal;
} f_aug_result;

static int aug_calls, rev_calls, tape_saves;
static unsigned aug_needs_primal;
static unsigned long long aug_overwritten, rev_overwritten;

static f_aug_result f_aug(const llad_config *cfg, double *y, double *dy, const double *x, const double *dx) {
  (void)dy, (void)dx;
  aug_calls++;
  aug_needs_primal = llad_needs_primal(cfg);
  aug_overwritten = cfg->overwritten;
  f_aug_result r = {NULL, 0.0};
  if (llad_needs_primal(cfg)) {
    r.primal = f(y, x);
  } else {
    for (int i = 0; i < 2; i++) /* y still needs to be written even if the primal is not needed */
      y[i] = x[i] * x[i];
  }
  if (llad_overwritten(cfg, 1)) { /* x may change before the reverse rule runs: save it */
    tape_saves++;
    r.tape = malloc(2 * sizeof(double));
    r.tape[0] = x[0], r.tape[1] = x[1];
  }
  return r;
}

static void f_rev(const llad_config *cfg, double *y, double *dy, const double *x, double *dx, double d_ret, double *tape) {
  (void)y;
  rev_calls++;
  rev_overwritten = cfg->overwritten;
  const double *xval = llad_overwritten(cfg, 1) ? tape : x;
  for (int i = 0; i < 2; i++) {
    dx[i] += 2.0 * xval[i] * d_ret; /* accumulate, don't assign */
    dx[i] += 2.0 * xval[i] * dy[i]; /* y's adjoint flows to x too */
  }
  dy[0] = dy[1] = 0.0; /* f overwrote y: no derivative reaches the y passed in */
  free(tape);
}
LLAD_REVERSE_RULE(f, f_aug, f_rev, "ret=active args=dup,dup");

double g(double *y, double *x) {
  double r = f(y, x);
  return r * r;
}

double h(double *y, double *x) {
  double ret = f(y, x);
  for (int i = 0; i < 2; i++)
    x[i] = x[i] * x[i];
  return ret * (y[0] + y[1]);
}

/* central difference of fn w.r.t. x[i] at x = [3, 1] (fresh copies: h writes x) */
static double fd(double (*fn)(double *, double *), int i) {
  double y[2], xp[2] = {3.0, 1.0}, xm[2] = {3.0, 1.0};
  xp[i] += FD_H;
  xm[i] -= FD_H;
  double fp = fn(y, xp), fm = fn(y, xm);
  return (fp - fm) / (2.0 * FD_H);
}

static void check(const char *name, double (*fn)(double *, double *), const double *dx, const double *dy, const double *y) {
  printf("%s: dx = [%g, %g], dy = [%g, %g]; aug %d, rev %d, tape saves %d, overwritten aug %#llx rev %#llx\n", name, dx[0],
         dx[1], dy[0], dy[1], aug_calls, rev_calls, tape_saves, aug_overwritten, rev_overwritten);
  CHECK_CLOSE(NAME("%s.dx[0]", name), dx[0], 120.0, 1e-12);
  CHECK_CLOSE(NAME("%s.dx[1]", name), dx[1], 40.0, 1e-12);
  CHECK_CLOSE(NAME("%s.dy[0]", name), dy[0], 0.0, 1e-12);
  CHECK_CLOSE(NAME("%s.dy[1]", name), dy[1], 0.0, 1e-12);
  CHECK_CLOSE(NAME("%s.y[0].primal", name), y[0], 9.0, 1e-12);
  CHECK_CLOSE(NAME("%s.y[1].primal", name), y[1], 1.0, 1e-12);
  /* (x0^2 + x1^2)^2: d/dxi = 4 xi (x0^2 + x1^2) */
  CHECK_DERIV(NAME("%s.dx[0].deriv", name), dx[0], 4.0 * 3.0 * 10.0, fd(fn, 0));
  CHECK_DERIV(NAME("%s.dx[1].deriv", name), dx[1], 4.0 * 1.0 * 10.0, fd(fn, 1));
  CHECK_CLOSE(NAME("%s.aug_needs_primal", name), aug_needs_primal, 1, 0.0);
  CHECK_CLOSE(NAME("%s.overwritten_same_in_aug_and_rev", name), aug_overwritten == rev_overwritten, 1, 0.0);
}

int main(void) {
  double x[2] = {3.0, 1.0}, dx[2] = {0.0, 0.0};
  double y[2] = {0.0, 0.0}, dy[2] = {0.0, 0.0};
  __enzyme_autodiff_v((void *)g, enzyme_dup, y, dy, enzyme_dup, x, dx);
  check("g", g, dx, dy, y);
  CHECK_CLOSE("g.aug_calls", aug_calls, 1, 0.0);
  CHECK_CLOSE("g.rev_calls", rev_calls, 1, 0.0);
  CHECK_CLOSE("g.overwritten(x)", (double)((aug_overwritten >> 1) & 1), 0, 0.0);
  CHECK_CLOSE("g.tape_saves", tape_saves, 0, 0.0);
  CHECK_CLOSE("g.x.unchanged", x[0] + x[1], 4.0, 0.0);

  double x2[2] = {3.0, 1.0}, dx2[2] = {0.0, 0.0};
  double y2[2] = {0.0, 0.0}, dy2[2] = {0.0, 0.0};
  __enzyme_autodiff_v((void *)h, enzyme_dup, y2, dy2, enzyme_dup, x2, dx2);
  check("h", h, dx2, dy2, y2);
  CHECK_CLOSE("h.aug_calls", aug_calls, 2, 0.0);
  CHECK_CLOSE("h.rev_calls", rev_calls, 2, 0.0);
  CHECK_CLOSE("h.overwritten(x)", (double)((aug_overwritten >> 1) & 1), 1, 0.0);
  CHECK_CLOSE("h.tape_saves", tape_saves, 1, 0.0);
  /* h overwrote x in place: the primal effect must still happen */
  CHECK_CLOSE("h.x[0].primal_inplace", x2[0], 9.0, 1e-12);
  CHECK_CLOSE("h.x[1].primal_inplace", x2[1], 1.0, 1e-12);

  /* the gradient accumulates into non-zero shadows: run g again on top of its result */
  y[0] = y[1] = 0.0, dy[0] = dy[1] = 0.0;
  __enzyme_autodiff_v((void *)g, enzyme_dup, y, dy, enzyme_dup, x, dx);
  CHECK_CLOSE("g.twice.dx[0]", dx[0], 240.0, 1e-12);
  CHECK_CLOSE("g.twice.dx[1]", dx[1], 80.0, 1e-12);
  CHECK_CLOSE("g.twice.aug_calls", aug_calls, 3, 0.0);
  CHECK_CLOSE("g.twice.tape_saves", tape_saves, 1, 0.0);
  return llad_report();
}
