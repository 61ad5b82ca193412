//! The MPI routines llad differentiates, as data: which arguments are buffers, their datatypes,
//! which buffers receive, and the reduction operation. Communication of floating-point data is
//! linear in the buffers, so forward mode repeats it on the shadows. Whether a call communicates
//! shadows may not depend on this rank's activity facts (a rank whose send buffer is inactive
//! must still send, zeros, to a rank whose receive buffer is active): every call of a float
//! datatype communicates shadows, and what a rank receives is always taken to carry derivatives.
use crate::ir;
use inkwell::values::{BasicValueEnum, InstructionValue};

/// One buffer argument of a routine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Buffer {
    pub buffer: u32,
    pub count: u32,
    pub datatype: u32,
    /// Written by the routine (on some rank).
    pub receives: bool,
}

#[derive(Debug, PartialEq, Eq)]
pub struct MpiRoutine {
    pub name: &'static str,
    pub arity: usize,
    pub buffers: &'static [Buffer],
    /// The `MPI_Op` argument of a reduction: only `MPI_SUM` is linear.
    pub op: Option<u32>,
    /// The `MPI_Status *` argument (not needed by the adjoint).
    pub status: Option<u32>,
    /// Non-blocking calls: the `MPI_Request *` they fill (`MPI_Isend`, `MPI_Irecv`) or complete
    /// (`MPI_Wait`, `MPI_Waitall`, whose shadow requests are completed beside them).
    pub request: Option<u32>,
}

const fn send(buffer: u32, count: u32, datatype: u32) -> Buffer {
    Buffer { buffer, count, datatype, receives: false }
}
const fn recv(buffer: u32, count: u32, datatype: u32) -> Buffer {
    Buffer { buffer, count, datatype, receives: true }
}

pub static ROUTINES: &[MpiRoutine] = &[
    // (buf, count, type, dest, tag, comm)
    MpiRoutine { name: "MPI_Send", arity: 6, buffers: &[send(0, 1, 2)], op: None, status: None, request: None },
    MpiRoutine { name: "MPI_Ssend", arity: 6, buffers: &[send(0, 1, 2)], op: None, status: None, request: None },
    // (buf, count, type, source, tag, comm, status)
    MpiRoutine { name: "MPI_Recv", arity: 7, buffers: &[recv(0, 1, 2)], op: None, status: Some(6), request: None },
    // (sendbuf, sendcount, sendtype, dest, sendtag, recvbuf, recvcount, recvtype, source, recvtag, comm, status)
    MpiRoutine { name: "MPI_Sendrecv", arity: 12, buffers: &[send(0, 1, 2), recv(5, 6, 7)], op: None, status: Some(11), request: None },
    // (buf, count, type, dest|source, tag, comm, request): forward mode only, for now
    MpiRoutine { name: "MPI_Isend", arity: 7, buffers: &[send(0, 1, 2)], op: None, status: None, request: Some(6) },
    MpiRoutine { name: "MPI_Irecv", arity: 7, buffers: &[recv(0, 1, 2)], op: None, status: None, request: Some(6) },
    // (request, status) and (count, requests, statuses)
    MpiRoutine { name: "MPI_Wait", arity: 2, buffers: &[], op: None, status: Some(1), request: Some(0) },
    MpiRoutine { name: "MPI_Waitall", arity: 3, buffers: &[], op: None, status: Some(2), request: Some(1) },
    // (buf, count, type, root, comm): sent by the root, received by the others
    MpiRoutine { name: "MPI_Bcast", arity: 5, buffers: &[recv(0, 1, 2)], op: None, status: None, request: None },
    // (sendbuf, recvbuf, count, type, op, root, comm)
    MpiRoutine { name: "MPI_Reduce", arity: 7, buffers: &[send(0, 2, 3), recv(1, 2, 3)], op: Some(4), status: None, request: None },
    // (sendbuf, recvbuf, count, type, op, comm)
    MpiRoutine { name: "MPI_Allreduce", arity: 6, buffers: &[send(0, 2, 3), recv(1, 2, 3)], op: Some(4), status: None, request: None },
    // (sendbuf, sendcount, sendtype, recvbuf, recvcount, recvtype, root, comm)
    MpiRoutine { name: "MPI_Gather", arity: 8, buffers: &[send(0, 1, 2), recv(3, 4, 5)], op: None, status: None, request: None },
    MpiRoutine { name: "MPI_Scatter", arity: 8, buffers: &[send(0, 1, 2), recv(3, 4, 5)], op: None, status: None, request: None },
    // (sendbuf, sendcount, sendtype, recvbuf, recvcount, recvtype, comm)
    MpiRoutine { name: "MPI_Allgather", arity: 7, buffers: &[send(0, 1, 2), recv(3, 4, 5)], op: None, status: None, request: None },
];

pub fn lookup(name: &str) -> Option<&'static MpiRoutine> {
    ROUTINES.iter().find(|r| r.name == name)
}

/// The element type a datatype handle names: OpenMPI's handles are the addresses of globals
/// (`&ompi_mpi_double`), MPICH's are integer constants.
pub fn float_bytes(datatype: BasicValueEnum<'_>) -> Option<u64> {
    if let Some(global) = ir::as_global_variable(ir::strip_casts(datatype)) {
        return match ir::cstr_lossy(global.get_name()).as_str() {
            "ompi_mpi_double" => Some(8),
            "ompi_mpi_float" => Some(4),
            _ => None,
        };
    }
    // MPICH: MPI_DOUBLE 0x4c00080b, MPI_FLOAT 0x4c00040a
    match ir::const_int(datatype) {
        Some(0x4c00080b) => Some(8),
        Some(0x4c00040a) => Some(4),
        _ => None,
    }
}

/// Whether argument `datatype` of the call names a floating-point type.
pub fn is_float_type(call: InstructionValue<'_>, datatype: u32) -> bool {
    ir::operand(call, datatype).is_some_and(|d| float_bytes(d).is_some())
}

/// Whether the reduction operation argument is `MPI_SUM`.
pub fn is_sum(op: BasicValueEnum<'_>) -> bool {
    match ir::as_global_variable(ir::strip_casts(op)) {
        Some(global) => ir::cstr_lossy(global.get_name()) == "ompi_mpi_op_sum",
        None => ir::const_int(op) == Some(0x58000003), // MPICH's MPI_SUM
    }
}
