// Virtual calls in differentiated C++ (exceptions on): a sum of polymorphic terms held by
// std::unique_ptr in a std::vector, each term's value a virtual method of its parameters. The
// gradient with respect to every term's parameters (shadow objects built alike) is checked against
// central differences, at -O0 and -O2, through the plugin and the CLI. Each virtual call becomes a
// dispatch over the classes whose vtables the program has, differentiated like a direct call; a
// virtual call that carries no derivative (`weight`) stays an ordinary virtual call.
// RUN: clang++ -O0 -fpass-plugin=%plugin %s -o %t0 && %t0 | FileCheck %s
// RUN: clang++ -O2 -fpass-plugin=%plugin %s -o %t2 && %t2 | FileCheck %s
// RUN: clang++ -O2 -fno-inline-functions -fpass-plugin=%plugin %s -o %t3 && %t3 | FileCheck %s
// RUN: clang++ -O2 -c -emit-llvm %s -o %t.bc && %llad %t.bc -o %t.d.bc && clang++ -O2 %t.d.bc -o %t4 && %t4 | FileCheck %s
// CHECK: virtual: 0 of 6 gradients wrong
#include <cmath>
#include <cstdio>
#include <memory>
#include <vector>

extern int enzyme_dup, enzyme_const;
void __enzyme_autodiff(void *, ...);

struct Term {
  double p[2] = {0, 0};
  virtual ~Term() = default;
  virtual double value(double x) const = 0;
  virtual int weight() const { return 1; }
};
struct Gauss : Term {
  double value(double x) const override { return p[0] * std::exp(-(x - p[1]) * (x - p[1])); }
};
struct Sine : Term {
  double value(double x) const override { return p[0] * std::sin(p[1] * x); }
  int weight() const override { return 2; }
};

__attribute__((noinline)) double model(const std::vector<std::unique_ptr<Term>> &terms, double x) {
  double s = 0;
  for (const auto &t : terms)
    s += t->weight() * t->value(x) * t->value(x + 0.5);
  return s;
}

static std::vector<std::unique_ptr<Term>> make(const double *q) {
  std::vector<std::unique_ptr<Term>> v;
  v.push_back(std::make_unique<Gauss>());
  v.push_back(std::make_unique<Sine>());
  v.push_back(std::make_unique<Gauss>());
  for (int i = 0; i < 3; i++)
    for (int j = 0; j < 2; j++)
      v[i]->p[j] = q[2 * i + j];
  return v;
}

int main() {
  const double q[6] = {1.2, 0.3, 0.7, 2.1, -0.4, 1.1};
  auto terms = make(q);
  const double zero[6] = {0, 0, 0, 0, 0, 0};
  auto shadows = make(zero);
  __enzyme_autodiff((void *)model, enzyme_dup, &terms, &shadows, enzyme_const, 0.8);
  int wrong = 0;
  for (int k = 0; k < 6; k++) {
    double hi[6], lo[6];
    for (int i = 0; i < 6; i++)
      hi[i] = lo[i] = q[i];
    hi[k] += 1e-6;
    lo[k] -= 1e-6;
    double fd = (model(make(hi), 0.8) - model(make(lo), 0.8)) / 2e-6;
    double got = shadows[k / 2]->p[k % 2];
    if (std::fabs(got - fd) > 1e-5 * (1 + std::fabs(fd))) {
      wrong++;
      std::printf("d/dq%d: got %g, finite differences %g\n", k, got, fd);
    }
  }
  std::printf("virtual: %d of 6 gradients wrong\n", wrong);
}
