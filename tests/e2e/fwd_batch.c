/* Batched forward mode (enzyme_width): one call computes several directional derivatives, e.g. a
 * whole gradient of a small function or a full Jacobian column set, through a callee and a loop. */
#include "check.h"

extern int enzyme_width;
typedef struct { double d0, d1; } D2;
D2 __enzyme_fwddiff_d2(void *, ...);
typedef struct { double d0, d1, d2; } D3;
D3 __enzyme_fwddiff_d3(void *, ...);

LLAD_NOINLINE double sq(double x) { return x * x; }
LLAD_NOINLINE double fun(double x, double y) { return sin(x) * sq(y) + x / y; }
LLAD_NOINLINE double cubes(const double *x, int n) {
  double s = 0;
  for (int i = 0; i < n; i++)
    s += x[i] * x[i] * x[i] * (1.0 + 0.1 * i);
  return s;
}

static double fun_x(double x) { return fun(x, 1.3); }
static double fun_y(double y) { return fun(0.7, y); }

int main(void) {
  double x = 0.7, y = 1.3;
  D2 d = __enzyme_fwddiff_d2((void *)fun, enzyme_width, 2, x, 1.0, 0.0, y, 0.0, 1.0);
  CHECK_DERIV("batch.dfun/dx", d.d0, cos(x) * y * y + 1 / y, fd1(fun_x, x, FD_H));
  CHECK_DERIV("batch.dfun/dy", d.d1, sin(x) * 2 * y - x / (y * y), fd1(fun_y, y, FD_H));
  double v[3] = {1.0, -2.0, 0.5}, e0[3] = {1, 0, 0}, e1[3] = {0, 1, 0}, e2[3] = {0, 0, 1};
  D3 g = __enzyme_fwddiff_d3((void *)cubes, enzyme_width, 3, enzyme_dup, v, e0, e1, e2, enzyme_const, 3);
  double got[3] = {g.d0, g.d1, g.d2};
  for (int j = 0; j < 3; j++) {
    double vp[3] = {v[0], v[1], v[2]}, vm[3] = {v[0], v[1], v[2]};
    vp[j] += FD_H;
    vm[j] -= FD_H;
    CHECK_DERIV(NAME("batch.dcubes/dx[%d]", j), got[j], 3 * v[j] * v[j] * (1.0 + 0.1 * j), (cubes(vp, 3) - cubes(vm, 3)) / (2 * FD_H));
  }
  return llad_report();
}
