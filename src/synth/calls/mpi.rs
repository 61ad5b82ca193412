//! MPI communication (`rules/mpi.rs`): in forward mode the same call on the shadows of its
//! floating-point buffers, right after the primal's, so messages pair up on every rank in the same
//! order (a rank whose send buffer carries no derivative sends zeros). In reverse mode the
//! adjoint communication runs where the reverse sweep reaches the call, in the reverse order on
//! every rank: a send's adjoint receives and accumulates, a receive's sends and zeroes, Bcast and
//! Reduce swap (sum), Allreduce(sum) is its own adjoint, Gather and Scatter swap, Allgather's
//! adjoint is a Reduce_scatter_block (sum).
use super::{Adjoints, CallHandler, CallSite, Need, Shadows, Tangents};
use crate::analysis::activity::ActivityFacts;
use crate::diag::{Error, Result};
use crate::ir::{self, Ops};
use crate::rules::mpi::{float_bytes, is_sum, MpiRoutine};
use crate::rules::MathTable;
use inkwell::values::BasicValueEnum;
use llvm_sys::LLVMOpcode;

pub struct MpiCall(pub &'static MpiRoutine);

impl MpiCall {
    fn error<'ctx>(&self, call: &CallSite<'ctx>, what: String) -> Error {
        call.unsupported(what, "keep that communication outside the differentiated function, or give the function that wraps it a custom rule")
    }

    /// The float buffers of this call (index into the routine's buffers, element bytes).
    fn float_buffers(&self, call: &CallSite<'_>) -> Vec<(usize, u64)> {
        self.0.buffers.iter().enumerate().filter_map(|(k, b)| call.args.get(b.datatype as usize).and_then(|d| float_bytes(*d)).map(|bytes| (k, bytes))).collect()
    }

    /// Both modes: active data needs a datatype llad can tell (float data is differentiated,
    /// integer data carries nothing), and a reduction of float data must be a sum.
    fn check_linear<'ctx>(&self, call: &CallSite<'ctx>, varied: &impl Fn(BasicValueEnum<'ctx>) -> bool) -> Result<()> {
        let unknown = self.0.buffers.iter().any(|b| varied(call.args[b.buffer as usize]) && call.args.get(b.datatype as usize).is_some_and(|d| float_bytes(*d).is_none() && !is_integer_type(*d)));
        if unknown {
            return Err(self.error(call, format!("MPI communication ('{}') of active data with a datatype llad cannot tell (MPI_DOUBLE and MPI_FLOAT are supported)", self.0.name)));
        }
        let sum = self.0.op.is_none_or(|op| is_sum(call.args[op as usize]));
        if !self.float_buffers(call).is_empty() && !sum {
            return Err(self.error(call, format!("MPI reduction ('{}') of floating-point data with an operation other than MPI_SUM is not supported yet", self.0.name)));
        }
        Ok(())
    }

    /// Reverse mode also needs to know where an adjoint goes back to (not MPI_ANY_SOURCE).
    fn check_reversible<'ctx>(&self, call: &CallSite<'ctx>, varied: impl Fn(BasicValueEnum<'ctx>) -> bool) -> Result<()> {
        self.check_linear(call, &varied)?;
        // Non-blocking calls keep OpenMPI's handles (pointers) in the adjoints' descriptors.
        let nonblocking = self.0.request.is_some() && !self.0.buffers.is_empty() && !self.float_buffers(call).is_empty();
        if nonblocking && !call.args[self.0.buffers[0].datatype as usize].get_type().is_pointer_type() {
            return Err(self.error(call, format!("non-blocking MPI ('{}') in reverse mode needs OpenMPI (this MPI's handles are integers)", self.0.name)));
        }
        if !self.float_buffers(call).is_empty() && self.0.name == "MPI_Recv" && [3, 4].iter().any(|i| ir::const_int(call.args[*i]) == Some(-1)) {
            return Err(self.error(call, "MPI_Recv from MPI_ANY_SOURCE or with MPI_ANY_TAG in reverse mode (the adjoint must be sent back to the sender)".into()));
        }
        Ok(())
    }
}

