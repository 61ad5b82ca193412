/* Regression test (fixed): at -O0 a const pointer argument reaches the rule as dup with a null shadow.
 * clang -O0 spills g's parameters to local slots; llad gives each slot a shadow slot and stores
 * null there for a const argument, then takes the pointer reloaded from the slot as dup: the rule
 * gets llad_is_const(cfg, i) == 0 with a NULL shadow pointer, so it writes through dy == NULL
 * (const y, dup x: NaN on the CLI path, SIGSEGV with the plugin) or reads dx == NULL (dup y,
 * const x: SIGSEGV). At -O2 every check passes.
 * Reproduce (both the CLI and the plugin path fail at -O0):
 *   clang-19 -O0 -Xclang -disable-O0-optnone -g -I tests/e2e -I include -c -emit-llvm \
 *     tests/e2e/pending/rule_fwd_general.c -o /tmp/p.bc && target/debug/llad /tmp/p.bc -o /tmp/p.d.bc \
 *     && clang-19 -O2 /tmp/p.d.bc -o /tmp/p -lm && /tmp/p
 *   -> "FAIL const_dup.dg nan 0", "FAIL const_dup.cfg.is_const(0) 0 1", then SIGSEGV.
 * IR reproducer: lit/pending/rule-const-arg-O0.ll. Move this file back to tests/e2e/ when fixed. */
/* Seed tutorial, the general forward rule: one rule for every activity of f's return
 * (const|dup|dupnoneed) and arguments (const|dup each), written with llad_needs_primal,
 * llad_needs_shadow and llad_is_const. Through g = f(y, x)^2 at x = [3, 1], dx = [1, 0]:
 *   (dup y, dup x)     -> 120.0, dy = [6, 0]
 *   (const y, dup x)   -> 0.0   (the rule gives f no tangent when y is const, as in the tutorial)
 *   (const y, const x) -> 0.0
 *   (dup y, const x)   -> 0.0, dy zeroed (make_zero! branch)
 * and on f itself (dupnoneed return) -> 6.0. */
#include "check.h"
#include "llad.h"

LLAD_NOINLINE double f(double *y, const double *x) {
  for (int i = 0; i < 2; i++)
    y[i] = x[i] * x[i];
  return y[0] + y[1];
}

typedef struct {
  double primal, shadow;
} dual;

static int rule_calls;
static const llad_config *last_cfg;
static const double *last_dy, *last_dx;

static dual f_general(const llad_config *cfg, double *y, double *dy, const double *x, const double *dx) {
  rule_calls++;
  last_cfg = cfg;
  last_dy = dy;
  last_dx = dx;
  for (int i = 0; i < 2; i++)
    y[i] = x[i] * x[i];
  if (!llad_is_const(cfg, 1) && !llad_is_const(cfg, 0)) {
    for (int i = 0; i < 2; i++)
      dy[i] = 2.0 * x[i] * dx[i];
  } else if (!llad_is_const(cfg, 0)) {
    dy[0] = dy[1] = 0.0; /* make_zero!(y.dval) */
  }
  double dret = !llad_is_const(cfg, 0) ? dy[0] + dy[1] : 0.0;
  dual r = {0.0, 0.0}; /* fields the config does not ask for are left 0 */
  if (llad_needs_primal(cfg))
    r.primal = y[0] + y[1];
  if (llad_needs_shadow(cfg))
    r.shadow = dret;
  return r;
}
LLAD_FORWARD_RULE(f, f_general, "ret=const|dup|dupnoneed args=const|dup,const|dup");

double g(double *y, double *x) {
  double r = f(y, x);
  return r * r;
}

static double x[2], dx[2], y[2], dy[2];
static void reset(void) {
  x[0] = 3.0, x[1] = 1.0, dx[0] = 1.0, dx[1] = 0.0;
  y[0] = y[1] = 0.0;
  dy[0] = dy[1] = 5.0; /* non-zero: a dup y's shadow must be overwritten by the rule */
}

static void check_primal_y(const char *name) {
  CHECK_CLOSE(NAME("%s.y[0].primal", name), y[0], 9.0, 1e-12);
  CHECK_CLOSE(NAME("%s.y[1].primal", name), y[1], 1.0, 1e-12);
}

