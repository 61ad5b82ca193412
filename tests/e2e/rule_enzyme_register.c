/* Enzyme's registration globals, unchanged from an Enzyme program (no llad.h):
 *   __enzyme_register_derivative_f = {f, f_fwd}       forward rule, every argument has a shadow slot
 *   __enzyme_register_gradient_f   = {f, f_aug, f_rev} augmented/reverse rules, non-float args have slots
 *   __enzyme_inactivefn_log        = {log_call}       an inactive function
 * with the seed tutorial's numbers: forward of g = f(y, x)^2 gives 120, dy = [6, 0]; reverse of g
 * and of h (which overwrites x after calling f) gives dx = [120, 40], dy = [0, 0]. Enzyme-form
 * rules get no config, so the augmented rule always saves x on its tape; the reverse rule frees it.
 * Then requests made on f itself, in every mode: forward (df = 6), combined reverse and split mode
 * (__enzyme_augmentfwd, x overwritten, __enzyme_reverse with the rule's tape): with the return
 * seeded 1 and dy = [0.5, 0], dx = 2 x (1 + dy) = [9, 2]. The rules count their calls, so a request
 * answered by differentiating f's body instead fails. */
#include <stdlib.h>
#include "check.h"

void __enzyme_autodiff_v(void *, ...);
typedef struct {
  void *tape;
  double primal;
} aug_result;
aug_result __enzyme_augmentfwd(void *, ...);
void __enzyme_reverse(void *, ...);

static int log_calls;
LLAD_NOINLINE void log_call(double v) {
  log_calls++;
  printf("log_call(%g)\n", v);
}
void *__enzyme_inactivefn_log[] = {(void *)log_call};

LLAD_NOINLINE double f(double *y, const double *x) {
  for (int i = 0; i < 2; i++)
    y[i] = x[i] * x[i];
  return y[0] + y[1];
}

typedef struct {
  double primal, shadow;
} dual;

static int fwd_calls, aug_calls, rev_calls;

dual f_fwd(double *y, double *dy, const double *x, const double *dx) {
  fwd_calls++;
  double ret = f(y, x);
  for (int i = 0; i < 2; i++)
    dy[i] = 2.0 * x[i] * dx[i];
  return (dual){ret, dy[0] + dy[1]};
}

aug_result f_aug(double *y, double *dy, const double *x, const double *dx) {
  (void)dy, (void)dx;
  aug_calls++;
  double *saved = malloc(2 * sizeof(double));
  saved[0] = x[0], saved[1] = x[1];
  return (aug_result){saved, f(y, x)};
}

void f_rev(double *y, double *dy, const double *x, double *dx, double d_ret, void *tape) {
  (void)y, (void)x;
  rev_calls++;
  const double *xval = tape;
  for (int i = 0; i < 2; i++)
    dx[i] += 2.0 * xval[i] * (d_ret + dy[i]);
  dy[0] = dy[1] = 0.0;
  free(tape);
}

void *__enzyme_register_derivative_f[2] = {(void *)f, (void *)f_fwd};
void *__enzyme_register_gradient_f[3] = {(void *)f, (void *)f_aug, (void *)f_rev};

double g(double *y, double *x) {
  double r = f(y, x);
  log_call(r);
  return r * r;
}

double h(double *y, double *x) {
  double ret = f(y, x);
  for (int i = 0; i < 2; i++)
    x[i] = x[i] * x[i];
  return ret * (y[0] + y[1]);
}

static double f_mut(double *y, double *x) { return f(y, x); }

static double fd(double (*fn)(double *, double *), int i) {
  double y[2], xp[2] = {3.0, 1.0}, xm[2] = {3.0, 1.0};
  xp[i] += FD_H;
  xm[i] -= FD_H;
  double fp = fn(y, xp), fm = fn(y, xm);
  return (fp - fm) / (2.0 * FD_H);
}

static void check_rev(const char *name, double (*fn)(double *, double *), const double *dx, const double *dy) {
  printf("%s: dx = [%g, %g], dy = [%g, %g]\n", name, dx[0], dx[1], dy[0], dy[1]);
  CHECK_CLOSE(NAME("%s.dx[0]", name), dx[0], 120.0, 1e-12);
  CHECK_CLOSE(NAME("%s.dx[1]", name), dx[1], 40.0, 1e-12);
  CHECK_CLOSE(NAME("%s.dy[0]", name), dy[0], 0.0, 1e-12);
  CHECK_CLOSE(NAME("%s.dy[1]", name), dy[1], 0.0, 1e-12);
  CHECK_DERIV(NAME("%s.dx[0].deriv", name), dx[0], 120.0, fd(fn, 0));
  CHECK_DERIV(NAME("%s.dx[1].deriv", name), dx[1], 40.0, fd(fn, 1));
}