/// `MPI_IN_PLACE`, `(void *)1`.
fn is_in_place(v: BasicValueEnum<'_>) -> bool {
    v.get_type().is_pointer_type() && ir::const_int(ir::strip_casts(v)) == Some(1)
}

impl MpiCall {
    /// `MPI_Wait`/`MPI_Waitall` of requests that have shadows: the same on the shadow requests.
    fn complete_shadow_requests<'s, 'ctx: 's>(&self, cx: &mut dyn Tangents<'s, 'ctx>, call: &CallSite<'ctx>) -> Result<()> {
        let Some(r) = self.0.request else { return Ok(()) };
        let requests = call.args[r as usize];
        if !cx.varied(requests) {
            return Ok(());
        }
        let shadow = cx.tangent(requests, call.inst)?;
        let clone = call.clone_inst();
        let ops = cx.ops();
        ops.position_after(clone);
        let mut replace = vec![(r, shadow)];
        if let Some(status) = self.0.status {
            // (MPI_STATUS_IGNORE / MPI_STATUSES_IGNORE)
            replace.push((status, call.args[status as usize].get_type().into_pointer_type().const_null().into()));
        }
        ops.clone_with(clone, &replace);
        Ok(())
    }
}

impl<'ctx> CallHandler<'ctx> for MpiCall {
    fn tangent<'s>(&self, cx: &mut dyn Tangents<'s, 'ctx>, call: &CallSite<'ctx>) -> Result<()>
    where
        'ctx: 's,
    {
        self.check_linear(call, &|a| cx.varied(a))?;
        if self.0.buffers.is_empty() {
            return self.complete_shadow_requests(cx, call);
        }
        let floats = self.float_buffers(call);
        if floats.is_empty() {
            return Ok(());
        }
        let clone = call.clone_inst();
        let ops = cx.ops();
        ops.position_after(clone);
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
            } else if self.0.request.is_some() {
                // (zeros to send would have to live until the request completes)
                return Err(self.error(call, format!("MPI_Isend of floating-point data that carries no derivative ('{}'): llad cannot send its zero shadow yet", self.0.name)));
            } else {
                // This rank's data carries no derivative: it sends zeros (the count as the
                // derivative computes it: the copy's operand).
                let count = ir::operand(clone, b.count).expect("MPI count");
                let mpi = Mpi { ops: &ops, bytes, datatype: call.args[b.datatype as usize] };
                let zero = mpi.scratch(count)?;
                zeros.push(zero);
                zero
            };
            replace.push((b.buffer, shadow));
        }
        // A non-blocking call fills the shadow request.
        if let Some(r) = self.0.request {
            replace.push((r, cx.tangent(call.args[r as usize], call.inst)?));
        }
        ops.clone_with(clone, &replace);
        for zero in zeros {
            free(&ops, zero);
        }
        Ok(())
    }

    /// Blocking calls only run the communication, as the primal does. A non-blocking call
    /// records a descriptor of its adjoint (`mpi_runtime.c`), kept in its shadow request for the
    /// wait, and on the tape for the reverse of both.
    fn augmented<'s>(&self, cx: &mut dyn Shadows<'s, 'ctx>, call: &CallSite<'ctx>) -> Result<()>
    where
        'ctx: 's,
    {
        self.check_reversible(call, &|a| cx.varied(a))?;
        let Some(r) = self.0.request else { return Ok(()) };
        let requests = call.args[r as usize];
        if self.0.buffers.is_empty() {
            if !cx.varied(requests) {
                return Ok(());
            }
            ir::link_mpi_runtime(cx.ops().module)?;
            let shadow_requests = cx.shadow(requests, call.inst)?;
            let ops = cx.ops();
            let ptr = shadow_requests.get_type();
            let descriptors = if self.0.name == "MPI_Wait" {
                ops.load(ptr, shadow_requests)
            } else {
                // (MPI_Waitall: the descriptors of all its requests, copied: the requests' shadows may be reused)
                let count = ir::operand(call.clone_inst(), 0).expect("MPI_Waitall's count");
                let bytes = ops.binary(LLVMOpcode::LLVMMul, ops.cast(LLVMOpcode::LLVMSExt, count, ops.module.get_context().i64_type().into()), ops.module.get_context().i64_type().const_int(8, false).into());
                let malloc = ops.declare("malloc", Some(ptr), &[bytes.get_type()]);
                let array = ops.call(malloc, &[bytes]).1.ok_or_else(|| Error::Internal("malloc returns".into()))?;
                let memcpy = inkwell::intrinsics::Intrinsic::find("llvm.memcpy").and_then(|i| i.get_declaration(ops.module, &[ptr, ptr, bytes.get_type()])).ok_or_else(|| Error::Internal("llvm.memcpy".into()))?;
                ops.call(memcpy, &[array, shadow_requests, bytes, ops.module.get_context().bool_type().const_zero().into()]);
                array
            };
            cx.record_rule_scratch(call.inst, 0, descriptors);
            return Ok(());
        }
        let floats = self.float_buffers(call);
        let Some(&(_, bytes)) = floats.first() else { return Ok(()) };
        ir::link_mpi_runtime(cx.ops().module)?;
        let b = self.0.buffers[0];
        let buffer = call.args[b.buffer as usize];
        let shadow = if cx.varied(buffer) { cx.shadow(buffer, call.inst)? } else { buffer.get_type().into_pointer_type().const_null().into() };
        let shadow_request = cx.shadow(requests, call.inst)?;
        let ops = cx.ops();
        let i64t = ops.module.get_context().i64_type();
        let wide = |v: BasicValueEnum<'ctx>| ops.cast(LLVMOpcode::LLVMSExt, v, i64t.into());
        let new = ops.module.get_function("llad_mpi_op_new").ok_or_else(|| Error::Internal("MPI runtime missing".into()))?;
        // (Isend/Irecv: buf, count, type, peer, tag, comm, request; the augmented primal's values)
        let clone = call.clone_inst();
        let arg = |i: u32| ir::operand(clone, i).expect("MPI call operand");
        let args = [i64t.const_int(u64::from(b.receives), false).into(), shadow, wide(arg(1)), arg(2), wide(arg(3)), wide(arg(4)), arg(5), i64t.const_int(bytes, false).into()];
        let descriptor = ops.call(new, &args).1.ok_or_else(|| Error::Internal("llad_mpi_op_new returns".into()))?;
        ops.store(descriptor, shadow_request);
        cx.record_rule_scratch(call.inst, 0, descriptor);
        Ok(())
    }

    fn needs(&self, call: &CallSite<'ctx>, act: &ActivityFacts, _: &MathTable) -> Vec<Need<'ctx>> {
        // Non-blocking calls: the descriptor the augmented primal made (and Waitall's count).
        if let Some(r) = self.0.request {
            let recorded = if self.0.buffers.is_empty() { act.is_varied(call.args[r as usize]) } else { !self.float_buffers(call).is_empty() };
            if !recorded {
                return Vec::new();
            }
            let mut needs = vec![Need::RuleScratch(0, "descriptor of a non-blocking MPI call's adjoint")];
            if self.0.name == "MPI_Waitall" && !ir::is_constant(call.args[0]) {
                needs.push(Need::Primal(call.args[0], "MPI_Waitall's count"));
            }
            return needs;
        }
        if self.float_buffers(call).is_empty() {
            return Vec::new();
        }
        let mut needs = Vec::new();
        for (i, a) in call.args.iter().enumerate() {
            let buffer = self.0.buffers.iter().any(|b| b.buffer as usize == i);
            if self.0.status == Some(i as u32) {
                continue;
            }
            if buffer {
                if act.is_varied(*a) && !is_in_place(*a) {
                    needs.push(Need::Shadow(*a, "shadow of an MPI buffer"));
                }
            } else if !ir::is_constant(*a) && !a.get_type().is_pointer_type() {
                needs.push(Need::Primal(*a, "MPI count, rank or tag"));
            } else if !ir::is_constant(*a) {
                needs.push(Need::Primal(*a, "MPI handle"));
            }
        }
        needs
    }

    fn adjoint<'s>(&self, cx: &mut dyn Adjoints<'s, 'ctx>, call: &CallSite<'ctx>) -> Result<()>
    where
        'ctx: 's,
    {
        super::check_no_shared_adjoints(cx, call, "MPI communication")?;
        if let Some(r) = self.0.request {
            let recorded = if self.0.buffers.is_empty() { cx.varied(call.args[r as usize]) } else { !self.float_buffers(call).is_empty() };
            if !recorded {
                return Ok(());
            }
            let descriptor = cx.rule_scratch(call.inst, 0)?;
            let count = if self.0.name == "MPI_Waitall" { Some(if ir::is_constant(call.args[0]) { call.args[0] } else { cx.primal(call.args[0], call.inst)? }) } else { None };
            let ops = cx.ops();
            let runtime = |name: &str| ops.module.get_function(name).ok_or_else(|| Error::Internal("MPI runtime missing".into()));
            match (self.0.name, count) {
                // the wait posts the adjoint communication, the call completes it
                ("MPI_Wait", _) => drop(ops.call(runtime("llad_mpi_op_post")?, &[descriptor])),
                (_, Some(n)) => drop(ops.call(runtime("llad_mpi_op_post_all")?, &[descriptor, ops.cast(LLVMOpcode::LLVMSExt, n, ops.module.get_context().i64_type().into())])),
                _ => drop(ops.call(runtime("llad_mpi_op_finish")?, &[descriptor])),
            }
            return Ok(());
        }
        let floats = self.float_buffers(call);
        if floats.is_empty() {
            return Ok(());
        }
        let bytes = floats[0].1;
        let mut args = Vec::new();
        for (i, a) in call.args.iter().enumerate() {
            let passed_as_is = ir::is_constant(*a) || self.0.status == Some(i as u32) || self.0.buffers.iter().any(|b| b.buffer as usize == i);
            args.push(if passed_as_is { *a } else { cx.primal(*a, call.inst)? });
        }
        let shadow = |cx: &mut dyn Adjoints<'s, 'ctx>, k: usize| -> Result<Option<BasicValueEnum<'ctx>>> {
            let a = call.args[self.0.buffers[k].buffer as usize];
            if is_in_place(a) || !cx.varied(a) { Ok(None) } else { Ok(Some(cx.shadow(a, call.inst)?)) }
        };
        let shadows: Vec<Option<BasicValueEnum<'ctx>>> = (0..self.0.buffers.len()).map(|k| shadow(cx, k)).collect::<Result<_>>()?;
        let ops = cx.ops();
        let mpi = Mpi { ops: &ops, bytes, datatype: args[self.0.buffers[0].datatype as usize] };
        match self.0.name {
            "MPI_Send" | "MPI_Ssend" => {
                // (buf, count, type, dest, tag, comm): receive the adjoint back from dest
                let tmp = mpi.scratch(args[1])?;
                mpi.call("MPI_Recv", &[tmp, args[1], args[2], args[3], args[4], args[5], mpi.null()]);
                mpi.accumulate(shadows[0], tmp, args[1]);
                mpi.free(tmp);
            }
            "MPI_Recv" => {
                // (buf, count, type, source, tag, comm, status): send the adjoint to the source
                let dbuf = shadows[0].ok_or_else(|| self.error(call, "MPI_Recv into memory without a shadow".into()))?;
                mpi.call("MPI_Send", &[dbuf, args[1], args[2], args[3], args[4], args[5]]);
                mpi.zero(dbuf, args[1]);
            }
            "MPI_Sendrecv" => {
                // (sbuf, scount, stype, dest, stag, rbuf, rcount, rtype, source, rtag, comm, status)
                let drbuf = shadows[1].ok_or_else(|| self.error(call, "MPI_Sendrecv into memory without a shadow".into()))?;
                let tmp = mpi.scratch(args[1])?;
                mpi.call("MPI_Sendrecv", &[drbuf, args[6], args[7], args[8], args[9], tmp, args[1], args[2], args[3], args[4], args[10], mpi.null()]);
                mpi.zero(drbuf, args[6]);
                mpi.accumulate(shadows[0], tmp, args[1]);
                mpi.free(tmp);
            }
            "MPI_Bcast" => {
                // (buf, count, type, root, comm): the root's adjoint is the sum of everyone's
                let dbuf = shadows[0].ok_or_else(|| self.error(call, "MPI_Bcast of memory without a shadow".into()))?;
                let tmp = mpi.scratch(args[1])?;
                mpi.call("MPI_Reduce", &[dbuf, tmp, args[1], args[2], mpi.sum(), args[3], args[4]]);
                mpi.zero(dbuf, args[1]);
                mpi.accumulate(Some(dbuf), tmp, args[1]);
                mpi.free(tmp);
            }
            "MPI_Reduce" => {
                // (sbuf, rbuf, count, type, op, root, comm): everyone gets the root's adjoint
                if is_in_place(call.args[0]) {
                    return Err(self.error(call, "MPI_Reduce with MPI_IN_PLACE in reverse mode is not supported yet".into()));
                }
                let is_root = mpi.is_rank(args[5], args[6]);
                let tmp = mpi.scratch(args[2])?;
                if let Some(drbuf) = shadows[1] {
                    let at_root = mpi.only_if(is_root, mpi.size_of(args[2], None));
                    ops.call(mpi.declared_memmove(), &[tmp, drbuf, at_root, ops.module.get_context().bool_type().const_zero().into()]);
                    mpi.zero_bytes(drbuf, at_root);
                }
                mpi.call("MPI_Bcast", &[tmp, args[2], args[3], args[5], args[6]]);
                mpi.accumulate(shadows[0], tmp, args[2]);
                mpi.free(tmp);
            }
            "MPI_Allreduce" => {
                // (sbuf, rbuf, count, type, op, comm): its own adjoint
                let drbuf = shadows[1].ok_or_else(|| self.error(call, "MPI_Allreduce into memory without a shadow".into()))?;
                if is_in_place(call.args[0]) {
                    mpi.call("MPI_Allreduce", &[call.args[0], drbuf, args[2], args[3], mpi.sum(), args[5]]);
                } else {
                    let tmp = mpi.scratch(args[2])?;
                    mpi.call("MPI_Allreduce", &[drbuf, tmp, args[2], args[3], mpi.sum(), args[5]]);
                    mpi.zero(drbuf, args[2]);
                    mpi.accumulate(shadows[0], tmp, args[2]);
                    mpi.free(tmp);
                }
            }
            "MPI_Gather" | "MPI_Scatter" => {
                // (sbuf, scount, stype, rbuf, rcount, rtype, root, comm): the other one, on adjoints
                let gather = self.0.name == "MPI_Gather";
                let is_root = mpi.is_rank(args[6], args[7]);
                let ranks = mpi.comm_size(args[7]);
                // Gather: the root receives size blocks; Scatter: the root sends them.
                let (recv_blocks, send_blocks) = if gather { (Some(ranks), None) } else { (None, Some(ranks)) };
                // (the adjoint of this rank's send buffer: one block, or at the root of a Scatter all)
                let tmp = if gather { mpi.scratch(args[1])? } else { mpi.scratch_blocks(args[1], ranks)? };
                let drbuf = shadows[1].unwrap_or_else(|| mpi.null());
                let reverse = if gather { "MPI_Scatter" } else { "MPI_Gather" };
                mpi.call(reverse, &[drbuf, args[4], args[5], tmp, args[1], args[2], args[6], args[7]]);
                if let Some(d) = shadows[1] {
                    let len = match recv_blocks { Some(r) => mpi.only_if(is_root, mpi.size_of(args[4], Some(r))), None => mpi.size_of(args[4], None) };
                    mpi.zero_bytes(d, len);
                }
                if let Some(d) = shadows[0] {
                    let len = match send_blocks { Some(r) => mpi.only_if(is_root, mpi.size_of(args[1], Some(r))), None => mpi.size_of(args[1], None) };
                    mpi.accumulate_bytes(d, tmp, len);
                }
                mpi.free(tmp);
            }
            "MPI_Allgather" => {
                // (sbuf, scount, stype, rbuf, rcount, rtype, comm): each block's adjoint summed to its owner
                let ranks = mpi.comm_size(args[6]);
                let tmp = mpi.scratch(args[1])?;
                let drbuf = shadows[1].ok_or_else(|| self.error(call, "MPI_Allgather into memory without a shadow".into()))?;
                mpi.call("MPI_Reduce_scatter_block", &[drbuf, tmp, args[4], args[5], mpi.sum(), args[6]]);
                mpi.zero_bytes(drbuf, mpi.size_of(args[4], Some(ranks)));
                mpi.accumulate(shadows[0], tmp, args[1]);
                mpi.free(tmp);
            }
            other => return Err(self.error(call, format!("MPI communication ('{other}') in reverse mode is not supported yet"))),
        }
        Ok(())
    }
}

