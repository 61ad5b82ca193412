//! Shadows of heap memory, allocated by the tape runtime (`llad.shadow.*` in `tape.ll`) as plain
//! heap blocks: `free` releases them, and realloc moves a shadow with its primal, whoever
//! allocated it (the shadow of memory a differentiated function reallocates must itself come from
//! malloc, as the primal does).
use super::checks::Checks;
use crate::diag::{Error, Result};
use crate::ir::{self, Ops};
use inkwell::values::{BasicValueEnum, InstructionValue};
use llvm_sys::LLVMOpcode;

/// A function of the tape runtime, linked in if it is not there yet.
pub fn runtime_function<'ctx>(module: &inkwell::module::Module<'ctx>, name: &str) -> Result<inkwell::values::FunctionValue<'ctx>> {
    crate::ir::link_tape_runtime(module)?;
    module.get_function(name).ok_or_else(|| Error::Internal(format!("tape runtime lacks {name}")))
}

/// The zeroed shadow of allocation call `clone` (`kind` as classified). For realloc, `old` is the
/// shadow of the reallocated pointer; forward mode frees it, the augmented primal keeps it alive
/// for the reverse.
pub fn shadow_allocation<'ctx>(ops: &Ops<'_, 'ctx>, kind: &str, clone: InstructionValue<'ctx>, old: Option<BasicValueEnum<'ctx>>, forward: bool) -> Result<BasicValueEnum<'ctx>> {
    crate::ir::link_tape_runtime(ops.module)?;
    let arg = |i| ir::operand(clone, i).ok_or_else(|| Error::Internal("allocation without size".into()));
    let ptr_ty = ops.module.get_context().ptr_type(inkwell::AddressSpace::default());
    let (function, args) = match kind {
        "calloc" => ("llad.shadow.alloc", vec![ops.binary(LLVMOpcode::LLVMMul, ops.as_i64(arg(0)?), ops.as_i64(arg(1)?))]),
        "aligned_alloc" => ("llad.shadow.alloc", vec![ops.as_i64(arg(1)?)]),
        "realloc" => {
            let old = old.unwrap_or_else(|| ptr_ty.const_null().into());
            (if forward { "llad.shadow.realloc" } else { "llad.shadow.grow" }, vec![old, ops.as_i64(arg(1)?)])
        }
        _ => ("llad.shadow.alloc", vec![ops.as_i64(arg(0)?)]),
    };
    let f = runtime_function(ops.module, function)?;
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

/// realloc of memory from the caller is refused: its shadow may not be heap memory (forward mode
/// would realloc it), and reverse mode frees a shadow at the reverse of its allocation while the
/// caller keeps the new block. llad's own tape runtime, which reallocates a buffer it frees itself,
/// is differentiated (derivatives of derivatives).
pub fn check_realloc<'ctx>(checks: &Checks<'_, 'ctx>, inst: InstructionValue<'ctx>, ptr: BasicValueEnum<'ctx>) -> Result<()> {
    if ir::function_name(checks.function).contains("llad.tape.") {
        return Ok(());
    }
    match crate::analysis::activity::origin(checks.function, ptr, checks.table) {
        crate::analysis::activity::Origin::Allocated => Ok(()),
        _ => Err(checks.error(
            inst,
            "realloc of memory that may come from outside the differentiated code (its shadow may not be heap memory, and the caller keeps the new block)",
            "allocate the buffer inside the differentiated function, or copy it into one allocated there",
        )),
    }
}
