/* The adjoints of non-blocking MPI communication (reverse mode), linked into modules that need
 * them (llad compiles this file to IR; see src/synth/calls/mpi.rs). OpenMPI's ABI: datatype,
 * communicator and request handles are pointers.
 *
 * The augmented primal records, per MPI_Isend/MPI_Irecv, a descriptor of what its adjoint needs.
 * The reverse sweep meets the MPI_Wait first: it posts the adjoint communication (a send's adjoint
 * receives, a receive's sends its buffer's adjoint); then the call itself: it completes that
 * communication, accumulates what a send's adjoint received, zeroes a receive's adjoint, and frees
 * the descriptor. */
#include <stdlib.h>
#include <string.h>

int MPI_Isend(const void *buf, int count, void *datatype, int dest, int tag, void *comm, void **request);
int MPI_Irecv(void *buf, int count, void *datatype, int source, int tag, void *comm, void **request);
int MPI_Wait(void **request, void *status);

struct llad_mpi_op {
  long long receives;  /* 0: MPI_Isend, 1: MPI_Irecv */
  void *shadow;        /* the buffer's shadow */
  long long count;
  void *datatype;
  long long peer;      /* dest or source */
  long long tag;
  void *comm;
  long long bytes;     /* of one element: 8 (double) or 4 (float) */
  void *scratch;       /* a send's adjoint, received */
  void *request;       /* the adjoint communication */
};

struct llad_mpi_op *llad_mpi_op_new(long long receives, void *shadow, long long count, void *datatype, long long peer,
                                    long long tag, void *comm, long long bytes) {
  struct llad_mpi_op *op = calloc(1, sizeof *op);
  if (!op) abort();
  op->receives = receives, op->shadow = shadow, op->count = count, op->datatype = datatype;
  op->peer = peer, op->tag = tag, op->comm = comm, op->bytes = bytes;
  return op;
}

void llad_mpi_op_post(struct llad_mpi_op *op) {
  if (op->receives) {
    MPI_Isend(op->shadow, (int)op->count, op->datatype, (int)op->peer, (int)op->tag, op->comm, &op->request);
  } else {
    op->scratch = calloc((size_t)op->count + 1, (size_t)op->bytes);
    if (!op->scratch) abort();
    MPI_Irecv(op->scratch, (int)op->count, op->datatype, (int)op->peer, (int)op->tag, op->comm, &op->request);
  }
}

/* MPI_Waitall's adjoint: every request's adjoint communication (the descriptors' array is freed). */
void llad_mpi_op_post_all(struct llad_mpi_op **ops, long long n) {
  for (long long i = 0; i < n; i++) llad_mpi_op_post(ops[i]);
  free(ops);
}

void llad_mpi_op_finish(struct llad_mpi_op *op) {
  MPI_Wait(&op->request, NULL);
  if (op->receives) {
    memset(op->shadow, 0, (size_t)op->count * (size_t)op->bytes);
  } else if (!op->shadow) {
    /* the data sent carried no derivative here: what comes back has nowhere to go */
  } else if (op->bytes == 4) {
    float *d = op->shadow, *t = op->scratch;
    for (long long i = 0; i < op->count; i++) d[i] += t[i];
  } else {
    double *d = op->shadow, *t = op->scratch;
    for (long long i = 0; i < op->count; i++) d[i] += t[i];
  }
  free(op->scratch);
  free(op);
}
