// A GMM objective in ADBench's shape (small): the log-likelihood of points under k Gaussians with
// diagonal covariances, parameters alpha (k), means (k*d) and log-precisions (k*d) unpacked into
// std::vector and std::vector<std::vector>, written as ordinary C++ and compiled with exceptions
// on. The gradient is checked against central differences. At -O0 vector's methods are invokes,
// differentiated along their normal path; at -O2/-O3 the inner vectors are created by a library
// function (`__do_uninit_fill_n`) that fills fresh memory with pointers, which gets a shadow for
// it; at -O1 the inner storage is reloaded from the outer vector's, which a callee filled (also
// local storage, so it gets a shadow).
// RUN: clang++ -O0 -fpass-plugin=%plugin %s -o %t0 && %t0 | FileCheck %s
// RUN: clang++ -O0 -c -emit-llvm %s -o %t.bc && %llad %t.bc -o %t.d.bc && clang++ -O2 %t.d.bc -o %t1 && %t1 | FileCheck %s
// RUN: clang++ -O2 -fpass-plugin=%plugin %s -o %t2 && %t2 | FileCheck %s
// RUN: clang++ -O3 -fpass-plugin=%plugin %s -o %t3 && %t3 | FileCheck %s
// RUN: clang++ -O2 -c -emit-llvm %s -o %t2.bc && %llad %t2.bc -o %t2.d.bc && clang++ -O2 %t2.d.bc -o %t4 && %t4 | FileCheck %s
// RUN: clang++ -O1 -fpass-plugin=%plugin %s -o %t5 && %t5 | FileCheck %s
// CHECK: gmm: 0 of 15 gradients wrong
#include <cmath>
#include <cstdio>
#include <vector>
extern int enzyme_dup, enzyme_const;
extern "C" void __enzyme_autodiff(void *, ...);

static double logsumexp(const std::vector<double> &v) {
  double m = v[0];
  for (double x : v) m = x > m ? x : m;
  double s = 0;
  for (double x : v) s += std::exp(x - m);
  return m + std::log(s);
}

double gmm(const double *params, const double *points, int n, int k, int d) {
  std::vector<double> alpha(params, params + k);
  std::vector<std::vector<double>> mean(k, std::vector<double>(d)), logp(k, std::vector<double>(d));
  for (int j = 0; j < k; j++)
    for (int c = 0; c < d; c++) {
      mean[j][c] = params[k + j * d + c];
      logp[j][c] = params[k + k * d + j * d + c];
    }
  double total = 0;
  std::vector<double> terms(k);
  for (int i = 0; i < n; i++) {
    for (int j = 0; j < k; j++) {
      double q = 0, sumlog = 0;
      for (int c = 0; c < d; c++) {
        double diff = (points[i * d + c] - mean[j][c]) * std::exp(logp[j][c]);
        q += diff * diff;
        sumlog += logp[j][c];
      }
      terms[j] = alpha[j] + sumlog - 0.5 * q;
    }
    total += logsumexp(terms);
  }
  return total - n * logsumexp(alpha);
}

int main() {
  const int n = 5, k = 3, d = 2, np = k + 2 * k * d;
  double params[np], dparams[np] = {0}, points[n * d];
  for (int i = 0; i < np; i++) params[i] = 0.1 * std::sin(i + 1.0);
  for (int i = 0; i < n * d; i++) points[i] = std::cos(0.7 * i);
  __enzyme_autodiff((void *)gmm, enzyme_dup, params, dparams, enzyme_const, points, enzyme_const, n, enzyme_const, k, enzyme_const, d);
  int bad = 0;
  for (int i = 0; i < np; i++) {
    double p0 = params[i];
    params[i] = p0 + 1e-6; double fp = gmm(params, points, n, k, d);
    params[i] = p0 - 1e-6; double fm = gmm(params, points, n, k, d);
    params[i] = p0;
    double fd = (fp - fm) / 2e-6;
    if (std::fabs(fd - dparams[i]) > 1e-5 * (1 + std::fabs(fd))) { bad++; printf("param %d: %g vs fd %g\n", i, dparams[i], fd); }
  }
  printf("gmm: %d of %d gradients wrong\n", bad, np);
  return bad;
}
