/* MPI in forward mode (the harness runs it under mpirun with 1, 2 and 4 ranks): a ring of
 * MPI_Send/MPI_Recv, a halo exchange with MPI_Sendrecv, MPI_Bcast, MPI_Reduce and MPI_Allreduce
 * with MPI_SUM, MPI_Gather/MPI_Scatter/MPI_Allgather, a non-blocking exchange
 * (MPI_Isend/MPI_Irecv/MPI_Waitall/MPI_Wait), each differentiated with __enzyme_fwddiff
 * and checked against analytic tangents and central finite differences of the same parallel
 * function. Ranks other than 0 print nothing; every rank checks. */
#include "mpi_kernels.h"

int main(int argc, char **argv) {
  MPI_Init(&argc, &argv);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  if (rank != 0 && !freopen("/dev/null", "w", stdout))
    return 1;
  for (int i = 0; i < M; i++)
    x0[i] = 0.2 * i - 0.3 + 0.05 * rank, v[i] = cos(i + rank);

  double d = __enzyme_fwddiff((void *)ring, enzyme_dup, x0, v, enzyme_dup, buf, dbuf, enzyme_const, M);
  /* analytic: sum over ranks r of sum_i [ (left's f)'(x_left) v_left * x_r + f_left * v_r ] */
  double an = 0.0, an_all = 0.0;
  {
    int left = (rank + size - 1) % size;
    for (int i = 0; i < M; i++) {
      double xl = 0.2 * i - 0.3 + 0.05 * left, vl = cos(i + left);
      double fl = exp(0.3 * xl) * (left + 1), dfl = 0.3 * fl;
      an += dfl * vl * x0[i] + fl * v[i];
    }
    MPI_Allreduce(&an, &an_all, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
  }
  CHECK_DERIV("ring.d", d, an_all, fd(ring));

  d = __enzyme_fwddiff((void *)halo, enzyme_dup, x0, v, enzyme_dup, buf, dbuf, enzyme_const, M);
  CHECK_CLOSE("halo.d.fd", d, fd(halo), RTOL_FD);

  d = __enzyme_fwddiff((void *)collectives, enzyme_dup, x0, v, enzyme_dup, buf, dbuf, enzyme_const, M);
  CHECK_CLOSE("collectives.d.fd", d, fd(collectives), RTOL_FD);
  d = __enzyme_fwddiff((void *)nonblocking, enzyme_dup, x0, v, enzyme_dup, buf, dbuf, enzyme_const, M);
  CHECK_CLOSE("nonblocking.d.fd", d, fd(nonblocking), RTOL_FD);
  d = __enzyme_fwddiff((void *)constant_send, enzyme_dup, x0, v, enzyme_dup, buf, dbuf, enzyme_const, M);
  CHECK_CLOSE("constant_send.d.fd", d, fd(constant_send), RTOL_FD);
  int failed = llad_report();
  MPI_Finalize();
  return failed;
}
