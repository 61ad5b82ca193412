/* OpenMP in reverse mode: each construct in a function differentiated with __enzyme_autodiff,
 * the gradient checked along a direction against the analytic derivative and central finite
 * differences, and element by element against the gradient of the same function written
 * serially (run at 1, 2 and 4 threads by the harness, each gradient computed repeatedly: a race
 * in the reverse would show as a changing result).
 *   parallel for, static schedule, out of line, calling a helper;  dynamic schedule with a
 *   firstprivate scalar (its adjoint summed over the team);  parallel + for + critical;  barrier,
 *   single, master;  reduction(+:s);  a region that splits its work by omp_get_thread_num;  a
 *   stencil whose neighbours' adjoints other threads add into too;  omp atomic;  a time loop
 *   inside one region (omp for + implicit barriers, state updated in place);  num_threads(3) with
 *   proc_bind;
 *   a local constant table and a constant array captured beside active ones (as a new user
 *   writes a loss), also in forward mode;  critical sections and a user lock around a product
 *   (their reverses must run in the reverse order);  a barrier inside an out-of-line helper that
 *   carries no derivative;  a parallel loop nested in a two-thread region (its one-thread team
 *   still adds atomically). */
#include "omp_kernels.h"

double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);

#define N 203
#define REPEAT 5

double dynamic_first(const double *x, double *y, int n, double a) {
#pragma omp parallel for schedule(dynamic, 7) firstprivate(a)
  for (int i = 0; i < n; i++)
    y[i] = a * exp(0.1 * x[i]) + x[i] * x[i];
  double s = 0.0;
  for (int i = 0; i < n; i++)
    s += y[i] * y[i];
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
    s += local * local;
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
    out = out * out;
#pragma omp barrier
  }
  return out;
}

/* Every x[i] is read by three iterations, run by different threads. */
double stencil(const double *x, double *y, int n) {
#pragma omp parallel for schedule(static, 5)
  for (int i = 0; i < n; i++)
    y[i] = x[(i + n - 1) % n] * x[i] - x[(i + 1) % n] * x[(i + 1) % n];
  double s = 0.0;
  for (int i = 0; i < n; i++)
    s += sin(y[i]);
  return s;
}

double atomic_sum(const double *x, int n) {
  double s = 0.0;
#pragma omp parallel for
  for (int i = 0; i < n; i++) {
    double t = tanh(x[i]);
#pragma omp atomic
    s += t * t;
  }
  return s * s;
}

#define STEPS 12
/* An explicit diffusion step, updated in place (two buffers swapped), inside one region. */
double diffuse(double *u, double *w, int n, double k) {
#pragma omp parallel
  for (int step = 0; step < STEPS; step++) {
#pragma omp for
    for (int i = 1; i < n - 1; i++)
      w[i] = u[i] + k * (u[i - 1] - 2.0 * u[i] + u[i + 1]) - 0.01 * u[i] * u[i];
#pragma omp for
    for (int i = 1; i < n - 1; i++)
      u[i] = w[i];
  }
  double s = 0.0;
  for (int i = 0; i < n; i++)
    s += u[i] * u[i];
  return s;
}

double three_threads(const double *x, int n) {
  double s = 0.0;
#pragma omp parallel for num_threads(3) proc_bind(close) reduction(+ : s)
  for (int i = 0; i < n; i++)
    s += exp(0.3 * x[i]) * x[i];
  return s;
}

double with_table(const double *x, const double *w) {
  double table[N], y[N];
  for (int i = 0; i < N; i++)
    table[i] = cos(0.01 * i);
#pragma omp parallel for
  for (int i = 0; i < N; i++)
    y[i] = table[i] * sin(x[i]) * w[i % 7];
  double s = 0.0;
  for (int i = 0; i < N; i++)
    s += y[i] * y[i];
  return s;
}

/* p *= v under a critical section: the reverse of each section reads the adjoint the later
 * sections left, so the reverses must run in the reverse order. */
double critical_product(const double *x, int n) {
  double p = 1.0;
#pragma omp parallel for schedule(dynamic, 3)
  for (int i = 0; i < n; i++) {
    double v = 1.0 + 0.2 * sin(x[i]);
#pragma omp critical
    p *= v;
  }
  return p;
}

