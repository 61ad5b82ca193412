/* __enzyme_batch: a function evaluated on N lanes of arguments in one request, results side by side
 * (struct returned in registers, through memory, floats, void with per-lane pointers), arguments
 * per lane, shared (enzyme_scalar) or strided through one buffer (enzyme_buffer). Last, a batch
 * inside a differentiated function: its forward derivative is checked against the analytic one. */
#include "check.h"

extern int enzyme_width, enzyme_scalar, enzyme_vector, enzyme_buffer;
typedef struct { double d0, d1; } D2;
typedef struct { double d0, d1, d2, d3; } D4;
typedef struct { float f0, f1, f2, f3; } F4;
D2 __enzyme_batch_d2(void *, ...);
D4 __enzyme_batch_d4(void *, ...);
F4 __enzyme_batch_f4(void *, ...);
void __enzyme_batch_void(void *, ...);

LLAD_NOINLINE double poly(double x, double a) { return a * x * x + sin(x); }
LLAD_NOINLINE float halve(float x, long k) { return x / (float)(2 * k); }
LLAD_NOINLINE void scale(double *p, double k) {
  p[0] *= k;
  p[1] += k;
}
LLAD_NOINLINE double lanes_sum(double x) {
  D2 r = __enzyme_batch_d2((void *)poly, enzyme_width, 2, x, 2 * x, enzyme_scalar, 1.5);
  return r.d0 + 3 * r.d1;
}

int main(void) {
  D4 four = __enzyme_batch_d4((void *)poly, enzyme_width, 4, enzyme_vector, 0.1, 0.2, 0.3, 0.4, enzyme_vector, 1.0, 2.0, 3.0, 4.0);
  double got4[4] = {four.d0, four.d1, four.d2, four.d3};
  for (int i = 0; i < 4; i++)
    CHECK_CLOSE(NAME("batch4.lane%d", i), got4[i], poly(0.1 * (i + 1), i + 1.0), 1e-12);

  D2 two = __enzyme_batch_d2((void *)poly, enzyme_width, 2, 0.5, -0.5, enzyme_scalar, 3.0);
  CHECK_CLOSE("batch2.lane0", two.d0, poly(0.5, 3.0), 1e-12);
  CHECK_CLOSE("batch2.lane1", two.d1, poly(-0.5, 3.0), 1e-12);

  F4 fl = __enzyme_batch_f4((void *)halve, enzyme_width, 4, 1.0f, 2.0f, 3.0f, 4.0f, enzyme_scalar, 2);
  float gotf[4] = {fl.f0, fl.f1, fl.f2, fl.f3};
  for (int i = 0; i < 4; i++)
    CHECK_CLOSE(NAME("float.lane%d", i), gotf[i], (i + 1) / 4.0, 1e-7);

  double a[2] = {1, 2}, b[2] = {3, 4}, c[2] = {5, 6};
  __enzyme_batch_void((void *)scale, enzyme_width, 3, a, b, c, enzyme_scalar, 2.0);
  CHECK_CLOSE("pointers.a", a[0] * 10 + a[1], 2 * 10 + 4, 1e-12);
  CHECK_CLOSE("pointers.c", c[0] * 10 + c[1], 10 * 10 + 8, 1e-12);

  double rows[3][2] = {{1, 1}, {2, 2}, {3, 3}};
  __enzyme_batch_void((void *)scale, enzyme_width, 3, enzyme_buffer, (long)sizeof rows[0], &rows[0][0], enzyme_vector, 1.0, 2.0, 3.0);
  for (int i = 0; i < 3; i++)
    CHECK_CLOSE(NAME("buffer.row%d", i), rows[i][0] * 10 + rows[i][1], (i + 1.0) * (i + 1) * 10 + (i + 1) + (i + 1), 1e-12);

  double x = 0.3;
  double analytic = (2 * 1.5 * x + cos(x)) + 3 * 2 * (2 * 1.5 * 2 * x + cos(2 * x));
  CHECK_DERIV("derivative through a batch", __enzyme_fwddiff((void *)lanes_sum, x, 1.0), analytic, fd1(lanes_sum, x, FD_H));
  return llad_report();
}
