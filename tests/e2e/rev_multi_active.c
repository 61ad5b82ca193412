/* Several active scalars: the adjoints come back as a struct, in argument
 * order; a prototype returning double gets the first adjoint. */
#include "check.h"

typedef struct { double dx, dy; } D2;
typedef struct { double dx, dy, dz; } D3; /* unused here: 24 bytes is returned via sret, see pending/rev_sret_d3.c */
D2 __enzyme_autodiff_d2(void *, double, double);
D2 __enzyme_autodiff_d2v(void *, ...); /* with markers */
double __enzyme_autodiff(void *, ...);

LLAD_NOINLINE double f2(double x, double y) { return x * x * y + sin(x * y) - y / x; }
LLAD_NOINLINE double f3(double x, double y, double z) { return x * y * z + exp(0.1 * x * z) - y * y * z; }

static double gy, gz;
static double f2x(double x) { return f2(x, gy); }
static double f2y(double y) { return f2(gy, y); } /* gy used as x here */
static double f3x(double x) { return f3(x, gy, gz); }
static double f3y(double y) { return f3(gy, y, gz); }
static double f3z(double z) { return f3(gy, gz, z); }

int main(void) {
  double x = 1.3, y = -0.7, z = 2.1;
  D2 d = __enzyme_autodiff_d2((void *)f2, x, y);
  gy = y;
  CHECK_DERIV("multi.f2.dx", d.dx, 2.0 * x * y + y * cos(x * y) + y / (x * x), fd1(f2x, x, FD_H));
  gy = x;
  CHECK_DERIV("multi.f2.dy", d.dy, x * x + x * cos(x * y) - 1.0 / x, fd1(f2y, y, FD_H));

  /* three actives, z constant, then x constant: pairs of adjoints */
  double ex = exp(0.1 * x * z);
  D2 e = __enzyme_autodiff_d2v((void *)f3, x, y, enzyme_const, z);
  gy = y, gz = z;
  CHECK_DERIV("multi.f3.dx", e.dx, y * z + 0.1 * z * ex, fd1(f3x, x, FD_H));
  gy = x, gz = z;
  CHECK_DERIV("multi.f3.dy", e.dy, x * z - 2.0 * y * z, fd1(f3y, y, FD_H));
  D2 e2 = __enzyme_autodiff_d2v((void *)f3, enzyme_const, x, y, z);
  CHECK_DERIV("multi.f3.dy_2", e2.dx, x * z - 2.0 * y * z, fd1(f3y, y, FD_H));
  gy = x, gz = y;
  CHECK_DERIV("multi.f3.dz", e2.dy, x * y + 0.1 * x * ex - y * y, fd1(f3z, z, FD_H));

  /* double prototype, two active arguments: the first adjoint */
  double first = __enzyme_autodiff((void *)f2, x, y);
  gy = y;
  CHECK_DERIV("multi.f2.first_only", first, 2.0 * x * y + y * cos(x * y) + y / (x * x),
              fd1(f2x, x, FD_H));
  /* y constant: D2 has only one active, dx */
  double only = __enzyme_autodiff((void *)f2, x, enzyme_const, y);
  CHECK_DERIV("multi.f2.y_const", only, 2.0 * x * y + y * cos(x * y) + y / (x * x),
              fd1(f2x, x, FD_H));
  return llad_report();
}