static omp_lock_t product_lock;
double locked_product(const double *x, int n) {
  double q = 1.0;
#pragma omp parallel for
  for (int i = 0; i < n; i++) {
    double v = 1.0 + 0.05 * x[i] * x[i];
    omp_set_lock(&product_lock);
    q *= v;
    omp_unset_lock(&product_lock);
  }
  return q;
}

LLAD_NOINLINE void team_sync(void) {
#pragma omp barrier
}
/* Phase 2 reads what other threads wrote in phase 1, after a barrier in a helper. */
double phased(const double *x, double *tmp, int n) {
  double s = 0.0;
#pragma omp parallel reduction(+ : s)
  {
#pragma omp for nowait
    for (int i = 0; i < n; i++)
      tmp[i] = x[i] * x[i];
    team_sync();
#pragma omp for nowait
    for (int i = 0; i < n; i++)
      s += tmp[(i + 1) % n] * x[i];
  }
  return s;
}

/* A region nested in another: each thread of the outer team (two threads) runs an inner
 * parallel loop, whose team has one thread while the outer region is active, adding 20000 times
 * into the adjoints of the same 7 elements of x. Both outer threads add into them at once: the
 * inner reverse must add atomically although its own team has one thread (plain adds only where
 * a thread runs alone; with plain adds here the sums lose updates). */
#define NESTED_TRIPS 20000
double nested(const double *x) {
  double part[2] = {0.0, 0.0};
#pragma omp parallel num_threads(2)
  {
    int t = omp_get_thread_num();
    double s = 0.0;
#pragma omp parallel for reduction(+ : s)
    for (int i = 0; i < NESTED_TRIPS; i++)
      s += sin(x[i % 7]) * x[i % 7] * (t + 1);
    part[t] = s;
  }
  return part[0] * part[0] + part[1];
}

static const double weights[7] = {1.0, 2.0, 0.5, -1.0, 3.0, 0.25, 1.5};
static double x0[N], v[N], grad[N], grad2[N], scratch[N], dscratch[N], u[N], du[N];
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
  case 5: return by_thread(x, y, N);
  case 6: return stencil(x, y, N);
  case 7: return atomic_sum(x, N);
  case 8: return diffuse(x, y, N, 0.2);
  case 9: return three_threads(x, N);
  case 10: return with_table(x, weights);
  case 11: return critical_product(x, N);
  case 12: return locked_product(x, N);
  case 14: return nested(x);
  default: return phased(x, y, N);
  }
}
static double fd(int which) {
  fd_which = which;
  return (along(FD_H) - along(-FD_H)) / (2.0 * FD_H);
}
static double dot_v(const double *g) {
  double s = 0.0;
  for (int i = 0; i < N; i++)
    s += g[i] * v[i];
  return s;
}
static void clear(double *g) {
  for (int i = 0; i < N; i++)
    g[i] = 0.0;
}

/* The gradient `grad` of one function, computed REPEAT times: every repetition must give the
 * same values up to summation order. */
#define GRADIENT(...)                                                          \
  do {                                                                         \
    double first[N];                                                           \
    for (int r = 0; r < REPEAT; r++) {                                         \
      clear(grad);                                                             \
      __VA_ARGS__;                                                             \
      if (r == 0)                                                              \
        memcpy(first, grad, sizeof first);                                     \
      for (int i = 0; i < N; i++)                                              \
        if (!llad_close(grad[i], first[i], 1e-12)) {                           \
          CHECK_CLOSE(NAME("repeat.%d", __LINE__), grad[i], first[i], 1e-12);  \
          break;                                                               \
        }                                                                      \
    }                                                                          \
  } while (0)

