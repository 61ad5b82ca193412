/* A distributed explicit 2-D heat equation (issue 11's example; scripts/mpi-heat runs it larger
 * and times it): the ROWS x COLS grid is split into row blocks across ranks; every step each rank
 * exchanges its edge rows with its neighbours (MPI_Irecv/MPI_Isend, MPI_Waitall) and updates its
 * block; the loss is the global sum of squares of the final field (MPI_Allreduce), returned on
 * rank 0. The gradient with respect to the initial field (every rank's block) and the
 * conductivity (reverse mode, __enzyme_autodiff) must match central finite differences of the
 * parallel loss along a random direction, and the forward tangent. Run under mpirun with 1, 2
 * and 4 ranks (ROWS divisible by each). */
#include "check.h"
#include <mpi.h>
#include <stdlib.h>

double __enzyme_autodiff(void *, ...); /* returns the adjoint of the enzyme_out conductivity */

#ifndef ROWS
#define ROWS 16
#endif
#ifndef COLS
#define COLS 12
#endif
#ifndef STEPS
#define STEPS 25
#endif

static int rank, size;

/* u0: this rank's rows (rows x COLS); k: the conductivity */
double heat_loss(const double *u0, double k, int rows) {
  const double dt = 0.1;
  /* the block with a halo row above and below */
  double *u = calloc((size_t)(rows + 2) * COLS, sizeof(double));
  double *next = calloc((size_t)(rows + 2) * COLS, sizeof(double));
  for (int i = 0; i < rows * COLS; i++)
    u[COLS + i] = u0[i];
  int up = rank - 1, down = rank + 1;
  for (int step = 0; step < STEPS; step++) {
    MPI_Request requests[4];
    int n = 0;
    /* (outside the domain the halo stays 0: a cold boundary) */
    if (up >= 0) {
      MPI_Irecv(&u[0], COLS, MPI_DOUBLE, up, 1, MPI_COMM_WORLD, &requests[n++]);
      MPI_Isend(&u[COLS], COLS, MPI_DOUBLE, up, 2, MPI_COMM_WORLD, &requests[n++]);
    }
    if (down < size) {
      MPI_Irecv(&u[(rows + 1) * COLS], COLS, MPI_DOUBLE, down, 2, MPI_COMM_WORLD, &requests[n++]);
      MPI_Isend(&u[rows * COLS], COLS, MPI_DOUBLE, down, 1, MPI_COMM_WORLD, &requests[n++]);
    }
    MPI_Waitall(n, requests, MPI_STATUSES_IGNORE);
    for (int i = 1; i <= rows; i++)
      for (int j = 0; j < COLS; j++) {
        double left = j > 0 ? u[i * COLS + j - 1] : 0.0, right = j < COLS - 1 ? u[i * COLS + j + 1] : 0.0;
        double lap = u[(i - 1) * COLS + j] + u[(i + 1) * COLS + j] + left + right - 4.0 * u[i * COLS + j];
        next[i * COLS + j] = u[i * COLS + j] + k * dt * lap;
      }
    for (int i = COLS; i < (rows + 1) * COLS; i++)
      u[i] = next[i];
  }
  double s = 0.0, total = 0.0;
  for (int i = COLS; i < (rows + 1) * COLS; i++)
    s += u[i] * u[i];
  free(u);
  free(next);
  MPI_Allreduce(&s, &total, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
  return rank == 0 ? total : 0.0;
}

/* the loss as every rank sees it (for finite differences) */
static double global_loss(const double *u0, double k, int rows) {
  double mine = heat_loss(u0, k, rows), all = 0.0;
  MPI_Allreduce(&mine, &all, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
  return all;
}

static double sum_over_ranks(double x) {
  double all = 0.0;
  MPI_Allreduce(&x, &all, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
  return all;
}

int main(int argc, char **argv) {
  MPI_Init(&argc, &argv);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  if (rank != 0 && !freopen("/dev/null", "w", stdout))
    return 1;
  int rows = ROWS / size;
  double *u0 = malloc(sizeof(double) * rows * COLS), *du0 = calloc((size_t)rows * COLS, sizeof(double));
  double *v = malloc(sizeof(double) * rows * COLS), *probe = malloc(sizeof(double) * rows * COLS);
  for (int i = 0; i < rows * COLS; i++) {
    int g = rank * rows * COLS + i; /* the global index: the same field at every rank count */
    u0[i] = sin(0.37 * g) + 0.5 * cos(0.11 * g * g);
    v[i] = cos(1.3 * g);
  }
  double k = 0.8, vk = 0.7;
  double dk = __enzyme_autodiff((void *)heat_loss, enzyme_dup, u0, du0, enzyme_out, k, enzyme_const, rows);
  double local = 0.0;
  for (int i = 0; i < rows * COLS; i++)
    local += du0[i] * v[i];
  double directional = sum_over_ranks(local) + sum_over_ranks(dk) * vk;

  /* central finite difference of the global loss along (v, vk) */
  const double h = 1e-6;
  for (int i = 0; i < rows * COLS; i++)
    probe[i] = u0[i] + h * v[i];
  double fp = global_loss(probe, k + h * vk, rows);
  for (int i = 0; i < rows * COLS; i++)
    probe[i] = u0[i] - h * v[i];
  double fm = global_loss(probe, k - h * vk, rows);
  double fd = (fp - fm) / (2.0 * h);

  double dk_fd = (global_loss(u0, k + h, rows) - global_loss(u0, k - h, rows)) / (2.0 * h);
  CHECK_CLOSE("heat.grad.direction.fd", directional, fd, RTOL_FD);
  CHECK_CLOSE("heat.grad.k.fd", sum_over_ranks(dk), dk_fd, RTOL_FD);
#ifdef BENCH
  /* scripts/mpi-heat: primal and gradient times (medians would need more runs; best of 5) */
  double best_primal = 1e30, best_gradient = 1e30;
  for (int r = 0; r < 5; r++) {
    MPI_Barrier(MPI_COMM_WORLD);
    double t0 = MPI_Wtime();
    global_loss(u0, k, rows);
    double t1 = MPI_Wtime();
    for (int i = 0; i < rows * COLS; i++)
      du0[i] = 0.0;
    MPI_Barrier(MPI_COMM_WORLD);
    double t2 = MPI_Wtime();
    __enzyme_autodiff((void *)heat_loss, enzyme_dup, u0, du0, enzyme_out, k, enzyme_const, rows);
    MPI_Barrier(MPI_COMM_WORLD);
    double t3 = MPI_Wtime();
    best_primal = fmin(best_primal, t1 - t0), best_gradient = fmin(best_gradient, t3 - t2);
  }
  printf("ranks %d, %dx%d grid, %d steps: primal %.4f s, gradient %.4f s, gradient/primal %.2f\n", size, ROWS, COLS, STEPS, best_primal, best_gradient, best_gradient / best_primal);
  /* scripts/bench's line: name primal_s gradient_s ratio forward_ratio extra_peak_MB check (forward
   * mode and memory not measured here) */
  printf("mpi_heat %12.6e %12.6e %8.2f nan nan %s\n", best_primal, best_gradient, best_gradient / best_primal, llad_failures ? "WRONG" : "ok");
#endif
  free(u0), free(du0), free(v), free(probe);
  int failed = llad_report();
  MPI_Finalize();
  return failed;
}
