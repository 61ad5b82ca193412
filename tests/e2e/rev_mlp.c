/* A 2-layer MLP: x[4] -> tanh(W1 x + b1) (3) -> W2 h + b2 -> (out - t)^2.
 * Gradient w.r.t. W1, b1, W2 (dup) and b2 (active scalar, returned). */
#include "check.h"

double __enzyme_autodiff(void *, ...);

#define NI 4
#define NH 3
LLAD_NOINLINE double mlp_loss(const double *W1, const double *b1, const double *W2, double b2,
                              const double *x, double t) {
  double out = b2;
  for (int j = 0; j < NH; j++) {
    double z = b1[j];
    for (int k = 0; k < NI; k++)
      z += W1[j * NI + k] * x[k];
    out += W2[j] * tanh(z);
  }
  double e = out - t;
  return e * e;
}

static double W1[NH * NI], b1[NH], W2[NH], b2 = 0.1, x[NI] = {0.5, -1.0, 2.0, 0.25}, t = 0.3;
static double fd_of(double *p) {
  double save = *p;
  *p = save + FD_H;
  double fp = mlp_loss(W1, b1, W2, b2, x, t);
  *p = save - FD_H;
  double fm = mlp_loss(W1, b1, W2, b2, x, t);
  *p = save;
  return (fp - fm) / (2.0 * FD_H);
}

int main(void) {
  for (int i = 0; i < NH * NI; i++)
    W1[i] = 0.3 * sin(1.0 + 2.0 * i);
  for (int j = 0; j < NH; j++)
    b1[j] = 0.1 * j - 0.1, W2[j] = 0.7 * cos(1.0 + j);
  double dW1[NH * NI] = {0}, db1[NH] = {0}, dW2[NH] = {0};
  double db2 = __enzyme_autodiff((void *)mlp_loss, W1, dW1, b1, db1, W2, dW2, b2,
                                 enzyme_const, x, enzyme_const, t);
  /* backpropagation by hand */
  double h[NH], out = b2, aW1[NH * NI], ab1[NH], aW2[NH];
  for (int j = 0; j < NH; j++) {
    double z = b1[j];
    for (int k = 0; k < NI; k++)
      z += W1[j * NI + k] * x[k];
    h[j] = tanh(z);
    out += W2[j] * h[j];
  }
  double g = 2.0 * (out - t);
  for (int j = 0; j < NH; j++) {
    aW2[j] = g * h[j];
    ab1[j] = g * W2[j] * (1.0 - h[j] * h[j]);
    for (int k = 0; k < NI; k++)
      aW1[j * NI + k] = ab1[j] * x[k];
  }
  CHECK_DERIV("mlp.db2", db2, g, fd_of(&b2));
  CHECK_DERIV("mlp.dW1[0][0]", dW1[0], aW1[0], fd_of(&W1[0]));
  CHECK_DERIV("mlp.dW1[2][3]", dW1[11], aW1[11], fd_of(&W1[11]));
  CHECK_DERIV("mlp.db1[1]", db1[1], ab1[1], fd_of(&b1[1]));
  CHECK_DERIV("mlp.dW2[2]", dW2[2], aW2[2], fd_of(&W2[2]));
  /* every entry: max error against backprop and against FD */
  double ea = 0.0, ef = 0.0;
#define ACC(got, an, p) (ea = fmax(ea, fabs((got) - (an))), ef = fmax(ef, fabs((got) - fd_of(p))))
  for (int i = 0; i < NH * NI; i++)
    ACC(dW1[i], aW1[i], &W1[i]);
  for (int j = 0; j < NH; j++) {
    ACC(db1[j], ab1[j], &b1[j]);
    ACC(dW2[j], aW2[j], &W2[j]);
  }
  CHECK_CLOSE("mlp.all.max_err_analytic", ea, 0.0, 1e-12);
  CHECK_CLOSE("mlp.all.max_err_fd", ef, 0.0, 1e-8);
  return llad_report();
}