int main(void) {
  for (int i = 0; i < N; i++)
    x0[i] = 0.02 * i - 2.0, v[i] = cos(0.7 * i);
  double an;

  GRADIENT(__enzyme_autodiff((void *)loss_static, enzyme_dup, x0, grad, enzyme_dup, scratch, dscratch, enzyme_const, N));
  clear(grad2);
  __enzyme_autodiff((void *)loss_static_serial, enzyme_dup, x0, grad2, enzyme_dup, scratch, dscratch, enzyme_const, N);
  an = 0.0;
  for (int i = 0; i < N; i++) {
    double xi = x0[i], y = bump(xi) + sin(xi) * xi;
    double dy = exp(-0.5 * xi * xi) * (1.0 - xi * xi) + cos(xi) * xi + sin(xi);
    an += 2.0 * y * dy * v[i];
  }
  CHECK_DERIV("static.grad", dot_v(grad), an, fd(0));
  for (int i = 0; i < N; i += 29)
    CHECK_CLOSE(NAME("static.same_as_serial[%d]", i), grad[i], grad2[i], 1e-12);

  double da = 0.0;
  GRADIENT(da = __enzyme_autodiff((void *)dynamic_first, enzyme_dup, x0, grad, enzyme_dup, scratch, dscratch, enzyme_const, N, 1.5));
  an = 0.0;
  double an_a = 0.0;
  for (int i = 0; i < N; i++) {
    double y = 1.5 * exp(0.1 * x0[i]) + x0[i] * x0[i];
    an += 2.0 * y * (1.5 * 0.1 * exp(0.1 * x0[i]) + 2.0 * x0[i]) * v[i];
    an_a += 2.0 * y * exp(0.1 * x0[i]);
  }
  CHECK_DERIV("dynamic.grad", dot_v(grad), an, fd(1));
  CHECK_CLOSE("dynamic.d_firstprivate", da, an_a, 1e-10);

  GRADIENT(__enzyme_autodiff((void *)critical_sum, enzyme_dup, x0, grad, enzyme_const, N));
  CHECK_CLOSE("critical.grad.fd", dot_v(grad), fd(2), RTOL_FD);

  GRADIENT(__enzyme_autodiff((void *)staged, enzyme_dup, x0, grad, enzyme_dup, scratch, dscratch, enzyme_const, N));
  double s = 0.0;
  for (int i = 0; i < N; i++)
    s += x0[i] * x0[(i + 1) % N];
  an = 0.0;
  for (int i = 0; i < N; i++)
    an += 2.0 * s * (v[i] * x0[(i + 1) % N] + x0[i] * v[(i + 1) % N]);
  CHECK_DERIV("staged.grad", dot_v(grad), an, fd(3));

  GRADIENT(__enzyme_autodiff((void *)reduced, enzyme_dup, x0, grad, enzyme_const, N));
  an = 0.0;
  for (int i = 0; i < N; i++)
    an += (2.0 * x0[i] * cos(x0[i]) - x0[i] * x0[i] * sin(x0[i])) * v[i];
  CHECK_DERIV("reduction.grad", dot_v(grad), an, fd(4));

  GRADIENT(__enzyme_autodiff((void *)by_thread, enzyme_dup, x0, grad, enzyme_dup, scratch, dscratch, enzyme_const, N));
  an = 0.0;
  for (int i = 0; i < N; i++)
    an += (2.0 * x0[i] * x0[i] / (1.0 + x0[i] * x0[i]) + log(1.0 + x0[i] * x0[i])) * v[i];
  CHECK_DERIV("by_thread.grad", dot_v(grad), an, fd(5));

  GRADIENT(__enzyme_autodiff((void *)stencil, enzyme_dup, x0, grad, enzyme_dup, scratch, dscratch, enzyme_const, N));
  an = 0.0;
  for (int i = 0; i < N; i++) {
    int l = (i + N - 1) % N, r = (i + 1) % N;
    double y = x0[l] * x0[i] - x0[r] * x0[r];
    an += cos(y) * (v[l] * x0[i] + x0[l] * v[i] - 2.0 * x0[r] * v[r]);
  }
  CHECK_DERIV("stencil.grad", dot_v(grad), an, fd(6));

  GRADIENT(__enzyme_autodiff((void *)atomic_sum, enzyme_dup, x0, grad, enzyme_const, N));
  s = 0.0;
  for (int i = 0; i < N; i++)
    s += tanh(x0[i]) * tanh(x0[i]);
  an = 0.0;
  for (int i = 0; i < N; i++)
    an += 2.0 * s * 2.0 * tanh(x0[i]) * (1.0 - tanh(x0[i]) * tanh(x0[i])) * v[i];
  CHECK_DERIV("atomic.grad", dot_v(grad), an, fd(7));

  /* diffuse overwrites its input: each repetition starts from x0 again. */
  double dk = 0.0;
  GRADIENT(memcpy(u, x0, sizeof u); dk = __enzyme_autodiff((void *)diffuse, enzyme_dup, u, grad, enzyme_dup, scratch, dscratch, enzyme_const, N, 0.2));
  memcpy(u, x0, sizeof u);
  double yk[N], h = 1e-6, fk;
  memcpy(yk, x0, sizeof yk);
  fk = diffuse(yk, scratch, N, 0.2 + h);
  memcpy(yk, x0, sizeof yk);
  fk = (fk - diffuse(yk, scratch, N, 0.2 - h)) / (2.0 * h);
  CHECK_CLOSE("diffuse.grad.fd", dot_v(grad), fd(8), RTOL_FD);
  CHECK_CLOSE("diffuse.d_k.fd", dk, fk, RTOL_FD);

  GRADIENT(__enzyme_autodiff((void *)three_threads, enzyme_dup, x0, grad, enzyme_const, N));
  an = 0.0;
  for (int i = 0; i < N; i++)
    an += exp(0.3 * x0[i]) * (1.0 + 0.3 * x0[i]) * v[i];
  CHECK_DERIV("num_threads.grad", dot_v(grad), an, fd(9));

  GRADIENT(__enzyme_autodiff((void *)with_table, enzyme_dup, x0, grad, enzyme_const, weights));
  an = 0.0;
  for (int i = 0; i < N; i++) {
    double c = cos(0.01 * i) * weights[i % 7];
    an += 2.0 * c * c * sin(x0[i]) * cos(x0[i]) * v[i];
  }
  CHECK_DERIV("table.grad", dot_v(grad), an, fd(10));
  CHECK_DERIV("table.fwd", __enzyme_fwddiff((void *)with_table, enzyme_dup, x0, v, enzyme_const, weights), an, fd(10));

  GRADIENT(__enzyme_autodiff((void *)critical_product, enzyme_dup, x0, grad, enzyme_const, N));
  double prod = 1.0;
  for (int i = 0; i < N; i++)
    prod *= 1.0 + 0.2 * sin(x0[i]);
  an = 0.0;
  for (int i = 0; i < N; i++)
    an += prod / (1.0 + 0.2 * sin(x0[i])) * 0.2 * cos(x0[i]) * v[i];
  CHECK_DERIV("critical_product.grad", dot_v(grad), an, fd(11));

  omp_init_lock(&product_lock);
  GRADIENT(__enzyme_autodiff((void *)locked_product, enzyme_dup, x0, grad, enzyme_const, N));
  prod = 1.0;
  for (int i = 0; i < N; i++)
    prod *= 1.0 + 0.05 * x0[i] * x0[i];
  an = 0.0;
  for (int i = 0; i < N; i++)
    an += prod / (1.0 + 0.05 * x0[i] * x0[i]) * 0.1 * x0[i] * v[i];
  CHECK_DERIV("lock_product.grad", dot_v(grad), an, fd(12));

  GRADIENT(__enzyme_autodiff((void *)phased, enzyme_dup, x0, grad, enzyme_dup, scratch, dscratch, enzyme_const, N));
  an = 0.0;
  for (int j = 0; j < N; j++) {
    int before = (j + N - 1) % N, after = (j + 1) % N;
    an += (2.0 * x0[j] * x0[before] + x0[after] * x0[after]) * v[j];
  }
  CHECK_DERIV("barrier_in_helper.grad", dot_v(grad), an, fd(13));

  GRADIENT(__enzyme_autodiff((void *)nested, enzyme_dup, x0, grad));
  double a_sum = 0.0;
  for (int i = 0; i < NESTED_TRIPS; i++)
    a_sum += sin(x0[i % 7]) * x0[i % 7];
  an = 0.0;
  for (int i = 0; i < NESTED_TRIPS; i++)
    an += (2.0 * a_sum + 2.0) * (cos(x0[i % 7]) * x0[i % 7] + sin(x0[i % 7])) * v[i % 7];
  CHECK_DERIV("nested.grad", dot_v(grad), an, fd(14));
  (void)du;
  return llad_report();
}
