/* A differentiated function allocates a buffer (itself, or in a helper it calls) and hands it to
 * the caller through a struct the caller passes with a shadow: the shadow struct receives the
 * buffer's shadow, which must stay valid after the gradient (the caller frees both, as with
 * Enzyme). A buffer the helper allocates and the function frees again must not leak its shadow.
 * Run under valgrind by the harness: a shadow freed by the reverse sweep would be read after free
 * here, and a shadow never freed would be a leak. */
#include "check.h"
#include <stdlib.h>

double __enzyme_autodiff(void *, ...);
extern int enzyme_dup, enzyme_const;

struct buffer {
  double *data;
  int n;
};

LLAD_NOINLINE double fill(double x, struct buffer *b) {
  b->data = malloc(2 * sizeof(double));
  b->n = 2;
  b->data[0] = x * x;
  b->data[1] = 3 * sin(x);
  return b->data[0] + b->data[1];
}

LLAD_NOINLINE void make(struct buffer *b, int n) {
  b->data = malloc(n * sizeof(double));
  b->n = n;
}

/* The helper allocates; the buffer goes to the caller. */
LLAD_NOINLINE double fill_via_helper(double x, struct buffer *b) {
  make(b, 2);
  b->data[0] = x * x;
  b->data[1] = 3 * sin(x);
  return b->data[0] + b->data[1];
}

/* The helper allocates; this function frees the buffer before returning. */
LLAD_NOINLINE double fill_and_free(double x, struct buffer *b) {
  make(b, 2);
  b->data[0] = x * x;
  b->data[1] = 3 * sin(x);
  double r = b->data[0] * b->data[1];
  free(b->data);
  b->data = 0;
  return r;
}

static double value_via_helper(double x) {
  struct buffer b;
  double v = fill_via_helper(x, &b);
  free(b.data);
  return v;
}

static double value_freed(double x) {
  struct buffer b;
  return fill_and_free(x, &b);
}

static double value(double x) {
  struct buffer b;
  double v = fill(x, &b);
  free(b.data);
  return v;
}

int main(void) {
  double x = 0.8;
  struct buffer b = {0, 0}, db = {0, 0};
  double dx = __enzyme_autodiff((void *)fill, x, enzyme_dup, &b, &db);
  CHECK_DERIV("through the handed-out buffer", dx, 2 * x + 3 * cos(x), fd1(value, x, FD_H));
  CHECK_CLOSE("primal buffer", b.data[0] + b.data[1], x * x + 3 * sin(x), 1e-12);
  CHECK_CLOSE("shadow buffer handed out too", db.data != 0, 1, 0);
  CHECK_CLOSE("its adjoints were consumed", db.data ? db.data[0] + db.data[1] : -1, 0, 0);
  free(b.data);
  free(db.data);

  struct buffer c = {0, 0}, dc = {0, 0};
  dx = __enzyme_autodiff((void *)fill_via_helper, x, enzyme_dup, &c, &dc);
  CHECK_DERIV("helper's buffer handed out", dx, 2 * x + 3 * cos(x), fd1(value_via_helper, x, FD_H));
  CHECK_CLOSE("helper's shadow handed out too", dc.data != 0, 1, 0);
  CHECK_CLOSE("its adjoints were consumed", dc.data ? dc.data[0] + dc.data[1] : -1, 0, 0);
  free(c.data);
  free(dc.data);

  struct buffer e = {0, 0}, de = {0, 0};
  dx = __enzyme_autodiff((void *)fill_and_free, x, enzyme_dup, &e, &de);
  CHECK_DERIV("helper's buffer freed by the function", dx, 2 * x * 3 * sin(x) + x * x * 3 * cos(x), fd1(value_freed, x, FD_H));
  return llad_report();
}
