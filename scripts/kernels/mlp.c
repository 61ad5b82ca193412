#include "bench.h"
/* Two-layer MLP, 784-128-10, on a batch of 64: h = tanh(W1 x + b1), y = W2 h + b2,
 * loss = mean over the batch of the softmax cross-entropy, log sum_k exp(y_k) - y_label.
 * Gradient with respect to W1, b1, W2, b2 (theta); the inputs x and the labels are constant. */
#define IN 784
#define HID 128
#define OUT 10
#define BATCH 64
#define NPARAMS (HID * IN + HID + OUT * HID + OUT)

/* log sum_k exp(y_k), shifted by the largest y_k so that exp cannot overflow */
static double logsumexp(int n, const double *y) {
  double mx = y[0];
  for (int k = 1; k < n; k++)
    if (y[k] > mx) mx = y[k];
  double s = 0;
  for (int k = 0; k < n; k++) s += exp(y[k] - mx);
  return mx + log(s);
}

__attribute__((noinline)) double mlp_loss(const double *W1, const double *b1, const double *W2, const double *b2,
                                          const double *x, const int *labels, int batch) {
  double h[HID], y[OUT];
  double loss = 0;
  for (int b = 0; b < batch; b++) {
    const double *xb = &x[b * IN];
    for (int j = 0; j < HID; j++) {
      double s = b1[j];
      for (int i = 0; i < IN; i++) s += W1[j * IN + i] * xb[i];
      h[j] = tanh(s);
    }
    for (int k = 0; k < OUT; k++) {
      double s = b2[k];
      for (int j = 0; j < HID; j++) s += W2[k * HID + j] * h[j];
      y[k] = s;
    }
    loss += logsumexp(OUT, y) - y[labels[b]];
  }
  return loss / batch;
}

static double *inputs;
static int *labels;

int bench_setup(void) {
  inputs = malloc(BATCH * IN * sizeof(double));
  labels = malloc(BATCH * sizeof(int));
  for (int i = 0; i < BATCH * IN; i++) inputs[i] = bench_rand();
  for (int b = 0; b < BATCH; b++) labels[b] = (int)((bench_rand() + 1) * 0.5 * OUT) % OUT;
  bench_theta = malloc(NPARAMS * sizeof(double));
  double *W1 = bench_theta, *b1 = W1 + HID * IN, *W2 = b1 + HID, *b2 = W2 + OUT * HID;
  for (int i = 0; i < HID * IN; i++) W1[i] = 0.05 * bench_rand();
  for (int i = 0; i < HID; i++) b1[i] = 0.1 * bench_rand();
  for (int i = 0; i < OUT * HID; i++) W2[i] = 0.3 * bench_rand();
  for (int i = 0; i < OUT; i++) b2[i] = 0.1 * bench_rand();
  return NPARAMS;
}
double bench_primal(const double *theta) {
  const double *W1 = theta, *b1 = W1 + HID * IN, *W2 = b1 + HID, *b2 = W2 + OUT * HID;
  return mlp_loss(W1, b1, W2, b2, inputs, labels, BATCH);
}
void bench_gradient(const double *theta, double *grad) {
  memset(grad, 0, NPARAMS * sizeof(double));
  const double *W1 = theta, *b1 = W1 + HID * IN, *W2 = b1 + HID, *b2 = W2 + OUT * HID;
  double *dW1 = grad, *db1 = dW1 + HID * IN, *dW2 = db1 + HID, *db2 = dW2 + OUT * HID;
  __enzyme_autodiff((void *)mlp_loss, enzyme_dup, W1, dW1, enzyme_dup, b1, db1, enzyme_dup, W2, dW2,
                    enzyme_dup, b2, db2, enzyme_const, inputs, enzyme_const, labels, enzyme_const, BATCH);
}
double bench_tangent(const double *theta, const double *v) {
  const double *W1 = theta, *b1 = W1 + HID * IN, *W2 = b1 + HID, *b2 = W2 + OUT * HID;
  const double *vW1 = v, *vb1 = vW1 + HID * IN, *vW2 = vb1 + HID, *vb2 = vW2 + OUT * HID;
  return __enzyme_fwddiff((void *)mlp_loss, enzyme_dup, W1, vW1, enzyme_dup, b1, vb1, enzyme_dup, W2, vW2,
                          enzyme_dup, b2, vb2, enzyme_const, inputs, enzyme_const, labels, enzyme_const, BATCH);
}
int main(void) { return bench_main("mlp"); }
