// Enzyme's C++ interface, `#include <enzyme/enzyme>` with no include flag (llad's front end serves
// the header): reverse mode with Active scalars (with and without the primal), a function object
// with overloads, Duplicated references and pointers, Const arguments of each kind; forward mode
// returning the tangent, {primal, tangent}, or the primal; a captureless lambda; structured
// bindings. Each value is checked against the analytic derivative and a central difference.
// RUN: clang++ -std=c++17 -O0 -fpass-plugin=%plugin -Xclang -load -Xclang %plugin %s -o %t0 && %t0 | FileCheck %s
// RUN: clang++ -std=c++17 -O2 -fpass-plugin=%plugin -fplugin=%plugin %s -o %t2 && %t2 | FileCheck %s
// RUN: clang++ -std=c++17 -O2 -fno-inline-functions -fpass-plugin=%plugin -fplugin=%plugin %s -o %t3 && %t3 | FileCheck %s
// RUN: clang++ -std=c++17 -O1 -fplugin=%plugin -c -emit-llvm %s -o %t.bc && %llad %t.bc -o %t.d.bc && clang++ %t.d.bc -o %t4 && %t4 | FileCheck %s
// CHECK: 17 checks, 0 failed
#include <cmath>
#include <cstdio>
#include <enzyme/enzyme>

static int checks, failed;
static void check(const char *name, double got, double want, double fd) {
  checks++;
  double tol = 1e-6 * (1 + std::fabs(want));
  if (std::fabs(got - want) > tol || std::fabs(got - fd) > 1e-4 * (1 + std::fabs(want))) {
    failed++;
    std::printf("FAIL %s: got %.17g, analytic %.17g, finite difference %.17g\n", name, got, want, fd);
  }
}
static double fd(double (*f)(double), double x) { return (f(x + 1e-6) - f(x - 1e-6)) / 2e-6; }

double square(double x) { return x * x; }
double product(double x, double y) { return x * std::sin(y); }
struct scaled {
  double operator()(double x) { return 10 * x * x; }
  float operator()(float x) { return 2 * x; }
};
float by_ref(const float &x) { return x * x * x; }
double by_ptr(const double *x) { return std::exp(x[0]) * x[1]; }
double with_consts(double x, const double &c, const double *p, double k) { return x * c * p[0] + k * x; }
double sum_into(double *out, const double *in) {
  out[0] = in[0] * in[1];
  return in[0] + in[1];
}

int main() {
  const double x = 1.3, y = 0.4;
  {
    auto r = enzyme::autodiff<enzyme::Reverse>(square, enzyme::Active<double>(x));
    check("reverse.square", enzyme::get<0>(enzyme::get<0>(r)), 2 * x, fd(square, x));
  }
  {
    auto r = enzyme::autodiff<enzyme::ReverseWithPrimal>(product, enzyme::Active{x}, enzyme::Active{y});
    auto [dx, dy] = enzyme::get<0>(r);
    check("reverse_primal.dx", dx, std::sin(y), (product(x + 1e-6, y) - product(x - 1e-6, y)) / 2e-6);
    check("reverse_primal.dy", dy, x * std::cos(y), (product(x, y + 1e-6) - product(x, y - 1e-6)) / 2e-6);
    check("reverse_primal.primal", enzyme::get<1>(r), product(x, y), product(x, y));
  }
  {
    auto d = enzyme::autodiff<enzyme::Reverse>(scaled{}, enzyme::Active<double>(x));
    check("functor.double", enzyme::get<0>(enzyme::get<0>(d)), 20 * x, (scaled{}(x + 1e-6) - scaled{}(x - 1e-6)) / 2e-6);
    auto f = enzyme::autodiff<enzyme::Reverse>(scaled{}, enzyme::Active<float>(1.5f));
    check("functor.float", enzyme::get<0>(enzyme::get<0>(f)), 2, 2);
  }
  {
    float xf = 1.5f, dxf = 0;
    enzyme::autodiff<enzyme::Reverse>(by_ref, enzyme::Duplicated<const float &>{xf, dxf});
    check("reverse.reference", dxf, 3 * 1.5 * 1.5, 3 * 1.5 * 1.5);
  }
  {
    double v[2] = {0.5, 2.0}, dv[2] = {0, 0};
    enzyme::autodiff<enzyme::Reverse>(by_ptr, enzyme::Duplicated<const double *>{v, dv});
    double vp[2] = {0.5 + 1e-6, 2.0}, vm[2] = {0.5 - 1e-6, 2.0};
    check("reverse.pointer[0]", dv[0], std::exp(0.5) * 2, (by_ptr(vp) - by_ptr(vm)) / 2e-6);
    check("reverse.pointer[1]", dv[1], std::exp(0.5), std::exp(0.5));
  }
  {
    const double c = 3.0, p[1] = {0.5};
    auto r = enzyme::autodiff<enzyme::Reverse>(with_consts, enzyme::Active{x}, enzyme::Const<const double &>{c}, enzyme::Const<const double *>{p}, enzyme::Const<double>{4.0});
    check("reverse.consts", enzyme::get<0>(enzyme::get<0>(r)), c * p[0] + 4.0, c * p[0] + 4.0);
  }
  {
    double out[1] = {0}, dout[1] = {1.0}, in[2] = {2.0, 5.0}, din[2] = {0, 0};
    auto r = enzyme::autodiff<enzyme::Reverse>(sum_into, enzyme::Duplicated<double *>{out, dout}, enzyme::Duplicated<const double *>{in, din});
    static_assert(std::is_same_v<decltype(r), enzyme::tuple<enzyme::tuple<>>>);
    check("reverse.no_active.din[0]", din[0], 1 + in[1], 1 + in[1]);
    check("reverse.no_active.din[1]", din[1], 1 + in[0], 1 + in[0]);
  }
  {
    auto t = enzyme::autodiff<enzyme::Forward>(square, enzyme::Duplicated{x, 1.0});
    check("forward.tangent", enzyme::get<0>(t), 2 * x, fd(square, x));
    auto pt = enzyme::autodiff<enzyme::Forward, enzyme::Duplicated<double>>(square, enzyme::Duplicated<double>(x, 1.0));
    check("forward.primal", enzyme::get<0>(pt), x * x, x * x);
    check("forward.with_primal.tangent", enzyme::get<1>(pt), 2 * x, fd(square, x));
    auto p = enzyme::autodiff<enzyme::Forward, enzyme::Const<double>>(square, enzyme::Duplicated<double>(x, 1.0));
    check("forward.const_return", enzyme::get<0>(p), x * x, x * x);
  }
  {
    auto cube = [](double v) { return v * v * v; };
    auto r = enzyme::autodiff<enzyme::Reverse>(cube, enzyme::Active{x});
    check("lambda", enzyme::get<0>(enzyme::get<0>(r)), 3 * x * x, 3 * x * x);
  }
  std::printf("%d checks, %d failed\n", checks, failed);
  return failed;
}
