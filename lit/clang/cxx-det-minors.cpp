// Determinant by expansion in minors (ADBench's "det by minors" shape), written with std::vector and
// new[]/delete[] inside the differentiated code, exceptions on. The gradient of det(A) is the cofactor
// matrix; checked against central differences at -O0 to -O3, plugin and CLI. (At -O2 an empty
// vector's end pointer is null plus a size: its own shadow.)
// RUN: clang++ -O0 -fpass-plugin=%plugin %s -o %t0 && %t0 | FileCheck %s
// RUN: clang++ -O1 -fpass-plugin=%plugin %s -o %t1 && %t1 | FileCheck %s
// RUN: clang++ -O2 -fpass-plugin=%plugin %s -o %t2 && %t2 | FileCheck %s
// RUN: clang++ -O3 -fno-inline-functions -fpass-plugin=%plugin %s -o %t3 && %t3 | FileCheck %s
// RUN: clang++ -O2 -c -emit-llvm %s -o %t.bc && %llad %t.bc -o %t.d.bc && clang++ -O2 %t.d.bc -o %t4 && %t4 | FileCheck %s
// CHECK: det: 0 of 16 gradients wrong
#include <cmath>
#include <cstdio>
#include <vector>

extern int enzyme_dup, enzyme_const;
void __enzyme_autodiff(void *, ...);

static double det_rec(const std::vector<double> &a, int n) {
  if (n == 1)
    return a[0];
  double sum = 0, sign = 1;
  for (int col = 0; col < n; col++) {
    std::vector<double> minor;
    minor.reserve((n - 1) * (n - 1));
    for (int i = 1; i < n; i++)
      for (int j = 0; j < n; j++)
        if (j != col)
          minor.push_back(a[i * n + j]);
    sum += sign * a[col] * det_rec(minor, n - 1);
    sign = -sign;
  }
  return sum;
}

__attribute__((noinline)) void det(const double *m, int n, double *out) {
  double *copy = new double[n * n];
  for (int i = 0; i < n * n; i++)
    copy[i] = m[i];
  std::vector<double> a(copy, copy + n * n);
  delete[] copy;
  *out = det_rec(a, n);
}

static double value(const double *m, int n) {
  double d;
  det(m, n, &d);
  return d;
}

int main() {
  const int n = 4;
  double m[n * n], dm[n * n] = {0};
  for (int i = 0; i < n * n; i++)
    m[i] = std::sin(1.0 + i * 0.7) + (i % (n + 1) == 0 ? 2.0 : 0.0);
  double out = 0, dout = 1;
  __enzyme_autodiff((void *)det, enzyme_dup, m, dm, enzyme_const, n, enzyme_dup, &out, &dout);
  int wrong = 0;
  for (int k = 0; k < n * n; k++) {
    double hi[n * n], lo[n * n];
    for (int i = 0; i < n * n; i++)
      hi[i] = lo[i] = m[i];
    hi[k] += 1e-6;
    lo[k] -= 1e-6;
    double fd = (value(hi, n) - value(lo, n)) / 2e-6;
    if (std::fabs(dm[k] - fd) > 1e-5 * (1 + std::fabs(fd))) {
      wrong++;
      std::printf("d/dm%d: got %g, finite differences %g\n", k, dm[k], fd);
    }
  }
  std::printf("det: %d of %d gradients wrong\n", wrong, n * n);
}
