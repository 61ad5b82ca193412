//! llvm.memcpy/memmove and llvm.memset. A copy copies tangents in forward mode and moves adjoints
//! back from the destination's shadow to the source's in reverse (pointers in the copied memory
//! get their shadows copied by the augmented primal); a memset of active memory zeroes its shadow.
use super::{Adjoints, CallHandler, CallSite, Need, Shadows, Tangents};
use crate::analysis::activity::ActivityFacts;
use crate::analysis::types::{Base, TypeFacts};
use crate::ir;
use crate::synth::checks::Checks;
use crate::diag::{Error, Result};
use crate::rules::MathTable;

pub struct MemCopy;
pub struct MemSet;

/// A copy of memory that carries derivatives into memory without a shadow loses them: an error
/// unless nothing differentiated reads the destination back.
fn check_copy_to_constant<'ctx>(checks: &Checks<'_, 'ctx>, types: &TypeFacts, call: &CallSite<'ctx>, src_varied: bool) -> Result<()> {
    let (dst, src) = (call.args[0], call.args[1]);
    if src_varied && !types.memory_is_integer(src) {
        checks.check_write_to_constant_memory(call.inst, dst)?;
    }
    Ok(())
}

/// What type analysis knows the copied bytes hold, in the source and the destination.
fn copied_bases(types: &TypeFacts, call: &CallSite<'_>) -> Vec<Base> {
    let end = ir::const_int(call.args[2]);
    [call.args[1], call.args[0]].iter().flat_map(|p| types.memory_in(*p, 0, end)).collect()
}

/// Whether type analysis knows what every copied byte holds (a constant-length copy whose known
/// cells, integers reaching to the next cell, cover it), in the source or the destination.
fn fully_known(types: &TypeFacts, call: &CallSite<'_>) -> bool {
    let Some(len) = ir::const_int(call.args[2]) else { return false };
    let mut cells: std::collections::BTreeMap<i64, Base> = std::collections::BTreeMap::new();
    for p in [call.args[1], call.args[0]] {
        for (offset, base) in types.memory_cells(p, 0, len) {
            cells.entry(offset).or_insert(base);
        }
    }
    let offsets: Vec<(i64, Base)> = cells.into_iter().collect();
    let mut covered = 0;
    for (i, (offset, base)) in offsets.iter().enumerate() {
        if *offset > covered {
            return false;
        }
        let next = offsets.get(i + 1).map_or(len, |(o, _)| *o);
        let size = match base {
            Base::Pointer => 8,
            Base::Float(bits) => i64::from(*bits / 8),
            Base::Integer => next - offset,
        };
        covered = covered.max(offset + size);
    }
    covered >= len
}

