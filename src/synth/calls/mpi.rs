//! MPI communication (`rules/mpi.rs`): in forward mode the same call on the shadows of its
//! floating-point buffers, right after the primal's, so messages pair up on every rank in the same
//! order (a rank whose send buffer carries no derivative sends zeros). Reverse mode is not
//! supported yet: a clear error.
use super::{Adjoints, CallHandler, CallSite, Shadows, Tangents};
use crate::diag::{Error, Result};
use crate::ir;
use crate::model::location_of;
use crate::rules::mpi::{float_bytes, is_sum, MpiRoutine};
use inkwell::values::BasicValueEnum;
use llvm_sys::LLVMOpcode;

pub struct MpiCall(pub &'static MpiRoutine);

impl MpiCall {
    fn error<'ctx>(&self, call: &CallSite<'ctx>, what: String) -> Error {
        let caller = call.inst.get_parent().and_then(|b| b.get_parent()).expect("call in a function");
        Error::Unsupported { location: location_of(caller, call.inst), what, hint: "keep that communication outside the differentiated function, or give the function that wraps it a custom rule".into() }
    }

    /// The float buffers of this call (index into the routine's buffers, element bytes).
    fn float_buffers(&self, call: &CallSite<'_>) -> Vec<(usize, u64)> {
        self.0.buffers.iter().enumerate().filter_map(|(k, b)| call.args.get(b.datatype as usize).and_then(|d| float_bytes(*d)).map(|bytes| (k, bytes))).collect()
    }

    fn reverse_unsupported(&self, call: &CallSite<'_>) -> Result<()> {
        if self.float_buffers(call).is_empty() {
            return Ok(());
        }
        Err(self.error(call, format!("MPI communication ('{}') on floating-point data in reverse mode is not supported yet", self.0.name)))
    }
}

/// `MPI_IN_PLACE`, `(void *)1`.
fn is_in_place(v: BasicValueEnum<'_>) -> bool {
    !ir::is_instruction(v) && ir::value_text(v).contains("inttoptr (i64 1 to ptr)")
}

impl<'ctx> CallHandler<'ctx> for MpiCall {
    fn tangent<'s>(&self, cx: &mut dyn Tangents<'s, 'ctx>, call: &CallSite<'ctx>) -> Result<()>
    where
        'ctx: 's,
    {
        let floats = self.float_buffers(call);
        if floats.is_empty() {
            // Integer data: no derivative. A datatype llad cannot name is refused if it meets active data.
            let unknown = self.0.buffers.iter().any(|b| cx.varied(call.args[b.buffer as usize]) && call.args.get(b.datatype as usize).is_some_and(|d| float_bytes(*d).is_none() && !is_integer_type(*d)));
            if unknown {
                return Err(self.error(call, format!("MPI communication ('{}') of active data with a datatype llad cannot tell (MPI_DOUBLE and MPI_FLOAT are supported)", self.0.name)));
            }
            return Ok(());
        }
        if let Some(op) = self.0.op {
            if !is_sum(call.args[op as usize]) {
                return Err(self.error(call, format!("MPI reduction ('{}') of floating-point data with an operation other than MPI_SUM is not supported yet", self.0.name)));
            }
        }
        let clone = call.clone.expect("forward mode works on the call's copy");
        let ops = cx.ops();
        ops.position_after(clone);
        let i64t = call.inst.get_parent().expect("call in a block").get_context().i64_type();
        let mut replace = Vec::new();
        let mut zeros = Vec::new();
        for (k, bytes) in floats {
            let b = self.0.buffers[k];
            let buffer = call.args[b.buffer as usize];
            if is_in_place(buffer) {
                continue;
            }
            let shadow = if cx.varied(buffer) {
                cx.tangent(buffer, call.inst)?
            } else if b.receives {
                return Err(self.error(call, format!("MPI communication ('{}') receives floating-point data into memory that has no shadow", self.0.name)));
            } else {
                // This rank's data carries no derivative: it sends zeros.
                let count = ops.cast(LLVMOpcode::LLVMSExt, call.args[b.count as usize], i64t.into());
                let calloc = ops.declare("calloc", Some(call.args[b.buffer as usize].get_type()), &[i64t.into(), i64t.into()]);
                let (_, zero) = ops.call(calloc, &[count, i64t.const_int(bytes, false).into()]);
                let zero = zero.expect("calloc returns");
                zeros.push(zero);
                zero
            };
            replace.push((b.buffer, shadow));
        }
        ops.clone_with(clone, &replace);
        for zero in zeros {
            let free = ops.declare("free", None, &[zero.get_type()]);
            ops.call(free, &[zero]);
        }
        Ok(())
    }

    fn augmented<'s>(&self, _cx: &mut dyn Shadows<'s, 'ctx>, call: &CallSite<'ctx>) -> Result<()>
    where
        'ctx: 's,
    {
        self.reverse_unsupported(call)
    }

    fn adjoint<'s>(&self, _cx: &mut dyn Adjoints<'s, 'ctx>, call: &CallSite<'ctx>) -> Result<()>
    where
        'ctx: 's,
    {
        self.reverse_unsupported(call)
    }
}

/// OpenMPI's integer datatypes (no derivative).
fn is_integer_type(datatype: BasicValueEnum<'_>) -> bool {
    ir::as_global_variable(ir::strip_casts(datatype)).is_some_and(|g| {
        let name = ir::cstr_lossy(g.get_name());
        ["ompi_mpi_int", "ompi_mpi_long", "ompi_mpi_unsigned", "ompi_mpi_char", "ompi_mpi_byte", "ompi_mpi_long_long_int", "ompi_mpi_unsigned_long"].contains(&name.as_str())
    })
}
