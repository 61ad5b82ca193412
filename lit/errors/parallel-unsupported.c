// Parallel constructs llad cannot differentiate yet are errors that say "OpenMP" or "MPI" and
// name the construct and the runtime call: an OpenMP task (even in forward mode), and MPI
// communication llad has no derivative for yet (MPI_Alltoall), an MPI
// reduction other than MPI_SUM, and a datatype chosen at run time (declared here as OpenMPI's
// <mpi.h> would, so the test needs no MPI).
// RUN: not %clang -O2 -fopenmp -DTASK -fpass-plugin=%plugin -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=TASK
// RUN: not %clang -O2 -DMPI -fpass-plugin=%plugin -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=MPI
// RUN: not %clang -O2 -DMPI -DMAX -fpass-plugin=%plugin -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=MPI-MAX
// RUN: not %clang -O2 -DMPI -DRUNTIME_TYPE -fpass-plugin=%plugin -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=MPI-TYPE
// TASK: cannot differentiate: OpenMP task ('__kmpc_omp_task_alloc') on active data is not supported by llad yet
// TASK-NEXT: hint: supported in forward and reverse mode: parallel, for (any schedule), firstprivate/private/shared, reduction(+), atomic update, critical, barrier, single, master
// MPI: in function 'loss', instruction `{{.*}}@MPI_Alltoall{{.*}}`: cannot differentiate: MPI communication ('MPI_Alltoall') on active data is not supported by llad yet
// MPI-TYPE: cannot differentiate: MPI communication ('MPI_Allreduce') of active data with a datatype llad cannot tell (MPI_DOUBLE and MPI_FLOAT are supported)
// MPI-MAX: in function 'loss', instruction `{{.*}}@MPI_Allreduce{{.*}}`: cannot differentiate: MPI reduction ('MPI_Allreduce') of floating-point data with an operation other than MPI_SUM is not supported yet
#include <math.h>
extern int enzyme_dup, enzyme_const;
double __enzyme_fwddiff(void *, ...);
void __enzyme_autodiff(void *, ...);

#ifdef TASK
__attribute__((noinline)) void work(double *y, const double *x, int n) {
#pragma omp parallel
#pragma omp single
  for (int i = 0; i < n; i++) {
#pragma omp task firstprivate(i)
    y[i] = sin(x[i]);
  }
}
double loss(const double *x, double *y, int n) {
  work(y, x, n);
  double s = 0;
  for (int i = 0; i < n; i++)
    s += y[i];
  return s;
}
double tangent(const double *x, double *dx, double *y, double *dy, int n) {
  return __enzyme_fwddiff((void *)loss, enzyme_dup, x, dx, enzyme_dup, y, dy, enzyme_const, n);
}
#endif

#ifdef MPI
typedef struct ompi_handle *MPI_Datatype, *MPI_Op, *MPI_Comm;
extern struct ompi_handle ompi_mpi_double, ompi_mpi_op_sum, ompi_mpi_op_max, ompi_mpi_comm_world;
#ifdef MAX
#define OP ompi_mpi_op_max
#else
#define OP ompi_mpi_op_sum
#endif
int MPI_Allreduce(const void *, void *, int, MPI_Datatype, MPI_Op, MPI_Comm);
int MPI_Alltoall(const void *, int, MPI_Datatype, void *, int, MPI_Datatype, MPI_Comm);
double loss(const double *x, int n) {
  double s = 0, total;
  for (int i = 0; i < n; i++)
    s += sin(x[i]);
#if defined(RUNTIME_TYPE)
  // (a datatype chosen at run time: llad cannot tell whether it is a float)
  MPI_Datatype volatile type = &ompi_mpi_double;
  MPI_Allreduce(&s, &total, 1, type, &ompi_mpi_op_sum, &ompi_mpi_comm_world);
#elif defined(MAX)
  MPI_Allreduce(&s, &total, 1, &ompi_mpi_double, &OP, &ompi_mpi_comm_world);
#else
  MPI_Alltoall(&s, 1, &ompi_mpi_double, &total, 1, &ompi_mpi_double, &ompi_mpi_comm_world);
#endif
  return total;
}
#ifdef MAX
double tangent(const double *x, double *dx, int n) { return __enzyme_fwddiff((void *)loss, enzyme_dup, x, dx, enzyme_const, n); }
#else
void gradient(const double *x, double *dx, int n) { __enzyme_autodiff((void *)loss, enzyme_dup, x, dx, enzyme_const, n); }
#endif
#endif
