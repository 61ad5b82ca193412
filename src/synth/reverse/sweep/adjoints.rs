//! The adjoints of single instructions: float arithmetic (the transpose of its tangent rule),
//! structural instructions (the [`Transpose`] `rules/structure.rs` names for each), loads and
//! stores (adjoints to and from shadow memory), and the checks that refuse what would lose one.
use super::Sweep;
use crate::analysis::types::{Base, TypeFacts};
use crate::diag::{Error, Result};
use crate::ir;
use crate::model::location_of;
use crate::rules::linear;
use crate::rules::structure::{structure, Transpose};
use crate::synth::expr::{ExprContext, IrAlgebra};
use inkwell::types::BasicTypeEnum;
use inkwell::values::{BasicValue, BasicValueEnum, InstructionOpcode, InstructionValue};
use llvm_sys::LLVMOpcode;

/// The type an adjoint of `v` has: its own for floats (and aggregates of them); for integers and
/// integer vectors that hold float bits, the floats of the same size (`i64` → `double`, a
/// `<4 x i32>` holding doubles → `<2 x double>`); none for pointers and true integers.
pub(super) fn adjoint_type<'ctx>(v: BasicValueEnum<'ctx>, types: &TypeFacts) -> Option<BasicTypeEnum<'ctx>> {
    let ty = v.get_type();
    if ir::carries_float(ty) {
        // Integers beside floats (clang's copies of mixed structs) may hold float bits, as
        // integers of float width do on their own: they get a float adjoint of their width.
        // Pointers beside floats keep their place and carry nothing (`add_any` skips them).
        return Some(ir::integers_as_floats(ty));
    }
    if ir::contains_pointer(ty) {
        return None;
    }
    let float_bits = match types.base(v) {
        Some(Base::Float(b)) => b,
        Some(Base::Integer) | Some(Base::Pointer) => return None,
        // Unknown content: clang copies doubles and floats with integers (or integer vectors) of
        // their width. Wider copies of unknown content are refused (check_untracked_float_bits).
        // Except both halves of one 8-byte slot as 32-bit integers: two floats or one double.
        None if types.is_slot_half(v) => return None,
        None => match ir::integer_bits(ty) {
            Some(bits @ (32 | 64)) => bits,
            _ => return None,
        },
    };
    ir::float_view_deep(ty, float_bits)
}

