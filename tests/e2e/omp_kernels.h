/* The OpenMP functions omp_forward.c and omp_reverse.c both differentiate: a parallel for with a
 * static schedule calling an out-of-line helper (and the same loss written serially), a
 * reduction(+:s), and a region that splits its work by omp_get_thread_num. */
#ifndef LLAD_E2E_OMP_KERNELS_H
#define LLAD_E2E_OMP_KERNELS_H
#include "check.h"
#include <omp.h>

LLAD_NOINLINE double bump(double v) { return v * exp(-0.5 * v * v); }

LLAD_NOINLINE void map_static(double *y, const double *x, int n) {
#pragma omp parallel for schedule(static)
  for (int i = 0; i < n; i++)
    y[i] = bump(x[i]) + sin(x[i]) * x[i];
}

double loss_static(const double *x, double *y, int n) {
  map_static(y, x, n);
  double s = 0.0;
  for (int i = 0; i < n; i++)
    s += y[i] * y[i];
  return s;
}

double loss_static_serial(const double *x, double *y, int n) {
  for (int i = 0; i < n; i++)
    y[i] = bump(x[i]) + sin(x[i]) * x[i];
  double s = 0.0;
  for (int i = 0; i < n; i++)
    s += y[i] * y[i];
  return s;
}

double reduced(const double *x, int n) {
  double s = 0.0;
#pragma omp parallel for reduction(+ : s)
  for (int i = 0; i < n; i++)
    s += x[i] * x[i] * cos(x[i]);
  return s;
}

double by_thread(const double *x, double *y, int n) {
#pragma omp parallel
  {
    int t = omp_get_thread_num(), k = omp_get_num_threads();
    for (int i = t; i < n; i += k)
      y[i] = log(1.0 + x[i] * x[i]);
  }
  double s = 0.0;
  for (int i = 0; i < n; i++)
    s += y[i] * x[i];
  return s;
}

#endif
