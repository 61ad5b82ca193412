#include <math.h>
#include "bench.h"
/* Two-layer MLP loss: h = tanh(W1 x + b1), y = W2 h + b2, loss = sum (y - t)^2 / 2. */
#define IN 64
#define HID 64
#define OUT 16
void __enzyme_autodiff(void *, ...);
__attribute__((noinline)) double mlp(const double *restrict W1, const double *restrict b1, const double *restrict W2,
                                     const double *restrict b2, const double *restrict x, const double *restrict t) {
  double h[HID];
  for (int j = 0; j < HID; j++) {
    double s = b1[j];
    for (int i = 0; i < IN; i++) s += W1[j * IN + i] * x[i];
    h[j] = tanh(s);
  }
  double loss = 0;
  for (int k = 0; k < OUT; k++) {
    double y = b2[k];
    for (int j = 0; j < HID; j++) y += W2[k * HID + j] * h[j];
    loss += 0.5 * (y - t[k]) * (y - t[k]);
  }
  return loss;
}
int main(void) {
  static double W1[HID * IN], b1[HID], W2[OUT * HID], b2[OUT], x[IN], t[OUT];
  static double dW1[HID * IN], db1[HID], dW2[OUT * HID], db2[OUT];
  for (int i = 0; i < HID * IN; i++) W1[i] = 0.01 * ((i * 37) % 17 - 8);
  for (int i = 0; i < OUT * HID; i++) W2[i] = 0.02 * ((i * 11) % 13 - 6);
  for (int i = 0; i < HID; i++) b1[i] = 0.1 * (i % 3);
  for (int i = 0; i < OUT; i++) { b2[i] = -0.1 * (i % 2); t[i] = 0.5; }
  for (int i = 0; i < IN; i++) x[i] = sin(0.3 * i);
  double p = TIME_NS(2000, sink = mlp(W1, b1, W2, b2, x, t));
  double g = TIME_NS(2000, __enzyme_autodiff((void *)mlp, enzyme_dup, W1, dW1, enzyme_dup, b1, db1, enzyme_dup, W2, dW2,
                                             enzyme_dup, b2, db2, enzyme_const, x, enzyme_const, t));
  report("mlp", p, g);
  return 0;
}