impl<'s, 'a, 'ctx> Sweep<'s, 'a, 'ctx> {
    pub(super) fn instruction(&mut self, inst: InstructionValue<'ctx>) -> Result<()> {
        use InstructionOpcode::*;
        let op = |i| ir::operand(inst, i).expect("operand");
        match inst.get_opcode() {
            Store => return self.store(inst),
            Call => return self.call(inst),
            AtomicRMW => return self.atomic_update(inst),
            Alloca => {
                if let Some(r) = ir::result_of(inst).filter(|r| self.act.is_varied(*r)) {
                    let shadow = self.shadow(r, inst)?;
                    self.free(shadow);
                }
                return Ok(());
            }
            _ => {}
        }
        let Some(r) = ir::result_of(inst) else { return Ok(()) };
        if !self.wants_adjoint(r) {
            self.check_untracked_float_bits(inst, r)?;
            return Ok(());
        }
        let g = self.take(r)?;
        let ops = self.ops();
        if let Some(rule) = self.synth.table.for_opcode(inst.get_opcode()) {
            // Float arithmetic: the transpose of its tangent rule (rules/instructions.rules),
            // reading only what the plan kept for it (the same `references`).
            let n = rule.params.len() as u32;
            let varied: Vec<bool> = (0..n).map(|i| self.act.is_varied(op(i))).collect();
            let refs = rule.references(&varied);
            let mut primal_args: Vec<BasicValueEnum<'ctx>> = (0..n).map(|i| ir::undef(op(i).get_type())).collect();
            for &i in &refs.args {
                primal_args[i] = self.primal(op(i as u32), inst)?;
            }
            let result = if refs.result { self.primal(r, inst)? } else { ir::undef(r.get_type()) };
            let ctx = ExprContext { ops: &ops, table: self.synth.table, float_ty: r.get_type(), args: &primal_args, result };
            return linear::transpose(&mut IrAlgebra(&ctx), &rule.tangent, g, &varied, &mut |i, adjoint| self.add(op(i as u32), adjoint));
        }
        let opcode = inst.get_opcode();
        let Some(s) = structure(opcode) else {
            return Err(self.unsupported(inst, format!("no adjoint rule for the '{opcode:?}' instruction")));
        };
        match s.transpose {
            Transpose::Same => self.add(op(0), g)?,
            Transpose::InverseConversion => {
                let inverse = if opcode == FPExt { LLVMOpcode::LLVMFPTrunc } else { LLVMOpcode::LLVMFPExt };
                self.add(op(0), ops.cast(inverse, g, op(0).get_type()))?
            }
            Transpose::Reinterpret => {
                let a = op(0);
                if let Some(ty) = adjoint_type(a, self.types) {
                    if ir::store_size(self.synth.module, ty) != ir::store_size(self.synth.module, g.get_type()) {
                        return Err(self.unsupported(inst, "a bitcast that changes the size of an active value"));
                    }
                    let cast = if ty == g.get_type() { g } else { ops.cast(LLVMOpcode::LLVMBitCast, g, ty) };
                    self.add(a, cast)?;
                }
            }
            Transpose::ByCondition => {
                let c = self.primal(op(0), inst)?;
                let zero = g.get_type().const_zero();
                self.add(op(1), ops.select(c, g, zero))?;
                self.add(op(2), ops.select(c, zero, g))?;
            }
            Transpose::IntoZeroAt | Transpose::SplitAt if matches!(opcode, ExtractValue | InsertValue) => self.aggregate(inst, g)?,
            Transpose::IntoZeroAt => {
                let lane = self.primal(op(1), inst)?;
                let zero = self.lane_adjoint_zero(op(0), g.get_type(), inst)?;
                self.add(op(0), ops.insert_element_at(zero, g, lane))?;
            }
            Transpose::SplitAt => {
                let lane = self.primal(op(2), inst)?;
                let BasicTypeEnum::VectorType(gv) = g.get_type() else { return Err(self.unsupported(inst, "an element inserted into a vector whose adjoint is not a vector")) };
                self.lane_adjoint_zero(op(0), gv.get_element_type(), inst)?;
                self.add(op(1), ops.extract_element_at(g, lane))?;
                let elem_zero = gv.get_element_type().const_zero();
                self.add(op(0), ops.insert_element_at(g, elem_zero, lane))?;
            }
            Transpose::ThroughMask => {
                let mask = ir::shuffle_mask(inst);
                let n = match op(0).get_type() {
                    BasicTypeEnum::VectorType(v) => v.get_size() as i32,
                    _ => 0,
                };
                let BasicTypeEnum::VectorType(gv) = g.get_type() else { return Err(self.unsupported(inst, "a shuffle whose adjoint is not a vector")) };
                let (mut ga, mut gb) = (self.lane_adjoint_zero(op(0), gv.get_element_type(), inst)?, self.lane_adjoint_zero(op(1), gv.get_element_type(), inst)?);
                for (j, m) in mask.iter().enumerate() {
                    if *m < 0 {
                        continue;
                    }
                    let lane = ops.extract_element(g, j as u32);
                    let (target, index) = if *m < n { (&mut ga, *m) } else { (&mut gb, *m - n) };
                    let old = ops.extract_element(*target, index as u32);
                    *target = ops.insert_element(*target, ops.fadd(old, lane), index as u32);
                }
                self.add(op(0), ga)?;
                self.add(op(1), gb)?;
            }
            Transpose::IntoShadowMemory => {
                // The loaded value's adjoint flows into the shadow memory it came from.
                let dp = self.shadow(op(0), inst)?;
                let ty = adjoint_type(r, self.types).expect("active load");
                // Shadow memory is accessed with the primal access's alignment, no more.
                let align = ir::shadow_alignment(self.synth.module, inst);
                let g = if g.get_type() == ty { g } else { ops.cast(LLVMOpcode::LLVMBitCast, g, ty) };
                if self.shared_memory(op(0)) {
                    if !ir::atomically_addable(ty) {
                        return Err(self.unsupported(inst, format!("an adjoint of {} added into memory the threads of an OpenMP team share (only float, double and vectors of them are added atomically)", ty.print_to_string())));
                    }
                    ops.atomic_add_into(dp, g);
                    return Ok(());
                }
                let old = ops.load(ty, dp);
                ir::set_alignment(old.as_instruction_value().expect("load"), align);
                let sum = ops.add_any(old, g);
                ir::set_alignment(ops.store(sum, dp), align);
            }
            Transpose::NoAdjoint => return Err(self.unsupported(inst, format!("no adjoint rule for the '{opcode:?}' instruction"))),
        }
        Ok(())
    }

    /// An active integer-typed value without an adjoint would drop a derivative silently if it
    /// holds float bits: part of a float (an `i32` of a double), or integers of unknown content
    /// wider than one float (an `<4 x i32>` copy of memory type analysis knows nothing about).
    fn check_untracked_float_bits(&self, inst: InstructionValue<'ctx>, v: BasicValueEnum<'ctx>) -> Result<()> {
        if !self.act.is_active(v) || ir::is_constant(v) || adjoint_type(v, self.types).is_some() || ir::contains_pointer(v.get_type()) {
            return Ok(());
        }
        match self.types.base(v) {
            Some(Base::Float(_)) => Err(self.unsupported(inst, format!("`{}` holds part of a floating-point value as an integer; its derivative cannot be followed", ir::value_text(v).trim()))),
            // Narrow scalar integers (flags, chars) are integers; 32/64-bit ones were guessed above.
            None if !matches!(v.get_type(), BasicTypeEnum::IntType(t) if t.get_bit_width() < 32) => Err(Error::Unsupported {
                location: location_of(self.key.function, inst),
                what: format!("`{}` copies data whose type llad cannot tell (floats or integers?), so its adjoint cannot be moved back", ir::value_text(v).trim()),
                hint: "copy floating-point data with its own type (double loads/stores or memcpy), or access the memory with its float type somewhere in this function".into(),
            }),
            _ => Ok(()),
        }
    }

