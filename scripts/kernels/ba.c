#include "bench.h"
/* ADBench's bundle adjustment objective (Srajer, Kucera, Fitzgibbon 2018) with NCAM = 200 cameras, NPT = 20000
 * points and NOBS = 100000 observations (each point seen by 5 cameras). A camera is 11 parameters
 * [r1 r2 r3 C1 C2 C3 f u0 v0 k1 k2] (Rodrigues rotation, center, focal length, principal point, radial
 * distortion), a point 3, and each observation has a weight w. Residuals: the weighted reprojection error
 * w * (project(cam, X) - feat) (2 per observation) and the weight error 1 - w^2 (1 per observation).
 * The objective is 0.5 * the sum of squares of all residuals (its gradient is J^T r, what reverse mode gives
 * for BA's least-squares problem). Gradient with respect to cameras, points and weights; the observation
 * indices and the features are constant. */
#define NCAM 200
#define NPT 20000
#define NOBS 100000
#define NCAMPARAMS 11
#define NPARAMS (NCAMPARAMS * NCAM + 3 * NPT + NOBS)

static double sqsum(int n, const double *x) {
  double s = 0;
  for (int i = 0; i < n; i++) s += x[i] * x[i];
  return s;
}

static void cross(const double *a, const double *b, double *out) {
  out[0] = a[1] * b[2] - a[2] * b[1];
  out[1] = a[2] * b[0] - a[0] * b[2];
  out[2] = a[0] * b[1] - a[1] * b[0];
}

/* Rotates pt by the angle-axis vector rot (Rodrigues' formula, as in Ceres). */
static void rodrigues_rotate_point(const double *rot, const double *pt, double *out) {
  double sqtheta = sqsum(3, rot);
  if (sqtheta != 0) {
    double theta = sqrt(sqtheta), costheta = cos(theta), sintheta = sin(theta), inv = 1.0 / theta;
    double w[3], w_cross_pt[3];
    for (int i = 0; i < 3; i++) w[i] = rot[i] * inv;
    cross(w, pt, w_cross_pt);
    double tmp = (w[0] * pt[0] + w[1] * pt[1] + w[2] * pt[2]) * (1.0 - costheta);
    for (int i = 0; i < 3; i++) out[i] = pt[i] * costheta + w_cross_pt[i] * sintheta + w[i] * tmp;
  } else {
    double rot_cross_pt[3];
    cross(rot, pt, rot_cross_pt);
    for (int i = 0; i < 3; i++) out[i] = pt[i] + rot_cross_pt[i];
  }
}

static void radial_distort(const double *rad, double *proj) {
  double rsq = sqsum(2, proj);
  double l = 1.0 + rad[0] * rsq + rad[1] * rsq * rsq;
  proj[0] *= l;
  proj[1] *= l;
}

static void project(const double *cam, const double *x, double *proj) {
  const double *c = &cam[3];
  double xo[3], xcam[3];
  for (int i = 0; i < 3; i++) xo[i] = x[i] - c[i];
  rodrigues_rotate_point(&cam[0], xo, xcam);
  proj[0] = xcam[0] / xcam[2];
  proj[1] = xcam[1] / xcam[2];
  radial_distort(&cam[9], proj);
  proj[0] = proj[0] * cam[6] + cam[7];
  proj[1] = proj[1] * cam[6] + cam[8];
}

static void compute_reproj_error(const double *cam, const double *x, const double *w, const double *feat,
                                 double *err) {
  double proj[2];
  project(cam, x, proj);
  err[0] = *w * (proj[0] - feat[0]);
  err[1] = *w * (proj[1] - feat[1]);
}

static double compute_zach_weight_error(const double *w) { return 1 - *w * *w; }

__attribute__((noinline)) double ba_objective(int n, int m, int p, const double *cams, const double *x,
                                              const double *w, const int *obs, const double *feats) {
  (void)n, (void)m;
  double sum = 0;
  for (int i = 0; i < p; i++) {
    int cam = obs[2 * i], pt = obs[2 * i + 1];
    double err[2];
    compute_reproj_error(&cams[cam * NCAMPARAMS], &x[pt * 3], &w[i], &feats[2 * i], err);
    sum += err[0] * err[0] + err[1] * err[1];
  }
  for (int i = 0; i < p; i++) {
    double e = compute_zach_weight_error(&w[i]);
    sum += e * e;
  }
  return 0.5 * sum;
}

static int *obs;
static double *feats;

int bench_setup(void) {
  bench_theta = malloc(NPARAMS * sizeof(double));
  double *cams = bench_theta, *pts = cams + NCAMPARAMS * NCAM, *w = pts + 3 * NPT;
  /* Cameras near the origin looking down +z, points in a box around z = 10. */
  for (int j = 0; j < NCAM; j++) {
    double *c = &cams[j * NCAMPARAMS];
    for (int i = 0; i < 3; i++) c[i] = 0.1 * bench_rand();
    for (int i = 3; i < 6; i++) c[i] = bench_rand();
    c[6] = 1.5 + 0.1 * bench_rand();
    c[7] = 0.05 * bench_rand();
    c[8] = 0.05 * bench_rand();
    c[9] = 0.02 * bench_rand();
    c[10] = 0.005 * bench_rand();
  }
  for (int j = 0; j < NPT; j++) {
    pts[3 * j] = 3 * bench_rand();
    pts[3 * j + 1] = 3 * bench_rand();
    pts[3 * j + 2] = 10 + 2 * bench_rand();
  }
  for (int i = 0; i < NOBS; i++) w[i] = 1 + 0.1 * bench_rand();
  /* Point j is seen by 5 distinct cameras. */
  obs = malloc(2 * NOBS * sizeof(int));
  feats = malloc(2 * NOBS * sizeof(double));
  for (int i = 0; i < NOBS; i++) {
    int j = i / 5, s = i % 5;
    obs[2 * i] = (37 * j + 41 * s) % NCAM;
    obs[2 * i + 1] = j % NPT;
    feats[2 * i] = 0.5 * bench_rand();
    feats[2 * i + 1] = 0.5 * bench_rand();
  }
  return NPARAMS;
}
double bench_primal(const double *theta) {
  return ba_objective(NCAM, NPT, NOBS, theta, theta + NCAMPARAMS * NCAM, theta + NCAMPARAMS * NCAM + 3 * NPT, obs,
                      feats);
}
void bench_gradient(const double *theta, double *grad) {
  memset(grad, 0, NPARAMS * sizeof(double));
  const int xo = NCAMPARAMS * NCAM, wo = xo + 3 * NPT;
  __enzyme_autodiff((void *)ba_objective, enzyme_const, NCAM, enzyme_const, NPT, enzyme_const, NOBS,
                    enzyme_dup, theta, grad, enzyme_dup, theta + xo, grad + xo, enzyme_dup, theta + wo, grad + wo,
                    enzyme_const, obs, enzyme_const, feats);
}
double bench_tangent(const double *theta, const double *v) {
  const int xo = NCAMPARAMS * NCAM, wo = xo + 3 * NPT;
  return __enzyme_fwddiff((void *)ba_objective, enzyme_const, NCAM, enzyme_const, NPT, enzyme_const, NOBS,
                          enzyme_dup, theta, v, enzyme_dup, theta + xo, v + xo, enzyme_dup, theta + wo, v + wo,
                          enzyme_const, obs, enzyme_const, feats);
}
int main(void) { return bench_main("ba"); }
