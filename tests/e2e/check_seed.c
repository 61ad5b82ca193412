/* The seed tutorial's last section, "Testing our rules", through llad_check.h: f's general
 * forward rule and its augmented/reverse rules, tested as EnzymeTestUtils tests them:
 *   forward: RT in (Const, DuplicatedNoNeed, Duplicated) x Tx, Ty in (Const, Duplicated) on g
 *            (12 test sets);
 *   reverse: RT = Active, Tx = Ty = Duplicated on g and on h (which overwrites x after f, so the
 *            augmented rule must save x)
 * at x = [3, 1], y = [0, 0]. Every set must pass, and the rules must actually run (counted). */
#include "check.h"
#include "llad.h"
#include "llad_check.h"
#include <stdlib.h>

LLAD_NOINLINE double f(double *y, const double *x) {
  for (int i = 0; i < 2; i++)
    y[i] = x[i] * x[i];
  return y[0] + y[1];
}

typedef struct {
  double primal, shadow;
} dual;

static int forward_calls, augmented_calls, reverse_calls, tape_saves;

/* The tutorial's "general custom rule": every activity of the return and of y and x. */
static dual f_forward(const llad_config *cfg, double *y, double *dy, const double *x, const double *dx) {
  forward_calls++;
  for (int i = 0; i < 2; i++)
    y[i] = x[i] * x[i];
  if (!llad_is_const(cfg, 1) && !llad_is_const(cfg, 0)) {
    for (int i = 0; i < 2; i++)
      dy[i] = 2.0 * x[i] * dx[i];
  } else if (!llad_is_const(cfg, 0)) {
    dy[0] = dy[1] = 0.0; /* make_zero!(y.dval) */
  }
  double dret = !llad_is_const(cfg, 0) ? dy[0] + dy[1] : 0.0;
  dual r = {0.0, 0.0};
  if (llad_needs_primal(cfg))
    r.primal = y[0] + y[1];
  if (llad_needs_shadow(cfg))
    r.shadow = dret;
  return r;
}
LLAD_FORWARD_RULE(f, f_forward, "ret=const|dup|dupnoneed args=const|dup,const|dup");

typedef struct {
  double *tape; /* a copy of x when x is overwritten before the reverse */
  double primal;
} f_aug_result;

static f_aug_result f_augmented(const llad_config *cfg, double *y, double *dy, const double *x, const double *dx) {
  (void)dy, (void)dx;
  augmented_calls++;
  f_aug_result r = {NULL, 0.0};
  for (int i = 0; i < 2; i++)
    y[i] = x[i] * x[i];
  r.primal = y[0] + y[1];
  if (llad_overwritten(cfg, 1)) {
    tape_saves++;
    r.tape = malloc(2 * sizeof(double));
    r.tape[0] = x[0], r.tape[1] = x[1];
  }
  return r;
}

static void f_reverse(const llad_config *cfg, double *y, double *dy, const double *x, double *dx, double d_ret, double *tape) {
  (void)y;
  reverse_calls++;
  const double *xval = llad_overwritten(cfg, 1) ? tape : x;
  for (int i = 0; i < 2; i++) {
    dx[i] += 2.0 * xval[i] * d_ret;
    dx[i] += 2.0 * xval[i] * dy[i];
  }
  dy[0] = dy[1] = 0.0;
  free(tape);
}
LLAD_REVERSE_RULE(f, f_augmented, f_reverse, "ret=active args=dup,dup");

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

