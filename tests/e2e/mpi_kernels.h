/* The MPI functions mpi_forward.c and mpi_reverse.c differentiate, and finite differences of
 * them along v (every rank perturbing its own x): a ring of MPI_Send/MPI_Recv, a halo exchange
 * with MPI_Sendrecv + MPI_Reduce + MPI_Bcast, MPI_Gather/MPI_Scatter/MPI_Allgather, and a
 * non-blocking exchange (MPI_Isend/MPI_Irecv/MPI_Waitall/MPI_Wait). */
#ifndef LLAD_E2E_MPI_KERNELS_H
#define LLAD_E2E_MPI_KERNELS_H
#include "check.h"
#include <mpi.h>

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

/* non-blocking halo exchange: MPI_Irecv + MPI_Isend posted, then MPI_Waitall and MPI_Wait */
double nonblocking(const double *x, double *ghost, int n) {
  double edge[2] = {x[0] * x[1], exp(0.2 * x[n - 1])};
  MPI_Request requests[2], last;
  MPI_Irecv(&ghost[0], 1, MPI_DOUBLE, (rank + size - 1) % size, 3, MPI_COMM_WORLD, &requests[0]);
  MPI_Isend(&edge[1], 1, MPI_DOUBLE, (rank + 1) % size, 3, MPI_COMM_WORLD, &requests[1]);
  MPI_Waitall(2, requests, MPI_STATUSES_IGNORE);
  MPI_Irecv(&ghost[1], 1, MPI_DOUBLE, (rank + 1) % size, 4, MPI_COMM_WORLD, &last);
  MPI_Send(&edge[0], 1, MPI_DOUBLE, (rank + size - 1) % size, 4, MPI_COMM_WORLD);
  MPI_Wait(&last, MPI_STATUS_IGNORE);
  double s = ghost[0] * x[2] + ghost[1] * ghost[1], total = 0.0;
  MPI_Allreduce(&s, &total, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
  return total;
}

/* a rank sends data without a derivative (constants) into a buffer the receiver's result uses:
 * forward mode sends zeros for its shadow (of a count known only at run time), reverse mode
 * receives the adjoint and drops it */
double constant_send(const double *x, double *got, int n) {
  double table[M];
  for (int i = 0; i < n; i++)
    table[i] = 1.0 + i * (rank + 1);
  MPI_Sendrecv(table, n, MPI_DOUBLE, (rank + 1) % size, 5, got, n, MPI_DOUBLE, (rank + size - 1) % size, 5, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  double s = 0.0, total = 0.0;
  for (int i = 0; i < n; i++)
    s += got[i] * sin(x[i]);
  MPI_Allreduce(&s, &total, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
  return total;
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

#endif