int main(void) {
  /* forward: the registered derivative */
  double x[2] = {3.0, 1.0}, dx[2] = {1.0, 0.0};
  double y[2] = {0.0, 0.0}, dy[2] = {0.0, 0.0};
  double dg = __enzyme_fwddiff((void *)g, enzyme_dup, y, dy, enzyme_dup, x, dx);
  printf("g forward: dg = %g, dy = [%g, %g]; fwd %d aug %d rev %d\n", dg, dy[0], dy[1], fwd_calls, aug_calls, rev_calls);
  CHECK_CLOSE("fwd.g.dg", dg, 120.0, 1e-12);
  CHECK_CLOSE("fwd.g.dy[0]", dy[0], 6.0, 1e-12);
  CHECK_CLOSE("fwd.g.dy[1]", dy[1], 0.0, 1e-12);
  CHECK_CLOSE("fwd.g.y[0].primal", y[0], 9.0, 1e-12);
  CHECK_CLOSE("fwd.g.fwd_calls", fwd_calls, 1, 0.0);
  CHECK_CLOSE("fwd.g.aug_calls", aug_calls, 0, 0.0);
  CHECK_CLOSE("fwd.g.log_calls", log_calls, 1, 0.0);
  double yp[2], xp[2] = {3.0 + FD_H, 1.0}, xm[2] = {3.0 - FD_H, 1.0};
  int logs = log_calls;
  CHECK_DERIV("fwd.g.dg.deriv", dg, 120.0, (g(yp, xp) - g(yp, xm)) / (2.0 * FD_H));
  log_calls = logs;

  /* reverse: the registered augmented + reverse rules */
  double x1[2] = {3.0, 1.0}, dx1[2] = {0.0, 0.0}, y1[2] = {0.0, 0.0}, dy1[2] = {0.0, 0.0};
  __enzyme_autodiff_v((void *)g, enzyme_dup, y1, dy1, enzyme_dup, x1, dx1);
  CHECK_CLOSE("rev.g.log_calls", log_calls, 2, 0.0); /* the primal's call, once */
  check_rev("rev.g", g, dx1, dy1);
  CHECK_CLOSE("rev.g.aug_calls", aug_calls, 1, 0.0);
  CHECK_CLOSE("rev.g.rev_calls", rev_calls, 1, 0.0);
  CHECK_CLOSE("rev.g.fwd_calls", fwd_calls, 1, 0.0);

  double x2[2] = {3.0, 1.0}, dx2[2] = {0.0, 0.0}, y2[2] = {0.0, 0.0}, dy2[2] = {0.0, 0.0};
  __enzyme_autodiff_v((void *)h, enzyme_dup, y2, dy2, enzyme_dup, x2, dx2);
  check_rev("rev.h", h, dx2, dy2);
  CHECK_CLOSE("rev.h.x[0].primal_inplace", x2[0], 9.0, 1e-12);
  CHECK_CLOSE("rev.h.aug_calls", aug_calls, 2, 0.0);
  CHECK_CLOSE("rev.h.rev_calls", rev_calls, 2, 0.0);

  /* requests on f itself: forward, tangent only */
  double x3[2] = {3.0, 1.0}, dx3[2] = {1.0, 0.0}, y3[2] = {0.0, 0.0}, dy3[2] = {0.0, 0.0};
  double df = __enzyme_fwddiff((void *)f, enzyme_dup, y3, dy3, enzyme_dup, x3, dx3);
  CHECK_DERIV("fwd.f.df", df, 6.0, fd(f_mut, 0));
  CHECK_CLOSE("fwd.f.y[0].primal", y3[0], 9.0, 1e-12);
  CHECK_CLOSE("fwd.f.fwd_calls", fwd_calls, 2, 0.0);

  /* combined reverse on f */
  double x4[2] = {3.0, 1.0}, dx4[2] = {0.0, 0.0}, y4[2] = {0.0, 0.0}, dy4[2] = {0.5, 0.0};
  __enzyme_autodiff_v((void *)f, enzyme_dup, y4, dy4, enzyme_dup, x4, dx4);
  CHECK_DERIV("rev.f.dx[0]", dx4[0], 9.0, 1.5 * fd(f_mut, 0));
  CHECK_DERIV("rev.f.dx[1]", dx4[1], 2.0, fd(f_mut, 1));
  CHECK_CLOSE("rev.f.dy[0]", dy4[0], 0.0, 0.0);
  CHECK_CLOSE("rev.f.aug_calls", aug_calls, 3, 0.0);
  CHECK_CLOSE("rev.f.rev_calls", rev_calls, 3, 0.0);

  /* split mode on f: x is overwritten between the halves; the rule's tape kept it */
  double x5[2] = {3.0, 1.0}, dx5[2] = {0.0, 0.0}, y5[2] = {0.0, 0.0}, dy5[2] = {0.5, 0.0};
  aug_result aug = __enzyme_augmentfwd((void *)f, enzyme_dup, y5, dy5, enzyme_dup, x5, dx5);
  CHECK_CLOSE("split.f.primal", aug.primal, 10.0, 1e-12);
  x5[0] = x5[1] = -7.0;
  __enzyme_reverse((void *)f, enzyme_dup, y5, dy5, enzyme_dup, x5, dx5, 1.0, aug.tape);
  CHECK_DERIV("split.f.dx[0]", dx5[0], 9.0, 1.5 * fd(f_mut, 0));
  CHECK_DERIV("split.f.dx[1]", dx5[1], 2.0, fd(f_mut, 1));
  CHECK_CLOSE("split.f.dy[0]", dy5[0], 0.0, 0.0);
  CHECK_CLOSE("split.f.aug_calls", aug_calls, 4, 0.0);
  CHECK_CLOSE("split.f.rev_calls", rev_calls, 4, 0.0);
  return llad_report();
}
