/* A differentiated function allocates a buffer and hands it to the caller through a struct the
 * caller passes with a shadow: the shadow struct receives the buffer's shadow, which must stay
 * valid after the gradient (the caller frees both, as with Enzyme). Run under valgrind by the
 * harness: a shadow freed by the reverse sweep would be read after free here. */
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
  return llad_report();
}
