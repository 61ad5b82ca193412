#include "bench.h"
/* ADBench's Gaussian mixture model objective (Srajer, Kucera, Fitzgibbon 2018), d = 10, k = 25, n = 10000.
 * Parameters (theta): alphas (k log mixture weights), means (k*d), icf (k * d(d+1)/2: per component the d logs of
 * the diagonal of Q, then its strictly lower triangle column by column), with a Wishart prior (gamma = 1, m = 0).
 *   f = CONST + sum_i logsumexp_k(alpha_k + sum(log diag Q_k) - 0.5 |Q_k (x_i - mu_k)|^2) - n logsumexp(alpha)
 *       + sum_k (0.5 gamma^2 (|diag Q_k|^2 + |ltri Q_k|^2) - m sum(log diag Q_k)) - k C(gamma, m)
 * Gradient with respect to alphas, means and icf; the points x are constant. */
#define D 10
#define K 25
#define NPTS 10000
#define ICF_SZ (D * (D + 1) / 2)
#define NPARAMS (K + K * D + K * ICF_SZ)

static double logsumexp(int n, const double *x) {
  double mx = x[0];
  for (int i = 1; i < n; i++)
    if (x[i] > mx) mx = x[i];
  double s = 0;
  for (int i = 0; i < n; i++) s += exp(x[i] - mx);
  return log(s) + mx;
}

/* log of the multivariate gamma function Gamma_p(a) */
static double log_gamma_distrib(double a, int p) {
  double r = 0.25 * p * (p - 1) * log(M_PI);
  for (int j = 1; j <= p; j++) r += lgamma(a + 0.5 * (1 - j));
  return r;
}

/* out = Q x, Q = diag(qdiag) + strictly lower triangle ltri (stored column by column) */
static void q_times_x(int d, const double *qdiag, const double *ltri, const double *x, double *out) {
  for (int i = 0; i < d; i++) out[i] = qdiag[i] * x[i];
  int idx = 0;
  for (int i = 0; i < d; i++)
    for (int j = i + 1; j < d; j++) out[j] += ltri[idx++] * x[i];
}

static double sqnorm(int n, const double *x) {
  double s = 0;
  for (int i = 0; i < n; i++) s += x[i] * x[i];
  return s;
}

__attribute__((noinline)) double gmm_objective(int d, int k, int n, const double *alphas, const double *means,
                                               const double *icf, const double *x, double wishart_gamma,
                                               int wishart_m) {
  const double constant = -n * d * 0.5 * log(2 * M_PI);
  int icf_sz = d * (d + 1) / 2;
  double *qdiags = malloc(d * k * sizeof(double));
  double *sum_qs = malloc(k * sizeof(double));
  double *xc = malloc(d * sizeof(double));
  double *qxc = malloc(d * sizeof(double));
  double *main_term = malloc(k * sizeof(double));

  for (int ik = 0; ik < k; ik++) {
    sum_qs[ik] = 0;
    for (int id = 0; id < d; id++) {
      double q = icf[ik * icf_sz + id];
      sum_qs[ik] += q;
      qdiags[ik * d + id] = exp(q);
    }
  }

  double slse = 0;
  for (int ix = 0; ix < n; ix++) {
    for (int ik = 0; ik < k; ik++) {
      for (int id = 0; id < d; id++) xc[id] = x[ix * d + id] - means[ik * d + id];
      q_times_x(d, &qdiags[ik * d], &icf[ik * icf_sz + d], xc, qxc);
      main_term[ik] = alphas[ik] + sum_qs[ik] - 0.5 * sqnorm(d, qxc);
    }
    slse += logsumexp(k, main_term);
  }
  double err = constant + slse - n * logsumexp(k, alphas);

  /* Wishart prior */
  int wn = d + wishart_m + 1;
  double c = wn * d * (log(wishart_gamma) - 0.5 * log(2.0)) - log_gamma_distrib(0.5 * wn, d);
  double prior = 0;
  for (int ik = 0; ik < k; ik++) {
    double frobenius = sqnorm(d, &qdiags[ik * d]) + sqnorm(icf_sz - d, &icf[ik * icf_sz + d]);
    prior += 0.5 * wishart_gamma * wishart_gamma * frobenius - wishart_m * sum_qs[ik];
  }
  err += prior - k * c;

  free(main_term);
  free(qxc);
  free(xc);
  free(sum_qs);
  free(qdiags);
  return err;
}

static double *points;

int bench_setup(void) {
  points = malloc(NPTS * D * sizeof(double));
  for (int i = 0; i < NPTS * D; i++) points[i] = bench_rand();
  bench_theta = malloc(NPARAMS * sizeof(double));
  double *alphas = bench_theta, *means = alphas + K, *icf = means + K * D;
  for (int i = 0; i < K; i++) alphas[i] = bench_rand();
  for (int i = 0; i < K * D; i++) means[i] = bench_rand();
  for (int ik = 0; ik < K; ik++)
    for (int j = 0; j < ICF_SZ; j++) icf[ik * ICF_SZ + j] = (j < D ? 0.2 : 0.1) * bench_rand();
  return NPARAMS;
}
double bench_primal(const double *theta) {
  return gmm_objective(D, K, NPTS, theta, theta + K, theta + K + K * D, points, 1.0, 0);
}
void bench_gradient(const double *theta, double *grad) {
  memset(grad, 0, NPARAMS * sizeof(double));
  __enzyme_autodiff((void *)gmm_objective, enzyme_const, D, enzyme_const, K, enzyme_const, NPTS,
                    enzyme_dup, theta, grad, enzyme_dup, theta + K, grad + K,
                    enzyme_dup, theta + K + K * D, grad + K + K * D, enzyme_const, points,
                    enzyme_const, 1.0, enzyme_const, 0);
}
double bench_tangent(const double *theta, const double *v) {
  return __enzyme_fwddiff((void *)gmm_objective, enzyme_const, D, enzyme_const, K, enzyme_const, NPTS,
                          enzyme_dup, theta, v, enzyme_dup, theta + K, v + K,
                          enzyme_dup, theta + K + K * D, v + K + K * D, enzyme_const, points,
                          enzyme_const, 1.0, enzyme_const, 0);
}
int main(void) { return bench_main("gmm"); }