impl<'ctx> CallHandler<'ctx> for MemCopy {
    fn tangent<'s>(&self, cx: &mut dyn Tangents<'s, 'ctx>, call: &CallSite<'ctx>) -> Result<()>
    where
        'ctx: 's,
    {
        let (dst, src) = (call.args[0], call.args[1]);
        if !cx.varied(dst) {
            return check_copy_to_constant(&cx.checks(), cx.types(), call, cx.varied(src));
        }
        let clone = call.clone_inst();
        if cx.varied(src) {
            let (dd, ds) = (cx.tangent(dst, call.inst)?, cx.tangent(src, call.inst)?);
            cx.ops().clone_with(clone, &[(0, dd), (1, ds)]);
        } else {
            let dd = cx.tangent(dst, call.inst)?;
            cx.ops().memset_zero(dd, ir::operand(clone, 2).expect("memcpy length"))?;
        }
        Ok(())
    }

    fn augmented<'s>(&self, cx: &mut dyn Shadows<'s, 'ctx>, call: &CallSite<'ctx>) -> Result<()>
    where
        'ctx: 's,
    {
        let (dst, src) = (call.args[0], call.args[1]);
        if !cx.varied(dst) {
            return check_copy_to_constant(&cx.checks(), cx.types(), call, cx.varied(src));
        }
        // Shadow memory holds shadow pointers beside adjoints: a copy of both would need its
        // pointers copied now and its floats' adjoints moved back later, field by field.
        let bases = copied_bases(cx.types(), call);
        if bases.contains(&Base::Pointer) && !fully_known(cx.types(), call) {
            return Err(cx.checks().error(
                call.inst,
                "a copy (memcpy/memmove) of memory that holds pointers beside bytes whose type llad cannot tell (floats that carry derivatives?)",
                "copy such a struct member by member (plain assignments), or access its floating-point members with their type in this function",
            ));
        }
        if bases.contains(&Base::Pointer) && bases.iter().any(|b| matches!(b, Base::Float(_))) {
            return Err(cx.checks().error(
                call.inst,
                "a copy (memcpy/memmove) of memory that holds both pointers and floating-point values that carry derivatives",
                "copy such a struct member by member (plain assignments), or keep pointers and floats in separate structs",
            ));
        }
        // Pointers in copied memory (anywhere in it: a struct's pointer may follow its integers)
        // need their shadows copied now; float adjoints flow back in the reverse.
        if bases.contains(&Base::Pointer) {
            let (dd, ds) = (cx.shadow(dst, call.inst)?, cx.shadow(src, call.inst)?);
            cx.ops().clone_with(call.clone_inst(), &[(0, dd), (1, ds)]);
        }
        Ok(())
    }

    fn needs(&self, call: &CallSite<'ctx>, act: &ActivityFacts, _: &MathTable) -> Vec<Need<'ctx>> {
        let (dst, src, len) = (call.args[0], call.args[1], call.args[2]);
        if !act.is_varied(dst) {
            return Vec::new();
        }
        let mut out = vec![Need::Shadow(dst, "shadow of a copy destination")];
        if act.is_varied(src) {
            out.push(Need::Shadow(src, "shadow of a copy source"));
        }
        out.push(Need::Primal(len, "copy length"));
        out
    }

    fn adjoint<'s>(&self, cx: &mut dyn Adjoints<'s, 'ctx>, call: &CallSite<'ctx>) -> Result<()>
    where
        'ctx: 's,
    {
        let (dst, src) = (call.args[0], call.args[1]);
        let types = cx.types();
        // A copy of memory with pointers (and no floats: the augmented primal refuses both) moved
        // shadow pointers, not adjoints.
        if !cx.varied(dst) || copied_bases(types, call).contains(&Base::Pointer) {
            return Ok(());
        }
        let dd = cx.shadow(dst, call.inst)?;
        let len = cx.primal(call.args[2], call.inst)?;
        let ops = cx.ops();
        if cx.varied(src) {
            let ds = cx.shadow(src, call.inst)?;
            let width = match types.memory(src, 0).or(types.memory(dst, 0)) {
                Some(Base::Float(32)) => "f32",
                _ => "f64",
            };
            // (Added atomically where other threads of an OpenMP team may add into the source too.)
            let atomic = if cx.shared_memory(src) { ".atomic" } else { "" };
            let helper = ops.module.get_function(&format!("llad.memcpy.adjoint.{width}{atomic}")).ok_or_else(|| Error::Internal("tape runtime missing".into()))?;
            ops.call(helper, &[dd, ds, ops.as_i64(len)]);
        } else {
            ops.memset_zero(dd, len)?;
        }
        Ok(())
    }
}

impl<'ctx> CallHandler<'ctx> for MemSet {
    fn tangent<'s>(&self, cx: &mut dyn Tangents<'s, 'ctx>, call: &CallSite<'ctx>) -> Result<()>
    where
        'ctx: 's,
    {
        if cx.varied(call.args[0]) {
            let ops = cx.ops();
            let zero = ops.module.get_context().i8_type().const_zero().into();
            let dd = cx.tangent(call.args[0], call.inst)?;
            ops.clone_with(call.clone_inst(), &[(0, dd), (1, zero)]);
        }
        Ok(())
    }


    fn needs(&self, call: &CallSite<'ctx>, act: &ActivityFacts, _: &MathTable) -> Vec<Need<'ctx>> {
        if !act.is_varied(call.args[0]) {
            return Vec::new();
        }
        vec![Need::Shadow(call.args[0], "shadow of a memset destination"), Need::Primal(call.args[2], "memset length")]
    }

    fn adjoint<'s>(&self, cx: &mut dyn Adjoints<'s, 'ctx>, call: &CallSite<'ctx>) -> Result<()>
    where
        'ctx: 's,
    {
        if cx.varied(call.args[0]) {
            let dd = cx.shadow(call.args[0], call.inst)?;
            let len = cx.primal(call.args[2], call.inst)?;
            cx.ops().memset_zero(dd, len)?;
        }
        Ok(())
    }
}