    /// A zero adjoint for the vector `v`, lane for lane with `element` adjoints; an error where
    /// `v`'s lanes are not whole floats (an integer vector holding wider floats).
    fn lane_adjoint_zero(&self, v: BasicValueEnum<'ctx>, element: BasicTypeEnum<'ctx>, inst: InstructionValue<'ctx>) -> Result<BasicValueEnum<'ctx>> {
        let BasicTypeEnum::VectorType(vt) = v.get_type() else { return Err(self.unsupported(inst, "a vector operation on a non-vector")) };
        let lanes = ir::vector_of(element, vt.get_size());
        if self.wants_adjoint(v) && adjoint_type(v, self.types) != Some(lanes) {
            return Err(self.unsupported(inst, format!("the lanes of `{}` do not hold whole floating-point values", ir::value_text(v).trim())));
        }
        Ok(lanes.const_zero())
    }

    fn aggregate(&mut self, inst: InstructionValue<'ctx>, g: BasicValueEnum<'ctx>) -> Result<()> {
        let indices = ir::aggregate_indices(inst);
        let [index] = indices.as_slice() else {
            return Err(self.unsupported(inst, "nested aggregate access on active values"));
        };
        let op = |i| ir::operand(inst, i).expect("operand");
        let ops = self.ops();
        if inst.get_opcode() == InstructionOpcode::ExtractValue {
            let agg = op(0);
            let Some(ty) = adjoint_type(agg, self.types) else { return Ok(()) };
            self.add(agg, ops.insert_value(ty.const_zero(), g, *index))?;
        } else {
            let (agg, v) = (op(0), op(1));
            let field = ops.extract_value(g, *index);
            self.add(v, field)?;
            self.add(agg, ops.insert_value(g, field.get_type().const_zero(), *index))?;
        }
        Ok(())
    }

    pub(super) fn store(&mut self, inst: InstructionValue<'ctx>) -> Result<()> {
        let value = ir::operand(inst, 0).expect("stored value");
        let ptr = ir::operand(inst, 1).expect("store pointer");
        if !self.act.is_varied(ptr) {
            return Ok(());
        }
        let align = ir::shadow_alignment(self.synth.module, inst);
        self.check_untracked_float_bits(inst, value)?;
        let Some(ty) = adjoint_type(value, self.types) else {
            // Integers (or anything else without an adjoint) overwrote the location: whatever
            // adjoint it held belongs to bytes that are gone. Shadows of pointers stay.
            if !ir::contains_pointer(value.get_type()) {
                let dp = self.shadow(ptr, inst)?;
                let ops = self.ops();
                ir::set_alignment(ops.store(value.get_type().const_zero(), dp), align);
            }
            return Ok(());
        };
        // The store overwrote the location: its adjoint goes to the stored value, then is reset.
        let dp = self.shadow(ptr, inst)?;
        let ops = self.ops();
        let d = ops.load(ty, dp);
        ir::set_alignment(d.as_instruction_value().expect("load"), align);
        // Pointer fields of the shadow hold shadow pointers, not adjoints: they stay.
        let cleared = if ir::contains_pointer(ty) { ops.floats_zeroed(d) } else { ty.const_zero() };
        ir::set_alignment(ops.store(cleared, dp), align);
        self.add(value, d)
    }

    /// `atomicrmw fadd/fsub ptr, v` whose old value carries nothing (an OpenMP reduction's atomic
    /// path, `#pragma omp atomic`): adds `±v` to what it points to, so `v`'s adjoint is `±` the
    /// location's, which stays (other threads only read it in the reverse, as they only added in
    /// the primal).
    fn atomic_update(&mut self, inst: InstructionValue<'ctx>) -> Result<()> {
        let (ptr, value) = (ir::operand(inst, 0).expect("atomic pointer"), ir::operand(inst, 1).expect("atomic value"));
        if !self.act.is_varied(ptr) && !self.act.is_varied(value) {
            return Ok(());
        }
        let result_active = ir::result_of(inst).is_some_and(|r| self.act.is_active(r));
        if !ir::atomic_rmw_is_additive(inst) || result_active || !self.act.is_varied(ptr) {
            // (The checks refuse it before the augmented primal is built.)
            return Err(self.unsupported(inst, "an atomic update of active data other than an addition or subtraction whose old value is unused"));
        }
        let Some(ty) = adjoint_type(value, self.types) else { return Ok(()) };
        if !self.act.is_varied(value) {
            return Ok(());
        }
        let dp = self.shadow(ptr, inst)?;
        let ops = self.ops();
        let d = ops.load(ty, dp);
        ir::set_alignment(d.as_instruction_value().expect("load"), ir::shadow_alignment(self.synth.module, inst));
        let d = if ir::atomic_rmw_is_subtraction(inst) { ops.fneg(d) } else { d };
        self.add(value, d)
    }
}
