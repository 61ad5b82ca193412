// An LSTM objective in ADBench's shape (small: 2 layers, hidden size 3, 4 steps): weights unpacked
// into std::vector members of a per-layer struct held in a std::vector, the state overwritten in place
// every step, a log-softmax loss over the predictions. Ordinary C++ with exceptions on; the gradient
// with respect to every parameter is checked against central differences at -O0 to -O3, plugin and CLI.
// RUN: clang++ -O0 -fpass-plugin=%plugin %s -o %t0 && %t0 | FileCheck %s
// RUN: clang++ -O1 -fpass-plugin=%plugin %s -o %t1 && %t1 | FileCheck %s
// RUN: clang++ -O2 -fpass-plugin=%plugin %s -o %t2 && %t2 | FileCheck %s
// RUN: clang++ -O3 -fpass-plugin=%plugin %s -o %t3 && %t3 | FileCheck %s
// RUN: clang++ -O2 -c -emit-llvm %s -o %t.bc && %llad %t.bc -o %t.d.bc && clang++ -O2 %t.d.bc -o %t4 && %t4 | FileCheck %s
// CHECK: lstm: 0 of 81 gradients wrong
#include <cmath>
#include <cstdio>
#include <vector>

extern int enzyme_dup, enzyme_const;
void __enzyme_autodiff(void *, ...);

const int L = 2, H = 3, T = 4;
const int PER_LAYER = 4 * H * 3;         // weights, biases, input weights for 4 gates
const int NPARAM = L * PER_LAYER + 3 * H; // + output weights, output bias, input scale

struct Layer {
  std::vector<double> w, b, u;
};

static double sigmoid(double x) { return 1 / (1 + std::exp(-x)); }

__attribute__((noinline)) void lstm_objective(const double *params, const double *seq, double *loss) {
  std::vector<Layer> layers(L);
  int k = 0;
  for (auto &layer : layers) {
    layer.w.assign(params + k, params + k + 4 * H);
    layer.b.assign(params + k + 4 * H, params + k + 8 * H);
    layer.u.assign(params + k + 8 * H, params + k + 12 * H);
    k += PER_LAYER;
  }
  std::vector<double> out_w(params + k, params + k + H), out_b(params + k + H, params + k + 2 * H), in_scale(params + k + 2 * H, params + k + 3 * H);
  std::vector<double> hidden(L * H, 0.0), cell(L * H, 0.0);
  double total = 0;
  for (int t = 0; t < T - 1; t++) {
    std::vector<double> x(H);
    for (int i = 0; i < H; i++)
      x[i] = seq[t * H + i] * in_scale[i];
    for (int l = 0; l < L; l++) {
      const Layer &p = layers[l];
      for (int i = 0; i < H; i++) {
        double f = sigmoid(x[i] * p.u[i] + hidden[l * H + i] * p.w[i] + p.b[i]);
        double in = sigmoid(x[i] * p.u[H + i] + hidden[l * H + i] * p.w[H + i] + p.b[H + i]);
        double o = sigmoid(x[i] * p.u[2 * H + i] + hidden[l * H + i] * p.w[2 * H + i] + p.b[2 * H + i]);
        double c = std::tanh(x[i] * p.u[3 * H + i] + hidden[l * H + i] * p.w[3 * H + i] + p.b[3 * H + i]);
        cell[l * H + i] = cell[l * H + i] * f + in * c;
        hidden[l * H + i] = o * std::tanh(cell[l * H + i]);
        x[i] = hidden[l * H + i];
      }
    }
    double norm = 0;
    std::vector<double> ypred(H);
    for (int i = 0; i < H; i++) {
      ypred[i] = x[i] * out_w[i] + out_b[i];
      norm += std::exp(ypred[i]);
    }
    for (int i = 0; i < H; i++)
      total += seq[(t + 1) * H + i] * (ypred[i] - std::log(norm));
  }
  *loss = -total / ((T - 1) * H);
}

static double value(const double *p, const double *seq) {
  double l;
  lstm_objective(p, seq, &l);
  return l;
}

int main() {
  double params[NPARAM], dparams[NPARAM] = {0}, seq[T * H];
  for (int i = 0; i < NPARAM; i++)
    params[i] = 0.3 * std::sin(1.0 + 0.37 * i);
  for (int i = 0; i < T * H; i++)
    seq[i] = 0.5 + 0.4 * std::cos(0.9 * i);
  double loss = 0, dloss = 1;
  __enzyme_autodiff((void *)lstm_objective, enzyme_dup, params, dparams, enzyme_const, seq, enzyme_dup, &loss, &dloss);
  int wrong = 0;
  for (int k = 0; k < NPARAM; k++) {
    double hi[NPARAM], lo[NPARAM];
    for (int i = 0; i < NPARAM; i++)
      hi[i] = lo[i] = params[i];
    hi[k] += 1e-6;
    lo[k] -= 1e-6;
    double fd = (value(hi, seq) - value(lo, seq)) / 2e-6;
    if (std::fabs(dparams[k] - fd) > 1e-5 * (1 + std::fabs(fd))) {
      wrong++;
      std::printf("d/dp%d: got %g, finite differences %g\n", k, dparams[k], fd);
    }
  }
  std::printf("lstm: %d of %d gradients wrong\n", wrong, NPARAM);
}
