/* A loop-carried recurrence x_{k+1} = sin(x_k) + a x_k over 50 steps:
 * the reverse sweep needs every x_k (taped). */
#include "check.h"

typedef struct { double dx0, da; } D2;
D2 __enzyme_autodiff_d2(void *, double, double);

#define STEPS 50
LLAD_NOINLINE double rec(double x, double a) {
  for (int k = 0; k < STEPS; k++)
    x = sin(x) + a * x;
  return x;
}

static double other;
static double rec_x(double x) { return rec(x, other); }
static double rec_a(double a) { return rec(other, a); }

int main(void) {
  const double pts[3][2] = {{0.3, 0.5}, {-1.0, 0.8}, {2.0, -0.4}};
  for (int i = 0; i < 3; i++) {
    double x0 = pts[i][0], a = pts[i][1];
    /* tangents of the recurrence, by hand */
    double x = x0, sx = 1.0, sa = 0.0;
    for (int k = 0; k < STEPS; k++) {
      double j = cos(x) + a;
      sa = j * sa + x;
      sx = j * sx;
      x = sin(x) + a * x;
    }
    D2 d = __enzyme_autodiff_d2((void *)rec, x0, a);
    other = a;
    CHECK_DERIV(NAME("recurrence.dx0(%g,%g)", x0, a), d.dx0, sx, fd1(rec_x, x0, FD_H));
    other = x0;
    CHECK_DERIV(NAME("recurrence.da(%g,%g)", x0, a), d.da, sa, fd1(rec_a, a, FD_H));
  }
  return llad_report();
}
