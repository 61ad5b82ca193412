/* Branches in reverse mode: if/else on active values, a ternary, and a branch
 * on an integer argument; each side is exercised. */
#include "check.h"

typedef struct { double dx, dy; } D2;
D2 __enzyme_autodiff_d2(void *, ...);
double __enzyme_autodiff(void *, ...);

LLAD_NOINLINE double br(double x, double y) {
  double r;
  if (x > y)
    r = x * x * y;
  else
    r = sin(x) + y * y * y;
  r += (x > 0.0) ? exp(-x) : x * x;
  return r;
}

LLAD_NOINLINE double by_mode(double x, int mode) {
  double t = x * 0.5;
  if (mode & 1)
    t = t * t;
  if (mode & 2)
    t = cos(t) * x;
  return t + x;
}

static double other;
static int gmode;
static double br_x(double x) { return br(x, other); }
static double br_y(double y) { return br(other, y); }
static double mode_x(double x) { return by_mode(x, gmode); }

int main(void) {
  const double pts[4][2] = {{1.5, 0.5}, {-0.5, 1.0}, {0.3, 2.0}, {-1.0, -2.0}};
  for (int i = 0; i < 4; i++) {
    double x = pts[i][0], y = pts[i][1];
    D2 d = __enzyme_autodiff_d2((void *)br, x, y);
    double ax = (x > y ? 2.0 * x * y : cos(x)) + (x > 0.0 ? -exp(-x) : 2.0 * x);
    double ay = x > y ? x * x : 3.0 * y * y;
    other = y;
    CHECK_DERIV(NAME("branch.dx(%g,%g)", x, y), d.dx, ax, fd1(br_x, x, FD_H));
    other = x;
    CHECK_DERIV(NAME("branch.dy(%g,%g)", x, y), d.dy, ay, fd1(br_y, y, FD_H));
  }
  for (int mode = 0; mode < 4; mode++) {
    double x = 1.3, t = 0.5 * x, dt = 0.5;
    if (mode & 1)
      dt = 2.0 * t * dt, t = t * t;
    if (mode & 2)
      dt = -sin(t) * dt * x + cos(t), t = cos(t) * x;
    gmode = mode;
    CHECK_DERIV(NAME("branch.mode%d", mode), __enzyme_autodiff((void *)by_mode, x, mode),
                dt + 1.0, fd1(mode_x, x, FD_H));
  }
  return llad_report();
}
