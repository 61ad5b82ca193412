/* A callee that overwrites an array it reaches through a pointer kept in memory (a local variable
 * holding the array, a struct with a pointer field): the caller read the array before the call,
 * and the reverse must use the values it read, not the ones the callee left behind. (An OpenMP
 * region's captured variables are such slots; so is a `State *` updated in place.) */
#include "check.h"
#include <stdlib.h>

double __enzyme_autodiff(void *, ...);

#define N 5

LLAD_NOINLINE void squash_held(double **pp, int n) {
  for (int i = 0; i < n; i++)
    (*pp)[i] = 0.5 * sin((*pp)[i]);
}

/* s = sum x^2 (before), then x <- 0.5 sin x through a slot, then s += sum x */
double through_slot(double *x, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++)
    s += x[i] * x[i];
  double *slot[1] = {x};
  squash_held(slot, n);
  for (int i = 0; i < n; i++)
    s += x[i];
  return s;
}

typedef struct {
  double *u;
  int n;
} State;

LLAD_NOINLINE void decay(State *st) {
  for (int i = 0; i < st->n; i++)
    st->u[i] = st->u[i] * exp(-st->u[i]);
}

/* s = sum u^3, then u <- u e^-u through the state, twice, then s += sum u^2 */
double through_state(double *u, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++)
    s += u[i] * u[i] * u[i];
  State st = {u, n};
  decay(&st);
  decay(&st);
  for (int i = 0; i < n; i++)
    s += u[i] * u[i];
  return s;
}

/* The array reached through an accessor's result, and two levels down through the heap. */
LLAD_NOINLINE double *first(State *st) { return st->u; }
LLAD_NOINLINE void scale_via_accessor(State *st, double k) {
  double *p = first(st);
  for (int i = 0; i < st->n; i++)
    p[i] *= k;
}
typedef struct {
  State *state;
} Holder;
LLAD_NOINLINE void scale_two_down(Holder *h, double k) {
  for (int i = 0; i < h->state->n; i++)
    h->state->u[i] *= k;
}
/* s = sum u^2, then u <- 3u (accessor), u <- 0.5u (two levels down), then s += sum u */
double through_levels(double *u, int n) {
  double s = 0.0;
  for (int i = 0; i < n; i++)
    s += u[i] * u[i];
  State st = {u, n};
  scale_via_accessor(&st, 3.0);
  State *heap = malloc(sizeof *heap);
  heap->u = u, heap->n = n;
  Holder h = {heap};
  scale_two_down(&h, 0.5);
  free(heap);
  for (int i = 0; i < n; i++)
    s += u[i];
  return s;
}

static double x0[N] = {0.3, -0.4, 1.1, 0.05, 0.8};
static int which;
static double eval(const double *x) {
  double y[N];
  memcpy(y, x, sizeof y);
  return which == 0 ? through_slot(y, N) : which == 1 ? through_state(y, N) : through_levels(y, N);
}

int main(void) {
  double x[N], dx[N] = {0};
  memcpy(x, x0, sizeof x);
  __enzyme_autodiff((void *)through_slot, enzyme_dup, x, dx, enzyme_const, N);
  double probe[N];
  memcpy(probe, x0, sizeof probe);
  which = 0;
  for (int i = 0; i < N; i++) {
    double a = x0[i];
    CHECK_DERIV(NAME("slot.dx[%d]", i), dx[i], 2.0 * a + 0.5 * cos(a), fd_coord(eval, probe, i));
  }

  memcpy(x, x0, sizeof x);
  memset(dx, 0, sizeof dx);
  __enzyme_autodiff((void *)through_state, enzyme_dup, x, dx, enzyme_const, N);
  which = 1;
  for (int i = 0; i < N; i++) {
    double a = x0[i], b = a * exp(-a), c = b * exp(-b);
    double db = (1.0 - a) * exp(-a), dc = (1.0 - b) * exp(-b) * db;
    CHECK_DERIV(NAME("state.du[%d]", i), dx[i], 3.0 * a * a + 2.0 * c * dc, fd_coord(eval, probe, i));
  }

  memcpy(x, x0, sizeof x);
  memset(dx, 0, sizeof dx);
  __enzyme_autodiff((void *)through_levels, enzyme_dup, x, dx, enzyme_const, N);
  which = 2;
  for (int i = 0; i < N; i++)
    CHECK_DERIV(NAME("levels.du[%d]", i), dx[i], 2.0 * x0[i] + 1.5, fd_coord(eval, probe, i));
  return llad_report();
}