int main(void) {
  double d;

  /* (dup y, dup x): 120 */
  reset();
  d = __enzyme_fwddiff((void *)g, enzyme_dup, y, dy, enzyme_dup, x, dx);
  printf("g(dup, dup) = %g, dy = [%g, %g], rule calls %d\n", d, dy[0], dy[1], rule_calls);
  CHECK_CLOSE("dup_dup.dg", d, 120.0, 1e-12);
  CHECK_CLOSE("dup_dup.dy[0]", dy[0], 6.0, 1e-12);
  CHECK_CLOSE("dup_dup.dy[1]", dy[1], 0.0, 1e-12);
  check_primal_y("dup_dup");
  CHECK_CLOSE("dup_dup.rule_calls", rule_calls, 1, 0.0);
  CHECK_CLOSE("dup_dup.cfg.needs_primal", llad_needs_primal(last_cfg), 1, 0.0);
  CHECK_CLOSE("dup_dup.cfg.needs_shadow", llad_needs_shadow(last_cfg), 1, 0.0);
  CHECK_CLOSE("dup_dup.cfg.const_args", (double)last_cfg->const_args, 0, 0.0);
  CHECK_CLOSE("dup_dup.shadow_ptrs", last_dy == dy && last_dx == dx, 1, 0.0);
  double yp[2], xp[2] = {3.0 + FD_H, 1.0}, xm[2] = {3.0 - FD_H, 1.0};
  CHECK_DERIV("dup_dup.dg.deriv", d, 120.0, (g(yp, xp) - g(yp, xm)) / (2.0 * FD_H));

  /* (const y, dup x): the rule sees y const (bit 0, a null shadow) and returns tangent 0 */
  reset();
  d = __enzyme_fwddiff((void *)g, enzyme_const, y, enzyme_dup, x, dx);
  printf("g(const, dup) = %g, rule calls %d\n", d, rule_calls);
  CHECK_CLOSE("const_dup.dg", d, 0.0, 1e-12);
  check_primal_y("const_dup");
  CHECK_CLOSE("const_dup.dy.untouched", dy[0] + dy[1], 10.0, 0.0);
  CHECK_CLOSE("const_dup.rule_calls", rule_calls, 2, 0.0);
  CHECK_CLOSE("const_dup.cfg.is_const(0)", llad_is_const(last_cfg, 0), 1, 0.0);
  CHECK_CLOSE("const_dup.cfg.is_const(1)", llad_is_const(last_cfg, 1), 0, 0.0);
  CHECK_CLOSE("const_dup.null_dy", last_dy == NULL, 1, 0.0);
  CHECK_CLOSE("const_dup.dx", last_dx == dx, 1, 0.0);

  /* (const y, const x): 0. Nothing carries a derivative: llad may call the rule (ret=const) or
   * just f; either way y must still be written and the result is 0. */
  reset();
  int before = rule_calls;
  d = __enzyme_fwddiff((void *)g, enzyme_const, y, enzyme_const, x);
  printf("g(const, const) = %g, rule calls %d\n", d, rule_calls);
  CHECK_CLOSE("const_const.dg", d, 0.0, 0.0);
  check_primal_y("const_const");
  CHECK_CLOSE("const_const.rule_calls<=1", rule_calls - before <= 1, 1, 0.0);

  /* (dup y, const x): dy is zeroed by the rule, tangent 0 */
  reset();
  d = __enzyme_fwddiff((void *)g, enzyme_dup, y, dy, enzyme_const, x);
  printf("g(dup, const) = %g, dy = [%g, %g], rule calls %d\n", d, dy[0], dy[1], rule_calls);
  CHECK_CLOSE("dup_const.dg", d, 0.0, 0.0);
  CHECK_CLOSE("dup_const.dy[0]", dy[0], 0.0, 0.0);
  CHECK_CLOSE("dup_const.dy[1]", dy[1], 0.0, 0.0);
  check_primal_y("dup_const");
  CHECK_CLOSE("dup_const.cfg.is_const(0)", llad_is_const(last_cfg, 0), 0, 0.0);
  CHECK_CLOSE("dup_const.cfg.is_const(1)", llad_is_const(last_cfg, 1), 1, 0.0);
  CHECK_CLOSE("dup_const.null_dx", last_dx == NULL, 1, 0.0);

  /* f itself, tangent only (dupnoneed): 6, dy = [6, 0] */
  reset();
  before = rule_calls;
  d = __enzyme_fwddiff((void *)f, enzyme_dup, y, dy, enzyme_dup, x, dx);
  printf("f(dup, dup) = %g, dy = [%g, %g], rule calls %d\n", d, dy[0], dy[1], rule_calls);
  CHECK_CLOSE("f.df", d, 6.0, 1e-12);
  CHECK_CLOSE("f.dy[0]", dy[0], 6.0, 1e-12);
  CHECK_CLOSE("f.dy[1]", dy[1], 0.0, 1e-12);
  check_primal_y("f");
  CHECK_CLOSE("f.rule_calls", rule_calls - before, 1, 0.0);
  CHECK_CLOSE("f.cfg.needs_primal", llad_needs_primal(last_cfg), 0, 0.0);
  CHECK_CLOSE("f.cfg.needs_shadow", llad_needs_shadow(last_cfg), 1, 0.0);
  return llad_report();
}
