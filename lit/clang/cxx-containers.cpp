// Standard containers inside differentiated C++ (exceptions on): a std::unordered_map from
// std::string names to parameters filled and read inside the function, a std::array of weights,
// and a std::vector of terms. The gradient is checked against central differences at -O0 and -O2,
// through the plugin and the CLI.
// RUN: clang++ -O0 -fpass-plugin=%plugin %s -o %t0 && %t0 | FileCheck %s
// RUN: clang++ -O2 -fpass-plugin=%plugin %s -o %t2 && %t2 | FileCheck %s
// RUN: clang++ -O1 -c -emit-llvm %s -o %t.bc && %llad %t.bc -o %t.d.bc && clang++ -O2 %t.d.bc -o %t3 && %t3 | FileCheck %s
// CHECK: containers: 0 of 3 gradients wrong
#include <array>
#include <cmath>
#include <cstdio>
#include <string>
#include <unordered_map>
#include <vector>

extern int enzyme_dup, enzyme_const;
void __enzyme_autodiff(void *, ...);

__attribute__((noinline)) void energy(const double *p, double *out) {
  std::unordered_map<std::string, double> named;
  named["stiffness"] = p[0];
  named["rest length"] = p[1];
  named["damping"] = p[2];
  const std::array<double, 3> weights{1.0, 0.5, 0.25};
  std::vector<double> terms;
  for (int i = 0; i < 3; i++) {
    double stretch = (i + 1.0) - named["rest length"];
    terms.push_back(weights[i] * named["stiffness"] * stretch * stretch);
  }
  double e = named["damping"] * named["damping"];
  for (double t : terms)
    e += t;
  *out = e;
}

static double value(const double *p) {
  double o;
  energy(p, &o);
  return o;
}

int main() {
  double p[3] = {2.0, 1.3, 0.4}, dp[3] = {0, 0, 0}, out = 0, dout = 1.0;
  __enzyme_autodiff((void *)energy, enzyme_dup, p, dp, enzyme_dup, &out, &dout);
  int wrong = 0;
  for (int k = 0; k < 3; k++) {
    double hi[3] = {p[0], p[1], p[2]}, lo[3] = {p[0], p[1], p[2]};
    hi[k] += 1e-6;
    lo[k] -= 1e-6;
    double fd = (value(hi) - value(lo)) / 2e-6;
    if (std::fabs(dp[k] - fd) > 1e-5 * (1 + std::fabs(fd))) {
      wrong++;
      std::printf("d/dp%d: got %g, finite differences %g\n", k, dp[k], fd);
    }
  }
  std::printf("containers: %d of 3 gradients wrong\n", wrong);
}