/// Building MPI calls and scratch buffers in a reverse sweep.
struct Mpi<'o, 'a, 'ctx> {
    ops: &'o Ops<'a, 'ctx>,
    /// Bytes of one element.
    bytes: u64,
    /// A datatype handle of the call (its form tells OpenMPI from MPICH).
    datatype: BasicValueEnum<'ctx>,
}

impl<'ctx> Mpi<'_, '_, 'ctx> {
    fn i64(&self, v: u64) -> BasicValueEnum<'ctx> {
        self.ops.module.get_context().i64_type().const_int(v, false).into()
    }
    fn null(&self) -> BasicValueEnum<'ctx> {
        self.ops.module.get_context().ptr_type(inkwell::AddressSpace::default()).const_null().into()
    }
    /// `count` elements (times `blocks`), in bytes, as an i64.
    fn size_of(&self, count: BasicValueEnum<'ctx>, blocks: Option<BasicValueEnum<'ctx>>) -> BasicValueEnum<'ctx> {
        let n = self.ops.cast(LLVMOpcode::LLVMSExt, count, self.i64(0).get_type());
        let n = match blocks {
            Some(b) => self.ops.binary(LLVMOpcode::LLVMMul, n, self.ops.cast(LLVMOpcode::LLVMSExt, b, self.i64(0).get_type())),
            None => n,
        };
        self.ops.binary(LLVMOpcode::LLVMMul, n, self.i64(self.bytes))
    }
    /// `MPI_SUM`, in the MPI the datatype handle comes from.
    fn sum(&self) -> BasicValueEnum<'ctx> {
        if self.datatype.get_type().is_pointer_type() {
            let module = self.ops.module;
            let global = module.get_global("ompi_mpi_op_sum").unwrap_or_else(|| module.add_global(module.get_context().i8_type(), None, "ompi_mpi_op_sum"));
            global.as_pointer_value().into()
        } else {
            self.ops.module.get_context().i32_type().const_int(0x58000003, false).into()
        }
    }
    fn call(&self, name: &str, args: &[BasicValueEnum<'ctx>]) {
        let types: Vec<_> = args.iter().map(|a| a.get_type()).collect();
        let function = self.ops.declare(name, Some(self.ops.module.get_context().i32_type().into()), &types);
        self.ops.call(function, args);
    }
    /// A zeroed buffer of `count` elements.
    fn scratch(&self, count: BasicValueEnum<'ctx>) -> Result<BasicValueEnum<'ctx>> {
        self.zeroed(self.size_of(count, None))
    }
    /// A zeroed buffer of `blocks` times `count` elements.
    fn scratch_blocks(&self, count: BasicValueEnum<'ctx>, blocks: BasicValueEnum<'ctx>) -> Result<BasicValueEnum<'ctx>> {
        self.zeroed(self.size_of(count, Some(blocks)))
    }
    fn zeroed(&self, bytes: BasicValueEnum<'ctx>) -> Result<BasicValueEnum<'ctx>> {
        let calloc = self.ops.declare("calloc", Some(self.null().get_type()), &[self.i64(0).get_type(), self.i64(0).get_type()]);
        // (one more byte: calloc(0) may return NULL, which MPI may take for MPI_IN_PLACE)
        let n = self.ops.binary(LLVMOpcode::LLVMAdd, bytes, self.i64(1));
        self.ops.call(calloc, &[n, self.i64(1)]).1.ok_or_else(|| Error::Internal("calloc returns".into()))
    }
    fn free(&self, p: BasicValueEnum<'ctx>) {
        free(self.ops, p);
    }
    /// shadow += tmp (count elements), tmp zeroed; nothing where the buffer has no shadow.
    fn accumulate(&self, shadow: Option<BasicValueEnum<'ctx>>, tmp: BasicValueEnum<'ctx>, count: BasicValueEnum<'ctx>) {
        if let Some(d) = shadow {
            self.accumulate_bytes(d, tmp, self.size_of(count, None));
        }
    }
    fn accumulate_bytes(&self, shadow: BasicValueEnum<'ctx>, tmp: BasicValueEnum<'ctx>, bytes: BasicValueEnum<'ctx>) {
        // (llad.memcpy.adjoint(dd, ds, n): ds += dd, dd = 0)
        let width = if self.bytes == 4 { "f32" } else { "f64" };
        if let Some(helper) = self.ops.module.get_function(&format!("llad.memcpy.adjoint.{width}")) {
            self.ops.call(helper, &[tmp, shadow, bytes]);
        }
    }
    fn zero(&self, p: BasicValueEnum<'ctx>, count: BasicValueEnum<'ctx>) {
        self.zero_bytes(p, self.size_of(count, None));
    }
    fn zero_bytes(&self, p: BasicValueEnum<'ctx>, bytes: BasicValueEnum<'ctx>) {
        let _ = self.ops.memset_zero(p, bytes);
    }
    /// `bytes` on the rank where `is_root`, 0 elsewhere.
    fn only_if(&self, is_root: BasicValueEnum<'ctx>, bytes: BasicValueEnum<'ctx>) -> BasicValueEnum<'ctx> {
        self.ops.select(is_root, bytes, self.i64(0))
    }
    fn declared_memmove(&self) -> inkwell::values::FunctionValue<'ctx> {
        let ptr = self.null().get_type();
        let intrinsic = inkwell::intrinsics::Intrinsic::find("llvm.memmove").expect("llvm.memmove exists");
        intrinsic.get_declaration(self.ops.module, &[ptr, ptr, self.i64(0).get_type()]).expect("memmove declaration")
    }
    fn comm_query(&self, name: &str, comm: BasicValueEnum<'ctx>) -> BasicValueEnum<'ctx> {
        let i32t = self.ops.module.get_context().i32_type();
        let slot = self.ops.alloca(i32t.into());
        self.call(name, &[comm, slot]);
        self.ops.load(i32t.into(), slot)
    }
    fn comm_size(&self, comm: BasicValueEnum<'ctx>) -> BasicValueEnum<'ctx> {
        self.comm_query("MPI_Comm_size", comm)
    }
    /// Whether this rank is `rank` in `comm`.
    fn is_rank(&self, rank: BasicValueEnum<'ctx>, comm: BasicValueEnum<'ctx>) -> BasicValueEnum<'ctx> {
        let me = self.comm_query("MPI_Comm_rank", comm);
        self.ops.icmp_eq(me, rank)
    }
}

/// OpenMPI's integer datatypes (no derivative).
fn is_integer_type(datatype: BasicValueEnum<'_>) -> bool {
    ir::as_global_variable(ir::strip_casts(datatype)).is_some_and(|g| {
        let name = ir::cstr_lossy(g.get_name());
        ["ompi_mpi_int", "ompi_mpi_long", "ompi_mpi_unsigned", "ompi_mpi_char", "ompi_mpi_byte", "ompi_mpi_long_long_int", "ompi_mpi_unsigned_long"].contains(&name.as_str())
    })
}

fn free<'ctx>(ops: &Ops<'_, 'ctx>, p: BasicValueEnum<'ctx>) {
    let free = ops.declare("free", None, &[p.get_type()]);
    ops.call(free, &[p]);
}
