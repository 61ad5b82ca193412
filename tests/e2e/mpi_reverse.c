/* MPI in reverse mode (the harness runs it under mpirun with 1, 2 and 4 ranks): the functions of
 * mpi_forward.c (a ring of MPI_Send/MPI_Recv, a halo exchange with MPI_Sendrecv, MPI_Bcast,
 * MPI_Reduce and MPI_Allreduce with MPI_SUM, MPI_Gather/MPI_Scatter/MPI_Allgather), each
 * differentiated with __enzyme_autodiff: every rank's gradient, summed over ranks as
 * <grad, v> (divided by the number of ranks, each of which seeds the global loss with 1), must
 * equal the forward tangent along v and the central finite difference of the parallel function
 * along v (every rank perturbs its own x). Ranks other than 0 print nothing. */
#include "check.h"
#include <mpi.h>

void __enzyme_autodiff(void *, ...);

#define M 6

static int rank, size;

/* ring: every rank sends f(x) to the right and receives from the left */
double ring(const double *x, double *got, int n) {
  double mine[M];
  for (int i = 0; i < n; i++)
    mine[i] = exp(0.3 * x[i]) * (rank + 1);
  if (size == 1) {
    for (int i = 0; i < n; i++)
      got[i] = mine[i];
  } else if (rank % 2 == 0) {
    MPI_Send(mine, n, MPI_DOUBLE, (rank + 1) % size, 7, MPI_COMM_WORLD);
    MPI_Recv(got, n, MPI_DOUBLE, (rank + size - 1) % size, 7, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  } else {
    MPI_Recv(got, n, MPI_DOUBLE, (rank + size - 1) % size, 7, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    MPI_Send(mine, n, MPI_DOUBLE, (rank + 1) % size, 7, MPI_COMM_WORLD);
  }
  double s = 0.0, total = 0.0;
  for (int i = 0; i < n; i++)
    s += got[i] * x[i];
  MPI_Allreduce(&s, &total, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
  return total;
}

/* halo exchange of the end values, then a root-only reduction broadcast back */
double halo(const double *x, double *ghost, int n) {
  double edge[2] = {x[0] * x[0], sin(x[n - 1])};
  MPI_Sendrecv(&edge[1], 1, MPI_DOUBLE, (rank + 1) % size, 1, &ghost[0], 1, MPI_DOUBLE, (rank + size - 1) % size, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  MPI_Sendrecv(&edge[0], 1, MPI_DOUBLE, (rank + size - 1) % size, 2, &ghost[1], 1, MPI_DOUBLE, (rank + 1) % size, 2, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  double s = ghost[0] * x[1] + ghost[1] * x[2], at_root = 0.0;
  MPI_Reduce(&s, &at_root, 1, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
  MPI_Bcast(&at_root, 1, MPI_DOUBLE, 0, MPI_COMM_WORLD);
  return at_root;
}

/* gather to the root, scale there, scatter back, then everyone gathers everything */
double collectives(const double *x, double *all, int n) {
  (void)n;
  double mine[2] = {x[0] * x[1], cos(x[2])}, back[2], every[8];
  MPI_Gather(mine, 2, MPI_DOUBLE, all, 2, MPI_DOUBLE, 0, MPI_COMM_WORLD);
  if (rank == 0)
    for (int i = 0; i < 2 * size; i++)
      all[i] = all[i] * all[i];
  MPI_Scatter(all, 2, MPI_DOUBLE, back, 2, MPI_DOUBLE, 0, MPI_COMM_WORLD);
  MPI_Allgather(back, 2, MPI_DOUBLE, every, 2, MPI_DOUBLE, MPI_COMM_WORLD);
  double s = 0.0;
  for (int i = 0; i < 2 * size; i++)
    s += every[i] * (i + 1);
  return s;
}

static double x0[M], v[M], buf[64], dbuf[64];
static double (*current)(const double *, double *, int);
static double along(double h) {
  double x[M], scratch[64];
  for (int i = 0; i < M; i++)
    x[i] = x0[i] + h * v[i];
  return current(x, scratch, M);
}
static double fd(double (*f)(const double *, double *, int)) {
  current = f;
  return (along(FD_H) - along(-FD_H)) / (2.0 * FD_H);
}

/* <grad, v> over all ranks */
static double dot_all(const double *g) {
  double local = 0.0, all = 0.0;
  for (int i = 0; i < M; i++)
    local += g[i] * v[i];
  MPI_Allreduce(&local, &all, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
  return all;
}

/* (a macro: a request names its function directly) */
#define CHECK_GRADIENT(f)                                                                        \
  do {                                                                                           \
    double g[M] = {0}, x[M];                                                                     \
    for (int i = 0; i < M; i++)                                                                  \
      x[i] = x0[i];                                                                              \
    for (int i = 0; i < 64; i++)                                                                 \
      dbuf[i] = 0.0;                                                                             \
    __enzyme_autodiff((void *)f, enzyme_dup, x, g, enzyme_dup, buf, dbuf, enzyme_const, M);      \
    double tangent = __enzyme_fwddiff((void *)f, enzyme_dup, x0, v, enzyme_dup, buf, dbuf, enzyme_const, M); \
    /* every rank returns the global loss and seeds its adjoint with 1: the ranks' gradients  \
     * add up to size times the loss's gradient */                                              \
    CHECK_DERIV(#f ".grad.v", dot_all(g) / size, tangent, fd(f));                                \
  } while (0)

int main(int argc, char **argv) {
  MPI_Init(&argc, &argv);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  if (rank != 0 && !freopen("/dev/null", "w", stdout))
    return 1;
  for (int i = 0; i < M; i++)
    x0[i] = 0.2 * i - 0.3 + 0.05 * rank, v[i] = cos(i + rank);
  CHECK_GRADIENT(ring);
  CHECK_GRADIENT(halo);
  CHECK_GRADIENT(collectives);
  int failed = llad_report();
  MPI_Finalize();
  return failed;
}
