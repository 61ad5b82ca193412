/* Every way a buffer allocated inside the differentiated code can reach the caller, who holds its
 * shadow afterwards: written through a pointer a helper returns, inside fresh memory that is
 * itself handed out, copied out of a local struct with memcpy, stored by a helper it is passed to.
 * (A helper returning it inside a struct returned by value is still a clear error: the pointer in
 * the returned struct gets no shadow.) The reverse sweep must not free those
 * shadows: run under valgrind by the harness, a shadow freed too early is read after free below,
 * and one never freed is a leak. */
#include "check.h"
#include <stdlib.h>
#include <string.h>

double __enzyme_autodiff(void *, ...);
extern int enzyme_dup, enzyme_const;

struct buffer {
  double *data;
  int n;
};

static double fill_data(double *d, double x) {
  d[0] = x * x;
  d[1] = 3 * sin(x);
  return d[0] + d[1];
}

static double expected(double x) { return 2 * x + 3 * cos(x); }

/* A: written through the slot a helper returns. */
LLAD_NOINLINE double **slot_of(struct buffer *b) { return &b->data; }
LLAD_NOINLINE double through_returned_slot(double x, struct buffer *b) {
  double *p = malloc(2 * sizeof(double));
  *slot_of(b) = p;
  b->n = 2;
  return fill_data(p, x);
}

/* B: inside fresh memory that is handed out itself. */
struct node {
  double *data;
};
LLAD_NOINLINE double inside_fresh_node(double x, struct node **out) {
  struct node *n = malloc(sizeof *n);
  n->data = malloc(2 * sizeof(double));
  *out = n;
  return fill_data(n->data, x);
}

/* C: copied out of a local struct. */
LLAD_NOINLINE double copied_out(double x, struct buffer *b) {
  struct buffer local;
  local.data = malloc(2 * sizeof(double));
  local.n = 2;
  double r = fill_data(local.data, x);
  memcpy(b, &local, sizeof local);
  return r;
}

/* D: a helper keeps it. */
LLAD_NOINLINE void keep(struct buffer *b, double *p) {
  b->data = p;
  b->n = 2;
}
LLAD_NOINLINE double kept_by_helper(double x, struct buffer *b) {
  double *p = malloc(2 * sizeof(double));
  double r = fill_data(p, x);
  keep(b, p);
  return r;
}

typedef double (*with_buffer)(double, struct buffer *);

static double primal_of(with_buffer f, double x) {
  struct buffer b = {0, 0};
  double v = f(x, &b);
  free(b.data);
  return v;
}
static double primal_a(double x) { return primal_of(through_returned_slot, x); }
static double primal_c(double x) { return primal_of(copied_out, x); }
static double primal_d(double x) { return primal_of(kept_by_helper, x); }
static double primal_b(double x) {
  struct node *n = 0;
  double v = inside_fresh_node(x, &n);
  free(n->data);
  free(n);
  return v;
}

static void check_buffer(const char *name, double dx, double x, double (*primal)(double), struct buffer *b, struct buffer *db) {
  CHECK_DERIV(NAME("%s", name), dx, expected(x), fd1(primal, x, FD_H));
  CHECK_CLOSE(NAME("%s.primal", name), b->data[0] + b->data[1], x * x + 3 * sin(x), 1e-12);
  CHECK_CLOSE(NAME("%s.shadow_handed_out", name), db->data != 0, 1, 0);
  /* read after the gradient: valgrind reports it if the reverse sweep freed the shadow */
  CHECK_CLOSE(NAME("%s.adjoints_consumed", name), db->data ? db->data[0] + db->data[1] : -1, 0, 0);
  free(b->data);
  free(db->data);
}

int main(void) {
  double x = 0.8;
  struct buffer b = {0, 0}, db = {0, 0};
  double dx = __enzyme_autodiff((void *)through_returned_slot, x, enzyme_dup, &b, &db);
  check_buffer("returned_slot", dx, x, primal_a, &b, &db);

  struct buffer c = {0, 0}, dc = {0, 0};
  dx = __enzyme_autodiff((void *)copied_out, x, enzyme_dup, &c, &dc);
  check_buffer("memcpy_out", dx, x, primal_c, &c, &dc);

  struct buffer d = {0, 0}, dd = {0, 0};
  dx = __enzyme_autodiff((void *)kept_by_helper, x, enzyme_dup, &d, &dd);
  check_buffer("kept_by_helper", dx, x, primal_d, &d, &dd);

  struct node *n = 0, *dn = 0;
  dx = __enzyme_autodiff((void *)inside_fresh_node, x, enzyme_dup, &n, &dn);
  CHECK_DERIV("fresh_node", dx, expected(x), fd1(primal_b, x, FD_H));
  CHECK_CLOSE("fresh_node.shadow_handed_out", dn != 0 && dn->data != 0, 1, 0);
  CHECK_CLOSE("fresh_node.adjoints_consumed", dn && dn->data ? dn->data[0] + dn->data[1] : -1, 0, 0);
  free(n->data);
  free(n);
  if (dn) {
    free(dn->data);
    free(dn);
  }
  return llad_report();
}