int main(void) {
  /* The seed's own calls: test_forward(g, RT, (x, Tx), (y, Ty)) passes x = [3, 1] as g's first
   * argument and y = [0, 0] as its second, so the sets are named as in the seed ("RT = Const,
   * Tx = Duplicated, Ty = Const") and every one of them passes (as in the seed: with g's second
   * argument zero, f's tangents vanish whatever the activities). */
  double x[2] = {3.0, 1.0}, y[2] = {0.0, 0.0};
  printf("f rules (the seed's calls)\n");
  int failed = llad_check_forward(g, "ret=const|dupnoneed|dup args=const|dup,const|dup", LLAD_ARRAY(x, 2), LLAD_ARRAY(y, 2));
  CHECK_CLOSE("seed.forward.failed", failed, 0, 0.0);
  /* the rule runs in the 9 sets where y or x is Duplicated (with both Const, f has no derivative) */
  CHECK_CLOSE("seed.forward.rule_ran", forward_calls, 9, 0.0);
  failed = llad_check_reverse(g, "ret=active args=dup,dup", LLAD_ARRAY(x, 2), LLAD_ARRAY(y, 2));
  CHECK_CLOSE("seed.reverse.g.failed", failed, 0, 0.0);
  failed = llad_check_reverse(h, "ret=active args=dup,dup", LLAD_ARRAY(x, 2), LLAD_ARRAY(y, 2));
  CHECK_CLOSE("seed.reverse.h.failed", failed, 0, 0.0);
  CHECK_CLOSE("seed.reverse.rules_ran", augmented_calls >= 2 && reverse_calls == augmented_calls, 1, 0.0);

  /* The calls the tutorial's text makes: g(y, x) with y = [0, 0] and x = [3, 1], where f's
   * derivatives are not zero. The forward rule gives f no tangent when y is Const (as the
   * tutorial shows: autodiff(Forward, g, Const(y), Duplicated(x, dx)) = 0): what flows through a
   * Const y is dropped, which finite differences see, in the two sets that check g's return
   * tangent with Ty = Const, Tx = Duplicated. Every other set passes. */
  printf("f rules (y = [0, 0], x = [3, 1])\n");
  failed = llad_check_forward(g, "ret=const|dupnoneed|dup args=const|dup,const|dup", LLAD_ARRAY(y, 2), LLAD_ARRAY(x, 2));
  CHECK_CLOSE("forward.failed(return tangent through a Const y)", failed, 2, 0.0);
  failed = llad_check_forward(g, "ret=const|dupnoneed|dup args=dup,const|dup", LLAD_ARRAY(y, 2), LLAD_ARRAY(x, 2));
  CHECK_CLOSE("forward.dup_y.failed", failed, 0, 0.0);
  /* (split mode: the caller may change x between the two halves, so the rule saves it for g too) */
  int saves_before = tape_saves;
  failed = llad_check_reverse(g, "ret=active args=dup,dup", LLAD_ARRAY(y, 2), LLAD_ARRAY(x, 2));
  CHECK_CLOSE("reverse.g.failed", failed, 0, 0.0);
  failed = llad_check_reverse(h, "ret=active args=dup,dup", LLAD_ARRAY(y, 2), LLAD_ARRAY(x, 2));
  CHECK_CLOSE("reverse.h.failed", failed, 0, 0.0);
  CHECK_CLOSE("reverse.tape_saves", tape_saves > saves_before, 1, 0.0);

  /* f itself with "all": its own rules' combinations (12 forward, 1 reverse); the same two sets
   * see the tangent dropped through a Const y. */
  failed = llad_check_forward(f, "all", LLAD_ARRAY(y, 2), LLAD_ARRAY(x, 2));
  CHECK_CLOSE("forward.f.all.failed(return tangent through a Const y)", failed, 2, 0.0);
  failed = llad_check_reverse(f, "all", LLAD_ARRAY(y, 2), LLAD_ARRAY(x, 2));
  CHECK_CLOSE("reverse.f.all.failed", failed, 0, 0.0);
  /* the check leaves the caller's arrays alone */
  CHECK_CLOSE("x.unchanged", x[0] * 10 + x[1], 31.0, 0.0);
  CHECK_CLOSE("y.unchanged", y[0] + y[1], 0.0, 0.0);
  return llad_report();
}
