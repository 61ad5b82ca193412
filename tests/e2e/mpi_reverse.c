/* MPI in reverse mode (the harness runs it under mpirun with 1, 2 and 4 ranks): the functions of
 * mpi_forward.c (a ring of MPI_Send/MPI_Recv, a halo exchange with MPI_Sendrecv, MPI_Bcast,
 * MPI_Reduce and MPI_Allreduce with MPI_SUM, MPI_Gather/MPI_Scatter/MPI_Allgather), each
 * differentiated with __enzyme_autodiff: every rank's gradient, summed over ranks as
 * <grad, v> (divided by the number of ranks, each of which seeds the global loss with 1), must
 * equal the forward tangent along v and the central finite difference of the parallel function
 * along v (every rank perturbs its own x). Ranks other than 0 print nothing. */
#include "check.h"
void __enzyme_autodiff(void *, ...);

#include "mpi_kernels.h"

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
  CHECK_GRADIENT(nonblocking);
  CHECK_GRADIENT(constant_send);
  int failed = llad_report();
  MPI_Finalize();
  return failed;
}
