#include "bench.h"
/* ADBench's LSTM objective (Srajer, Kucera, Fitzgibbon 2018) with L = 4 layers, C = 4096 characters and
 * B = 14 (hidden size = size of the one-hot alphabet). main_params: per layer the weights then the biases of
 * the forget, input, output and change gates (2*L*4*B); extra_params: input weights, output weights, output
 * biases (3*B); state: per layer hidden then cell (2*L*B), updated in place at every step; sequence: C one-hot
 * characters. Each step predicts the next character; the loss is minus the average log-softmax of the right
 * character (ADBench's normalization: the sum over C-1 steps of <ygold, ynorm> divided by (C-1)*B, and its
 * logsumexp adds 2 to the sum of exponentials). Gradient with respect to main_params and extra_params; the
 * objective starts every call from a working copy of the constant initial state. */
#define L 4
#define C 4096
#define B 14
#define NMAIN (2 * L * 4 * B)
#define NEXTRA (3 * B)
#define NSTATE (2 * L * B)

static double sigmoid(double x) { return 1 / (1 + exp(-x)); }

/* ADBench's version: log(sum exp(x) + 2) */
static double logsumexp(const double *x, int n) {
  double s = 0;
  for (int i = 0; i < n; i++) s += exp(x[i]);
  s += 2;
  return log(s);
}

/* One LSTM layer: params holds the 4 gate weights then the 4 gate biases (each b long); hidden and cell are
 * updated in place. */
static void lstm_model(int b, const double *params, double *hidden, double *cell, const double *input) {
  const double *weight = params, *bias = params + 4 * b;
  for (int i = 0; i < b; i++) {
    double forget = sigmoid(input[i] * weight[i] + bias[i]);
    double ingate = sigmoid(hidden[i] * weight[b + i] + bias[b + i]);
    double outgate = sigmoid(input[i] * weight[2 * b + i] + bias[2 * b + i]);
    double change = tanh(hidden[i] * weight[3 * b + i] + bias[3 * b + i]);
    cell[i] = cell[i] * forget + ingate * change;
    hidden[i] = outgate * tanh(cell[i]);
  }
}

static void lstm_predict(int l, int b, const double *main_params, const double *extra_params, double *state,
                         const double *input, double *output) {
  const double *in_weight = extra_params, *out_weight = extra_params + b, *out_bias = extra_params + 2 * b;
  for (int i = 0; i < b; i++) output[i] = input[i] * in_weight[i];
  const double *layer_output = output;
  for (int i = 0; i < l; i++) {
    double *hidden = &state[2 * b * i], *cell = hidden + b;
    lstm_model(b, &main_params[8 * b * i], hidden, cell, layer_output);
    layer_output = hidden;
  }
  for (int i = 0; i < b; i++) output[i] = layer_output[i] * out_weight[i] + out_bias[i];
}

__attribute__((noinline)) double lstm_objective(int l, int c, int b, const double *main_params,
                                                const double *extra_params, const double *state0,
                                                const double *sequence) {
  /* Working buffers on the stack. (With malloc'd buffers, Enzyme 933dd0b4 computes a wrong gradient: it does
   * not save the layer-0 inputs read from ypred, which the output loop of lstm_predict overwrites.) */
  double state[2 * l * b], ypred[b], ynorm[b];
  memcpy(state, state0, 2 * l * b * sizeof(double));
  double total = 0;
  int count = 0;
  for (int t = 0; t < c - 1; t++) {
    lstm_predict(l, b, main_params, extra_params, state, &sequence[t * b], ypred);
    double lse = logsumexp(ypred, b);
    for (int i = 0; i < b; i++) ynorm[i] = ypred[i] - lse;
    const double *ygold = &sequence[(t + 1) * b];
    for (int i = 0; i < b; i++) total += ygold[i] * ynorm[i];
    count += b;
  }
  return -total / count;
}

static double state0[NSTATE], *sequence;

int bench_setup(void) {
  bench_theta = malloc((NMAIN + NEXTRA) * sizeof(double));
  for (int i = 0; i < NMAIN + NEXTRA; i++) bench_theta[i] = bench_rand();
  for (int i = 0; i < NSTATE; i++) state0[i] = 0.5 * bench_rand();
  sequence = calloc(C * B, sizeof(double));
  for (int t = 0; t < C; t++) sequence[t * B + (int)((bench_rand() + 1) * 0.5 * B) % B] = 1;
  return NMAIN + NEXTRA;
}
double bench_primal(const double *theta) { return lstm_objective(L, C, B, theta, theta + NMAIN, state0, sequence); }
void bench_gradient(const double *theta, double *grad) {
  memset(grad, 0, (NMAIN + NEXTRA) * sizeof(double));
  __enzyme_autodiff((void *)lstm_objective, enzyme_const, L, enzyme_const, C, enzyme_const, B,
                    enzyme_dup, theta, grad, enzyme_dup, theta + NMAIN, grad + NMAIN,
                    enzyme_const, state0, enzyme_const, sequence);
}
double bench_tangent(const double *theta, const double *v) {
  return __enzyme_fwddiff((void *)lstm_objective, enzyme_const, L, enzyme_const, C, enzyme_const, B,
                          enzyme_dup, theta, v, enzyme_dup, theta + NMAIN, v + NMAIN,
                          enzyme_const, state0, enzyme_const, sequence);
}
int main(void) { return bench_main("lstm"); }
