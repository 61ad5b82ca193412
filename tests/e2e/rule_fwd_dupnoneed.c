/* Seed tutorial, "Handling more activities": a second forward rule for f that handles only a
 * dupnoneed return (the caller wants the tangent, not the value). Both rules are registered; llad
 * picks, per call, the first whose pattern matches the call's activities:
 *   - g = f(y, x)^2 needs f's value and tangent          -> ret=dup      -> f_fwd        (dg = 120)
 *   - __enzyme_fwddiff on f itself wants the tangent only -> ret=dupnoneed -> f_fwd_noneed (df = 6)
 *   - the same with enzyme_primal_return                  -> ret=dup      -> f_fwd        ({10, 6})
 * dy = [6, 0] each time. */
#include "check.h"
#include "llad.h"

int enzyme_primal_return;

LLAD_NOINLINE double f(double *y, const double *x) {
  for (int i = 0; i < 2; i++)
    y[i] = x[i] * x[i];
  return y[0] + y[1];
}

typedef struct {
  double primal, shadow;
} dual;
dual __enzyme_fwddiff_pd(void *, ...); /* with enzyme_primal_return: {primal, tangent} */

static int dup_calls, noneed_calls;
static unsigned noneed_needs_primal = 99, noneed_needs_shadow = 99;

static dual f_fwd(const llad_config *cfg, double *y, double *dy, const double *x, const double *dx) {
  (void)cfg;
  dup_calls++;
  double ret = f(y, x);
  for (int i = 0; i < 2; i++)
    dy[i] = 2.0 * x[i] * dx[i];
  return (dual){ret, dy[0] + dy[1]};
}

/* The tutorial's DuplicatedNoNeed rule: y is still written, the primal result is not computed,
 * and the rule returns the tangent alone (a bare double: llad takes it as the shadow). */
static double f_fwd_noneed(const llad_config *cfg, double *y, double *dy, const double *x, const double *dx) {
  noneed_calls++;
  noneed_needs_primal = llad_needs_primal(cfg);
  noneed_needs_shadow = llad_needs_shadow(cfg);
  for (int i = 0; i < 2; i++) {
    y[i] = x[i] * x[i];
    dy[i] = 2.0 * x[i] * dx[i];
  }
  return dy[0] + dy[1];
}

LLAD_FORWARD_RULE(f, f_fwd, "ret=dup args=dup,dup");
LLAD_FORWARD_RULE(f, f_fwd_noneed, "ret=dupnoneed args=dup,dup");

double g(double *y, double *x) {
  double r = f(y, x);
  return r * r;
}

static void reset(double *x, double *dx, double *y, double *dy) {
  x[0] = 3.0, x[1] = 1.0, dx[0] = 1.0, dx[1] = 0.0;
  y[0] = y[1] = dy[0] = dy[1] = 0.0;
}

static void check_y(const char *name, const double *y, const double *dy) {
  CHECK_CLOSE(NAME("%s.dy[0]", name), dy[0], 6.0, 1e-12);
  CHECK_CLOSE(NAME("%s.dy[1]", name), dy[1], 0.0, 1e-12);
  CHECK_CLOSE(NAME("%s.y[0].primal", name), y[0], 9.0, 1e-12);
  CHECK_CLOSE(NAME("%s.y[1].primal", name), y[1], 1.0, 1e-12);
}

static double f_of_x0(double x0) {
  double y[2], x[2] = {x0, 1.0};
  return f(y, x);
}

int main(void) {
  double x[2], dx[2], y[2], dy[2];

  /* g: the dup rule */
  reset(x, dx, y, dy);
  double dg = __enzyme_fwddiff((void *)g, enzyme_dup, y, dy, enzyme_dup, x, dx);
  printf("g: dg = %g, dy = [%g, %g]; dup rule %d, noneed rule %d\n", dg, dy[0], dy[1], dup_calls, noneed_calls);
  CHECK_CLOSE("g.dg", dg, 120.0, 1e-12);
  check_y("g", y, dy);
  CHECK_CLOSE("g.dup_rule_calls", dup_calls, 1, 0.0);
  CHECK_CLOSE("g.noneed_rule_calls", noneed_calls, 0, 0.0);

  /* f itself, tangent only: the dupnoneed rule */
  reset(x, dx, y, dy);
  double df = __enzyme_fwddiff((void *)f, enzyme_dup, y, dy, enzyme_dup, x, dx);
  printf("f: df = %g, dy = [%g, %g]; dup rule %d, noneed rule %d\n", df, dy[0], dy[1], dup_calls, noneed_calls);
  CHECK_CLOSE("f.df", df, 6.0, 1e-12);
  check_y("f", y, dy);
  CHECK_CLOSE("f.dup_rule_calls", dup_calls, 1, 0.0);
  CHECK_CLOSE("f.noneed_rule_calls", noneed_calls, 1, 0.0);
  CHECK_CLOSE("f.cfg.needs_primal", noneed_needs_primal, 0, 0.0);
  CHECK_CLOSE("f.cfg.needs_shadow", noneed_needs_shadow, 1, 0.0);
  CHECK_DERIV("f.df.deriv", df, 6.0, fd1(f_of_x0, 3.0, FD_H));

  /* f itself with its value: the dup rule again */
  reset(x, dx, y, dy);
  dual pf = __enzyme_fwddiff_pd((void *)f, enzyme_primal_return, enzyme_dup, y, dy, enzyme_dup, x, dx);
  printf("f+primal: f = %g, df = %g; dup rule %d, noneed rule %d\n", pf.primal, pf.shadow, dup_calls, noneed_calls);
  CHECK_CLOSE("f_primal.f", pf.primal, 10.0, 1e-12);
  CHECK_CLOSE("f_primal.df", pf.shadow, 6.0, 1e-12);
  check_y("f_primal", y, dy);
  CHECK_CLOSE("f_primal.dup_rule_calls", dup_calls, 2, 0.0);
  CHECK_CLOSE("f_primal.noneed_rule_calls", noneed_calls, 1, 0.0);

  /* finite difference of g (plain calls) */
  double yp[2], xp[2] = {3.0 + FD_H, 1.0}, xm[2] = {3.0 - FD_H, 1.0};
  CHECK_DERIV("g.dg.deriv", dg, 120.0, (g(yp, xp) - g(yp, xm)) / (2.0 * FD_H));
  return llad_report();
}
