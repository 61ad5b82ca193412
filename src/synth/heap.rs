//! Shadows of heap memory. llad allocates them with the tape runtime's size-tracking allocator
//! (`llad.shadow.*` in `tape.ll`) so that a realloc of the primal can move its shadow too.
use super::checks::Checks;
use crate::analysis::activity::{origin, Origin};
use crate::diag::{Error, Result};
use crate::ir::{self, Ops};
use inkwell::values::{BasicValueEnum, InstructionValue};
use llvm_sys::LLVMOpcode;

fn runtime<'ctx>(ops: &Ops<'_, 'ctx>, name: &str) -> Result<inkwell::values::FunctionValue<'ctx>> {
    ops.module.get_function(name).ok_or_else(|| Error::Internal(format!("tape runtime lacks {name}")))
}

fn as_i64<'ctx>(ops: &Ops<'_, 'ctx>, v: BasicValueEnum<'ctx>) -> BasicValueEnum<'ctx> {
    let i64t = ops.module.get_context().i64_type();
    match v {
        BasicValueEnum::IntValue(i) if i.get_type().get_bit_width() < 64 => ops.cast(LLVMOpcode::LLVMZExt, v, i64t.into()),
        _ => v,
    }
}

/// The zeroed shadow of allocation call `clone` (`kind` as classified). For realloc, `old` is the
/// shadow of the reallocated pointer; forward mode frees it, the augmented primal keeps it alive
/// for the reverse.
pub fn shadow_allocation<'ctx>(ops: &Ops<'_, 'ctx>, kind: &str, clone: InstructionValue<'ctx>, old: Option<BasicValueEnum<'ctx>>, forward: bool) -> Result<BasicValueEnum<'ctx>> {
    crate::ir::link_tape_runtime(ops.module)?;
    let arg = |i| ir::operand(clone, i).ok_or_else(|| Error::Internal("allocation without size".into()));
    let ptr_ty = ops.module.get_context().ptr_type(inkwell::AddressSpace::default());
    let (function, args) = match kind {
        "calloc" => ("llad.shadow.alloc", vec![ops.binary(LLVMOpcode::LLVMMul, as_i64(ops, arg(0)?), as_i64(ops, arg(1)?))]),
        "aligned_alloc" => ("llad.shadow.alloc", vec![as_i64(ops, arg(1)?)]),
        "realloc" => {
            let old = old.unwrap_or_else(|| ptr_ty.const_null().into());
            (if forward { "llad.shadow.realloc" } else { "llad.shadow.grow" }, vec![old, as_i64(ops, arg(1)?)])
        }
        _ => ("llad.shadow.alloc", vec![as_i64(ops, arg(0)?)]),
    };
    let f = runtime(ops, function)?;
    ops.call(f, &args).1.ok_or_else(|| Error::Internal(format!("{function} returned nothing")))
}

/// Frees the shadow `shadow` of the memory `ptr` points to, at a primal `free(ptr)` in forward
/// mode. llad's shadows are plain heap blocks, as the caller's are: `free` releases either.
pub fn free_shadow<'ctx>(ops: &Ops<'_, 'ctx>, _: &Checks<'_, 'ctx>, _: InstructionValue<'ctx>, _: BasicValueEnum<'ctx>, shadow: BasicValueEnum<'ctx>) -> Result<()> {
    let ptr_ty = ops.module.get_context().ptr_type(inkwell::AddressSpace::default());
    let free = ops.declare("free", None, &[ptr_ty.into()]);
    ops.call(free, &[shadow]);
    Ok(())
}

/// realloc can only move a shadow llad allocated itself (it knows its size).
pub fn check_realloc<'ctx>(checks: &Checks<'_, 'ctx>, inst: InstructionValue<'ctx>, ptr: BasicValueEnum<'ctx>) -> Result<()> {
    match origin(checks.function, ptr, checks.table) {
        Origin::Allocated => Ok(()),
        Origin::Caller => Err(checks.error(
            inst,
            "realloc of active memory that was allocated outside the differentiated code (its shadow's size is unknown)",
            "allocate the buffer inside the differentiated function, or copy it into one allocated there",
        )),
        Origin::Mixed => Err(mixed(checks, inst)),
    }
}

fn mixed<'ctx>(checks: &Checks<'_, 'ctx>, inst: InstructionValue<'ctx>) -> Error {
    checks.error(
        inst,
        "this pointer may be memory allocated here or memory passed in, so llad cannot tell how to release its shadow",
        "keep buffers allocated in the function and buffers passed in in separate variables",
    )
}
