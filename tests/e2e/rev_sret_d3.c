/* Three active scalars whose adjoints come back as a 24-byte struct: clang returns it through
 * a hidden sret pointer (the first call argument), and llad stores the adjoints there.
 */
#include "check.h"

typedef struct { double dx, dy, dz; } D3;
D3 __enzyme_autodiff_d3(void *, double, double, double);

LLAD_NOINLINE double f3(double x, double y, double z) {
  return x * y * z + exp(0.1 * x * z) - y * y * z;
}

static double gy, gz;
static double f3x(double x) { return f3(x, gy, gz); }
static double f3y(double y) { return f3(gy, y, gz); }
static double f3z(double z) { return f3(gy, gz, z); }

int main(void) {
  double x = 1.3, y = -0.7, z = 2.1, ex = exp(0.1 * x * z);
  D3 e = __enzyme_autodiff_d3((void *)f3, x, y, z);
  gy = y, gz = z;
  CHECK_DERIV("sret_d3.dx", e.dx, y * z + 0.1 * z * ex, fd1(f3x, x, FD_H));
  gy = x, gz = z;
  CHECK_DERIV("sret_d3.dy", e.dy, x * z - 2.0 * y * z, fd1(f3y, y, FD_H));
  gy = x, gz = y;
  CHECK_DERIV("sret_d3.dz", e.dz, x * y + 0.1 * x * ex - y * y, fd1(f3z, z, FD_H));
  return llad_report();
}
