/* Seed tutorial, "Defining our first rule": a forward rule for f (pattern ret=dup args=dup,dup)
 * used by forward mode of g = f(y, x)^2. At x = [3, 1], dx = [1, 0]: dg = 120, dy = [6, 0], and the
 * rule (not f's body) ran exactly once. */
#include "check.h"
#include "llad.h"

/* noinline: on the CLI path clang -O2 runs before llad and would inline f into g. */
LLAD_NOINLINE double f(double *y, const double *x) {
  for (int i = 0; i < 2; i++)
    y[i] = x[i] * x[i];
  return y[0] + y[1];
}

typedef struct {
  double primal, shadow;
} dual;

static int fwd_calls;
static unsigned seen_needs_primal, seen_needs_shadow, seen_width;
static unsigned long long seen_const_args;

/* The tutorial's rule: run the primal, fill y's shadow, return {f, sum(dy)}. */
static dual f_fwd(const llad_config *cfg, double *y, double *dy, const double *x, const double *dx) {
  fwd_calls++;
  seen_width = cfg->width;
  seen_needs_primal = llad_needs_primal(cfg);
  seen_needs_shadow = llad_needs_shadow(cfg);
  seen_const_args = cfg->const_args;
  double ret = f(y, x);
  for (int i = 0; i < 2; i++)
    dy[i] = 2.0 * x[i] * dx[i];
  return (dual){ret, dy[0] + dy[1]};
}
LLAD_FORWARD_RULE(f, f_fwd, "ret=dup args=dup,dup");

double g(double *y, double *x) {
  double r = f(y, x);
  return r * r;
}

int main(void) {
  double x[2] = {3.0, 1.0}, dx[2] = {1.0, 0.0};
  double y[2] = {0.0, 0.0}, dy[2] = {0.0, 0.0};
  double dg = __enzyme_fwddiff((void *)g, enzyme_dup, y, dy, enzyme_dup, x, dx);
  printf("rule_fwd_seed: dg = %g, dy = [%g, %g], rule ran %d time(s)\n", dg, dy[0], dy[1], fwd_calls);
  CHECK_CLOSE("g.dg", dg, 120.0, 1e-12);
  CHECK_CLOSE("g.dy[0]", dy[0], 6.0, 1e-12);
  CHECK_CLOSE("g.dy[1]", dy[1], 0.0, 1e-12);
  CHECK_CLOSE("g.y[0].primal", y[0], 9.0, 1e-12);
  CHECK_CLOSE("g.y[1].primal", y[1], 1.0, 1e-12);
  CHECK_CLOSE("g.dx[0].unchanged", dx[0], 1.0, 0.0);
  CHECK_CLOSE("g.rule_calls", fwd_calls, 1, 0.0);
  /* the config of this call: width 1, primal and tangent of f's result both needed, no const arg */
  CHECK_CLOSE("g.cfg.width", seen_width, 1, 0.0);
  CHECK_CLOSE("g.cfg.needs_primal", seen_needs_primal, 1, 0.0);
  CHECK_CLOSE("g.cfg.needs_shadow", seen_needs_shadow, 1, 0.0);
  CHECK_CLOSE("g.cfg.const_args", (double)seen_const_args, 0, 0.0);
  /* central finite difference of g w.r.t. x[0] (plain calls: no rule involved) */
  double h = FD_H, yp[2], xp[2] = {3.0 + h, 1.0}, xm[2] = {3.0 - h, 1.0};
  double fd = (g(yp, xp) - g(yp, xm)) / (2.0 * h);
  CHECK_DERIV("g.dg.deriv", dg, 120.0, fd);
  CHECK_CLOSE("g.rule_calls.after_fd", fwd_calls, 1, 0.0);
  return llad_report();
}
