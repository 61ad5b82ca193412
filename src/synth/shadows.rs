//! Tangents and pointer shadows of structural instructions (`rules::structure`), shared by forward
//! mode and the augmented primal.
use crate::diag::{Error, Result};
use crate::ir::{self, Ops};
use crate::rules::structure::structure;
use inkwell::values::{BasicValueEnum, InstructionValue};

/// The tangent (forward mode) or shadow (augmented primal) of structural instruction `clone`: the
/// same instruction applied to the tangents/shadows of the operands it is linear in, given by
/// `shadow_of(operand index)`. A load of shadow memory keeps no more alignment than the shadow has.
pub fn on_shadows<'ctx>(ops: &Ops<'_, 'ctx>, clone: InstructionValue<'ctx>, mut shadow_of: impl FnMut(u32) -> Result<BasicValueEnum<'ctx>>) -> Result<BasicValueEnum<'ctx>> {
    let s = structure(clone.get_opcode()).ok_or_else(|| Error::Internal("not a structural instruction".into()))?;
    let mut replace = Vec::new();
    for &i in s.linear {
        replace.push((i, shadow_of(i)?));
    }
    let copy = ops.clone_with(clone, &replace);
    if s.reads_shadow {
        ir::set_alignment(copy, ir::shadow_alignment(ops.module, clone));
    }
    ir::result_of(copy).ok_or_else(|| Error::Internal("structural instruction without a result".into()))
}


/// The phi that carries a phi's tangent/shadow: right before `clone` (the phi's copy), still among
/// the block's phis; its incoming values are added once every block is built.
pub fn phi_beside<'ctx>(ops: &Ops<'_, 'ctx>, clone: InstructionValue<'ctx>) -> BasicValueEnum<'ctx> {
    ops.position_before(clone);
    let ty = ir::result_of(clone).expect("a phi has a result").get_type();
    ops.phi(ty)
}

/// The bytes an alloca's shadow needs (its type's size times its count). Forward mode puts the
/// shadow on the stack; the augmented primal on the heap, since the reverse reads it later.
pub fn alloca_bytes<'ctx>(ops: &Ops<'_, 'ctx>, clone: InstructionValue<'ctx>) -> BasicValueEnum<'ctx> {
    let ty = ir::allocated_type(clone).expect("alloca type");
    ops.size_of(ty, ir::operand(clone, 0).expect("alloca count"))
}
