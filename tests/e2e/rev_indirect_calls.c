/* Calls through function pointers inside differentiated code: a callback argument chosen at run
 * time, a table of operations in a struct (C's virtual calls), an integrator stepping a
 * right-hand side given by pointer, and an allocator kept in a global. Reverse and forward mode,
 * checked against analytic derivatives and finite differences. */
#include "check.h"
#include <stdlib.h>

typedef double (*unary)(double);
LLAD_NOINLINE double cube(double x) { return x * x * x; }
LLAD_NOINLINE double wave(double x) { return sin(2 * x); }

/* apply(f, x) = f(x) + f(x)^2, with f picked by the caller */
LLAD_NOINLINE double apply(unary f, double x) {
  double y = f(x);
  return y + y * y;
}
static int pick;
LLAD_NOINLINE double chosen(double x) { return apply(pick ? wave : cube, x); }

/* shapes with an area "method" */
struct shape;
struct shape_ops { double (*area)(const struct shape *); };
struct shape { const struct shape_ops *ops; double size; };
LLAD_NOINLINE double square_area(const struct shape *s) { return s->size * s->size; }
LLAD_NOINLINE double disc_area(const struct shape *s) { return 3.14159 * s->size * s->size; }
static const struct shape_ops square_ops = {square_area}, disc_ops = {disc_area};
LLAD_NOINLINE double total_area(const struct shape *s, int n) {
  double a = 0;
  for (int i = 0; i < n; i++)
    a += s[i].ops->area(&s[i]);
  return a;
}

/* explicit Euler for y' = rhs(y, k) */
typedef double (*rhs_fn)(double, double);
LLAD_NOINLINE double decay(double y, double k) { return -k * y; }
LLAD_NOINLINE double logistic(double y, double k) { return k * y * (1 - y); }
LLAD_NOINLINE double integrate(rhs_fn rhs, double y0, double k) {
  double y = y0;
  for (int i = 0; i < 20; i++)
    y += 0.05 * rhs(y, k);
  return y;
}
static rhs_fn model = logistic;
LLAD_NOINLINE double run_model(double k) { return integrate(model, 0.1, k); }

/* scratch memory from an allocator kept in a global */
static void *(*allocate)(size_t) = malloc;
LLAD_NOINLINE double via_allocator(double x) {
  double *t = allocate(2 * sizeof(double));
  t[0] = x * x;
  t[1] = sin(t[0]);
  double r = t[0] * t[1];
  free(t);
  return r;
}

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
extern int enzyme_const, enzyme_dup;

static double euler_fd(double k) { return run_model(k); }

int main(void) {
  for (pick = 0; pick < 2; pick++) {
    double x = 0.7;
    double y = pick ? sin(2 * x) : x * x * x, dy = pick ? 2 * cos(2 * x) : 3 * x * x;
    double analytic = dy * (1 + 2 * y);
    CHECK_DERIV(NAME("callback[%d].reverse", pick), __enzyme_autodiff((void *)chosen, x), analytic, fd1(chosen, x, FD_H));
    CHECK_DERIV(NAME("callback[%d].forward", pick), __enzyme_fwddiff((void *)chosen, x, 1.0), analytic, fd1(chosen, x, FD_H));
  }

  struct shape s[3] = {{&square_ops, 1.5}, {&disc_ops, 0.5}, {&square_ops, 2.0}};
  struct shape ds[3] = {{&square_ops, 0}, {&disc_ops, 0}, {&square_ops, 0}};
  __enzyme_autodiff((void *)total_area, enzyme_dup, s, ds, enzyme_const, 3);
  double expected[3] = {2 * 1.5, 2 * 3.14159 * 0.5, 2 * 2.0};
  for (int i = 0; i < 3; i++)
    CHECK_CLOSE(NAME("virtual.reverse[%d]", i), ds[i].size, expected[i], 1e-9);
  struct shape ts[3] = {{&square_ops, 1}, {&disc_ops, 1}, {&square_ops, 1}};
  double fwd = __enzyme_fwddiff((void *)total_area, enzyme_dup, s, ts, enzyme_const, 3);
  CHECK_CLOSE("virtual.forward", fwd, expected[0] + expected[1] + expected[2], 1e-9);

  for (int m = 0; m < 2; m++) {
    model = m ? decay : logistic;
    double k = 1.3;
    CHECK_DERIV(NAME("integrator[%d].reverse", m), __enzyme_autodiff((void *)run_model, k), fd1(euler_fd, k, FD_H), fd1(euler_fd, k, FD_H));
    CHECK_DERIV(NAME("integrator[%d].forward", m), __enzyme_fwddiff((void *)run_model, k, 1.0), fd1(euler_fd, k, FD_H), fd1(euler_fd, k, FD_H));
  }

  double x = 0.9, u = x * x;
  double analytic = 2 * x * (sin(u) + u * cos(u));
  CHECK_DERIV("allocator.reverse", __enzyme_autodiff((void *)via_allocator, x), analytic, fd1(via_allocator, x, FD_H));
  CHECK_DERIV("allocator.forward", __enzyme_fwddiff((void *)via_allocator, x, 1.0), analytic, fd1(via_allocator, x, FD_H));
  return llad_report();
}
