/* Local arrays and structs on the stack (allocas, most visible at -O0), and a VLA. */
#include "check.h"

LLAD_NOINLINE double powers(double x) {
  double pw[6];
  pw[0] = 1.0;
  for (int i = 1; i < 6; i++)
    pw[i] = pw[i - 1] * x;
  double s = 0.0;
  for (int i = 0; i < 6; i++)
    s += pw[i] * (i + 1); /* sum (i+1) x^i */
  return s;
}

LLAD_NOINLINE double local_struct(double x, double y) {
  struct { double a[3]; double b; } loc;
  loc.a[0] = x;
  loc.a[1] = y;
  loc.a[2] = x * y;
  double *p = &loc.a[1];
  loc.b = p[-1] * p[1] + p[0];
  return loc.b * loc.a[2];
}

LLAD_NOINLINE double vla(double x, int n) {
  double v[n];
  for (int i = 0; i < n; i++)
    v[i] = x + i;
  double s = 0.0;
  for (int i = n - 1; i >= 0; i--)
    s = s * 0.5 + v[i] * v[i];
  return s;
}
static double dvla(double x, int n) {
  double s = 0.0, ds = 0.0;
  for (int i = n - 1; i >= 0; i--) {
    ds = ds * 0.5 + 2.0 * (x + i);
    s = s * 0.5 + (x + i) * (x + i);
  }
  return ds;
}

int main(void) {
  double x = 0.6, y = -1.4, h = FD_H;
  CHECK_DERIV("alloca.powers", __enzyme_fwddiff((void *)powers, x, 1.0),
              2 + 6 * x + 12 * x * x + 20 * x * x * x + 30 * x * x * x * x, fd1(powers, x, h));
  /* local_struct = (x*x*y + y) * x*y = x^3 y^2 + x y^2 */
  CHECK_DERIV("alloca.local_struct.d/dx", __enzyme_fwddiff((void *)local_struct, x, 1.0, y, 0.0),
              3 * x * x * y * y + y * y, (local_struct(x + h, y) - local_struct(x - h, y)) / (2 * h));
  CHECK_DERIV("alloca.local_struct.d/dy", __enzyme_fwddiff((void *)local_struct, x, 0.0, y, 1.0),
              2 * x * x * x * y + 2 * x * y, (local_struct(x, y + h) - local_struct(x, y - h)) / (2 * h));
  CHECK_DERIV("alloca.vla(n=9)", __enzyme_fwddiff((void *)vla, x, 1.0, 9), dvla(x, 9),
              (vla(x + h, 9) - vla(x - h, 9)) / (2 * h));
  return llad_report();
}
