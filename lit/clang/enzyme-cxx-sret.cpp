// Forward mode through <enzyme/enzyme> on functions that return a class through memory (sret):
// a std::vector built inside the function and a plain struct of four doubles. Duplicated gives the
// primal and the tangent, DuplicatedNoNeed the tangent, Const the primal. Checked against the
// analytic tangents, at -O0 and -O2, plugin and CLI.
// RUN: clang++ -std=c++17 -O0 -fpass-plugin=%plugin -Xclang -load -Xclang %plugin %s -o %t0 && %t0 | FileCheck %s
// RUN: clang++ -std=c++17 -O2 -fpass-plugin=%plugin -Xclang -load -Xclang %plugin %s -o %t2 && %t2 | FileCheck %s
// RUN: clang++ -std=c++17 -O2 -Xclang -load -Xclang %plugin -c -emit-llvm %s -o %t.bc && %llad %t.bc -o %t.d.bc && clang++ -O2 %t.d.bc -o %t3 && %t3 | FileCheck %s
// CHECK: sret: 0 of 16 values wrong
#include <cmath>
#include <cstdio>
#include <enzyme/enzyme>
#include <vector>

struct Quad {
  double a, b, c, d;
};

__attribute__((noinline)) std::vector<double> powers(const std::vector<double> &x) {
  std::vector<double> r(x.size());
  for (size_t i = 0; i < x.size(); i++)
    r[i] = std::pow(x[i], i + 1.0);
  return r;
}

__attribute__((noinline)) Quad rotate(double t, double s) { return {s * std::cos(t), s * std::sin(t), t * t, s}; }

static int wrong = 0;
static void check(double got, double want) {
  if (std::fabs(got - want) > 1e-12 * (1 + std::fabs(want))) {
    wrong++;
    std::printf("got %.17g, want %.17g\n", got, want);
  }
}

int main() {
  std::vector<double> x{0.5, 1.5, 2.0}, dx{1.0, 2.0, -1.0};
  auto both = enzyme::autodiff<enzyme::Forward, enzyme::Duplicated<std::vector<double>>>(powers, enzyme::Duplicated<const std::vector<double> &>(x, dx));
  auto tangent = enzyme::get<0>(enzyme::autodiff<enzyme::Forward, enzyme::DuplicatedNoNeed<std::vector<double>>>(powers, enzyme::Duplicated<const std::vector<double> &>(x, dx)));
  for (int i = 0; i < 3; i++) {
    double want = (i + 1) * std::pow(x[i], i) * dx[i];
    check(enzyme::get<0>(both)[i], std::pow(x[i], i + 1.0));
    check(enzyme::get<1>(both)[i], want);
    check(tangent[i], want);
  }
  double t = 0.3, s = 2.0;
  auto q = enzyme::autodiff<enzyme::Forward, enzyme::Duplicated<Quad>>(rotate, enzyme::Duplicated<double>(t, 1.0), enzyme::Const<double>(s));
  Quad p = enzyme::get<0>(q), dq = enzyme::get<1>(q);
  check(p.a, s * std::cos(t));
  check(dq.a, -s * std::sin(t));
  check(dq.b, s * std::cos(t));
  check(dq.c, 2 * t);
  check(dq.d, 0);
  auto primal = enzyme::get<0>(enzyme::autodiff<enzyme::Forward, enzyme::Const<Quad>>(rotate, enzyme::Duplicated<double>(t, 1.0), enzyme::Const<double>(s)));
  check(primal.c, t * t);
  check(primal.d, s);
  std::printf("sret: %d of 16 values wrong\n", wrong);
}
