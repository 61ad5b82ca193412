/* OpenMP in forward mode: each construct in a function differentiated with __enzyme_fwddiff,
 * checked against the analytic tangent, central finite differences and the tangent of the same
 * function written serially (run at 1, 2 and 4 threads by the harness).
 *   parallel for, static schedule, out of line, calling a helper;  dynamic schedule with
 *   firstprivate;  parallel + for + critical;  barrier, single, master;  reduction(+:s);
 *   a region that splits its work by omp_get_thread_num. */
#include "omp_kernels.h"

#define N 203

double dynamic_first(const double *x, double *y, int n, double a) {
#pragma omp parallel for schedule(dynamic, 7) firstprivate(a)
  for (int i = 0; i < n; i++)
    y[i] = a * exp(0.1 * x[i]) + x[i] * x[i];
  double s = 0.0;
  for (int i = 0; i < n; i++)
    s += y[i];
  return s;
}

double critical_sum(const double *x, int n) {
  double s = 0.0;
#pragma omp parallel
  {
    double local = 0.0;
#pragma omp for
    for (int i = 0; i < n; i++)
      local += sin(x[i]);
#pragma omp critical
    s += local;
  }
  return s;
}

double staged(const double *x, double *tmp, int n) {
  double out = 0.0;
#pragma omp parallel shared(out)
  {
#pragma omp for schedule(static)
    for (int i = 0; i < n; i++)
      tmp[i] = x[i] * x[(i + 1) % n];
#pragma omp barrier
#pragma omp single
    {
      double s = 0.0;
      for (int i = 0; i < n; i++)
        s += tmp[i];
      out = s;
    }
#pragma omp master
    out = out * 2.0;
#pragma omp barrier
  }
  return out;
}

static double x0[N], v[N], scratch[N], dscratch[N];
static int fd_which;
/* the function along x0 + h v, for finite differences */
static double along(double h) {
  double x[N], y[N];
  for (int i = 0; i < N; i++)
    x[i] = x0[i] + h * v[i];
  switch (fd_which) {
  case 0: return loss_static(x, y, N);
  case 1: return dynamic_first(x, y, N, 1.5);
  case 2: return critical_sum(x, N);
  case 3: return staged(x, y, N);
  case 4: return reduced(x, N);
  default: return by_thread(x, y, N);
  }
}
static double fd(int which) {
  fd_which = which;
  return (along(FD_H) - along(-FD_H)) / (2.0 * FD_H);
}

int main(void) {
  for (int i = 0; i < N; i++)
    x0[i] = 0.02 * i - 2.0, v[i] = cos(0.7 * i);
  double an;

  double d = __enzyme_fwddiff((void *)loss_static, enzyme_dup, x0, v, enzyme_dup, scratch, dscratch, enzyme_const, N);
  double serial = __enzyme_fwddiff((void *)loss_static_serial, enzyme_dup, x0, v, enzyme_dup, scratch, dscratch, enzyme_const, N);
  an = 0.0;
  for (int i = 0; i < N; i++) {
    double xi = x0[i], y = bump(xi) + sin(xi) * xi;
    double dy = exp(-0.5 * xi * xi) * (1.0 - xi * xi) + cos(xi) * xi + sin(xi);
    an += 2.0 * y * dy * v[i];
  }
  CHECK_DERIV("static.d", d, an, fd(0));
  CHECK_CLOSE("static.same_as_serial", d, serial, 1e-12);

  d = __enzyme_fwddiff((void *)dynamic_first, enzyme_dup, x0, v, enzyme_dup, scratch, dscratch, enzyme_const, N, 1.5, 0.0);
  an = 0.0;
  for (int i = 0; i < N; i++)
    an += (1.5 * 0.1 * exp(0.1 * x0[i]) + 2.0 * x0[i]) * v[i];
  CHECK_DERIV("dynamic.d", d, an, fd(1));

  d = __enzyme_fwddiff((void *)critical_sum, enzyme_dup, x0, v, enzyme_const, N);
  an = 0.0;
  for (int i = 0; i < N; i++)
    an += cos(x0[i]) * v[i];
  CHECK_DERIV("critical.d", d, an, fd(2));

  d = __enzyme_fwddiff((void *)staged, enzyme_dup, x0, v, enzyme_dup, scratch, dscratch, enzyme_const, N);
  an = 0.0;
  for (int i = 0; i < N; i++)
    an += 2.0 * (v[i] * x0[(i + 1) % N] + x0[i] * v[(i + 1) % N]);
  CHECK_DERIV("staged.d", d, an, fd(3));

  d = __enzyme_fwddiff((void *)reduced, enzyme_dup, x0, v, enzyme_const, N);
  an = 0.0;
  for (int i = 0; i < N; i++)
    an += (2.0 * x0[i] * cos(x0[i]) - x0[i] * x0[i] * sin(x0[i])) * v[i];
  CHECK_DERIV("reduction.d", d, an, fd(4));

  d = __enzyme_fwddiff((void *)by_thread, enzyme_dup, x0, v, enzyme_dup, scratch, dscratch, enzyme_const, N);
  an = 0.0;
  for (int i = 0; i < N; i++)
    an += (2.0 * x0[i] * x0[i] / (1.0 + x0[i] * x0[i]) + log(1.0 + x0[i] * x0[i])) * v[i];
  CHECK_DERIV("by_thread.d", d, an, fd(5));
  return llad_report();
}
