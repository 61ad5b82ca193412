//! Forward mode: the primal body is cloned and every active instruction gets its tangent right after
//! it: float arithmetic from its tangent rule (`rules/instructions.rules`), structural instructions
//! (casts, GEPs, loads, shuffles, aggregates: `rules/structure.rs`) re-emitted on tangents, calls
//! from their call kind's handler (`synth/calls/`); stores, phis and allocas here.
use super::checks::Checks;
use super::signature;
use super::shadows;
use super::error_estimate;
use crate::rules::structure::structure;
use super::expr::{ExprContext, IrAlgebra};
use crate::rules::{linear, MathTable};
use super::calls::{self, CallHandler, CallSite};
use super::{ForwardKey, Synthesizer};
use crate::analysis::activity::{self, ActivityFacts, Boundary};
use crate::analysis::calls::classify;
use crate::analysis::types::{self, TypeFacts};
use crate::diag::{Error, Result};
use crate::ir::{self, Ops};
use crate::model::{location_of, ValueId};
use inkwell::basic_block::BasicBlock;
use inkwell::module::Module;
use inkwell::types::{BasicType, BasicTypeEnum};
use inkwell::values::{AsValueRef, BasicValue, BasicValueEnum, FunctionValue, InstructionOpcode, InstructionValue};
use std::collections::HashMap;

/// The return type of a forward derivative: `{primal, tangent}`, one of them, or void; a batched
/// derivative returns its tangents as `[width x R]`.
pub fn return_type<'ctx>(module: &Module<'ctx>, key: &ForwardKey<'ctx>) -> Option<BasicTypeEnum<'ctx>> {
    let r = key.function.get_type().get_return_type()?;
    let t: BasicTypeEnum = if key.width > 1 { r.array_type(key.width).into() } else { r };
    match (key.ret_primal, key.ret_tangent) {
        (true, true) => Some(module.get_context().struct_type(&[r, t], false).into()),
        (true, false) => Some(r),
        (false, true) => Some(t),
        (false, false) => None,
    }
}

/// Declares the (empty) derivative function for `key`: each argument followed by its shadow.
pub fn declare<'ctx>(module: &Module<'ctx>, key: &ForwardKey<'ctx>, serial: usize) -> FunctionValue<'ctx> {
    let prefix = if key.error { "fwderror_" } else { "fwddiffe_" };
    let base = format!("{prefix}{}", ir::function_name(key.function));
    let name = if module.get_function(&base).is_none() { base } else { format!("{base}.{serial}") };
    signature::declare(module, &name, key.function, &key.args, key.width, &[], return_type(module, key))
}

/// Builds the body of `new` for `key`.
pub fn build<'ctx>(synth: &mut Synthesizer<'_, 'ctx>, key: &ForwardKey<'ctx>, new: FunctionValue<'ctx>) -> Result<()> {
    let old = key.function;
    let body = signature::clone_body(old, new, &key.args, key.width);
    let tangents = body.shadows.into_iter().flat_map(|(k, lanes)| lanes.into_iter().enumerate().map(move |(lane, t)| ((k, lane), t))).collect();
    let (clones, blocks) = (body.clones, body.blocks);
    let types = types::analyze(synth.module, old);
    let boundary = Boundary { arg_active: key.args.iter().map(|a| a.has_shadow()).collect(), ret_active: key.ret_tangent };
    let act = activity::analyze(old, &boundary, &types, synth.table);
    // (Logged before the checks: the analyses explain an error too.)
    if synth.log_types {
        synth.log.push_str(&types::print(old, &types));
    }
    if synth.log_activity {
        synth.log.push_str(&activity::print(old, &act));
    }
    Checks { function: old, act: &act, types: &types, table: synth.table, top_level: key.top_level }.check_every_instruction_forward()?;
    synth.note_global_accesses(old, &act);
    let builder = synth.module.get_context().create_builder();
    let mut fwd = Forward { synth, key, old, clones, blocks, tangents, act, types, builder: &builder, phis: Vec::new(), rets: Vec::new(), lane: 0, width: key.width as usize };
    for block in ir::reverse_post_order(old) {
        for inst in block.get_instructions() {
            fwd.instruction(inst).map_err(|e| e.at(|| location_of(old, inst)))?;
        }
    }
    fwd.finish_phis()?;
    fwd.finish_returns()?;
    Ok(())
}

struct Forward<'s, 'a, 'ctx> {
    synth: &'s mut Synthesizer<'a, 'ctx>,
    key: &'s ForwardKey<'ctx>,
    old: FunctionValue<'ctx>,
    /// Original instruction -> its clone in the derivative.
    clones: HashMap<ValueId, InstructionValue<'ctx>>,
    blocks: HashMap<BasicBlock<'ctx>, BasicBlock<'ctx>>,
    /// (Original value, lane) -> its tangent (shadow for pointers) in the derivative.
    tangents: HashMap<(ValueId, usize), BasicValueEnum<'ctx>>,
    act: ActivityFacts,
    types: TypeFacts,
    builder: &'s inkwell::builder::Builder<'ctx>,
    /// Tangent phis whose incoming values are filled once every block is done.
    phis: Vec<(InstructionValue<'ctx>, usize, BasicValueEnum<'ctx>)>,
    rets: Vec<InstructionValue<'ctx>>,
    /// The lane whose tangents are being built (batched mode runs each tangent rule per lane).
    lane: usize,
    width: usize,
}

impl<'s, 'a, 'ctx> Forward<'s, 'a, 'ctx> {
    fn ops(&self) -> Ops<'s, 'ctx> {
        Ops::new(self.builder, self.synth.module)
    }

    fn checks(&self) -> Checks<'_, 'ctx> {
        Checks { function: self.old, act: &self.act, types: &self.types, table: self.synth.table, top_level: self.key.top_level }
    }

    fn unsupported(&self, inst: InstructionValue<'ctx>, what: impl Into<String>, hint: impl Into<String>) -> Error {
        Error::Unsupported { location: location_of(self.old, inst), what: what.into(), hint: hint.into() }
    }

    fn clone_of(&self, inst: InstructionValue<'ctx>) -> InstructionValue<'ctx> {
        self.clones[&ValueId::of(inst)]
    }

    fn active(&self, v: BasicValueEnum<'ctx>) -> bool {
        self.act.is_active(v)
    }

    /// The tangent of an original value (in the current lane): its recorded tangent when active,
    /// zero otherwise.
    fn tangent(&self, v: BasicValueEnum<'ctx>, at: InstructionValue<'ctx>) -> Result<BasicValueEnum<'ctx>> {
        self.tangent_in(v, self.lane, at)
    }

    fn tangent_in(&self, v: BasicValueEnum<'ctx>, lane: usize, at: InstructionValue<'ctx>) -> Result<BasicValueEnum<'ctx>> {
        if let Some(t) = self.tangents.get(&(ValueId::of(v), lane)) {
            return Ok(*t);
        }
        if ir::is_constant(v) && self.act.is_varied(v) {
            if self.width > 1 {
                return Err(self.unsupported(at, "batched forward mode through a global that carries derivatives", "call the derivative once per direction"));
            }
            if let Some(shadow) = self.synth.shadow_of_constant(v) {
                return Ok(shadow);
            }
        }
        if self.act.is_varied(v) && self.act.is_active(v) {
            return Err(Error::Internal(format!("tangent of {} used before it was computed", ir::value_text(v))));
        }
        // A function, a vtable: nothing read through it carries a tangent, so it is its own shadow.
        if ir::contains_pointer(v.get_type()) && (ir::is_inert_constant(v) || crate::analysis::activity::based_on_null(v)) {
            let copy = v.as_instruction_value().and_then(|i| self.clones.get(&ValueId::of(i))).and_then(|c| ir::result_of(*c));
            return Ok(copy.unwrap_or(v));
        }
        if let Some(sink) = self.synth.shadow_of_inactive_global(v) {
            return Ok(sink);
        }
        if ir::contains_pointer(v.get_type()) && !v.as_value_ref().is_null() && !ir::is_zero_or_undef(v) {
            return Err(self.unsupported(
                at,
                format!("pointer {} has no shadow here but is mixed with shadowed pointers", ir::value_text(v).trim()),
                "mark the memory it points to enzyme_dup, or keep constant and active pointers apart",
            ));
        }
        Ok(v.get_type().const_zero())
    }

    fn set_tangent(&mut self, orig: BasicValueEnum<'ctx>, t: BasicValueEnum<'ctx>) {
        self.tangents.insert((ValueId::of(orig), self.lane), t);
    }

    /// Runs a tangent rule once per lane.
    fn per_lane(&mut self, mut rule: impl FnMut(&mut Self) -> Result<()>) -> Result<()> {
        for lane in 0..self.width {
            self.lane = lane;
            rule(self)?;
        }
        self.lane = 0;
        Ok(())
    }

    fn instruction(&mut self, inst: InstructionValue<'ctx>) -> Result<()> {
        use InstructionOpcode::*;
        let result = ir::result_of(inst);
        let result_active = result.is_some_and(|r| self.active(r));
        let opcode = inst.get_opcode();
        match opcode {
            Return => {
                self.rets.push(inst);
                return Ok(());
            }
            Store => return self.per_lane(|s| s.store(inst)),
            AtomicRMW => return self.per_lane(|s| s.atomic_update(inst)),
            Call => return self.call(inst),
            _ => {}
        }
        if !result_active {
            self.checks().check_integer_bits(inst)?;
            self.checks().check_handled(inst)?;
            return Ok(());
        }
        self.per_lane(|s| s.active_instruction(inst))
    }

    /// The tangent of an active instruction (in the current lane).
    fn active_instruction(&mut self, inst: InstructionValue<'ctx>) -> Result<()> {
        use InstructionOpcode::*;
        let opcode = inst.get_opcode();
        let r = ir::result_of(inst).expect("active result");
        let clone = self.clone_of(inst);
        let ops = self.ops();
        if opcode == Phi {
            let phi = shadows::phi_beside(&ops, clone);
            self.phis.push((inst, self.lane, phi));
            self.set_tangent(r, phi);
            return Ok(());
        }
        ops.position_after(clone);
        let op = |i| ir::operand(inst, i).expect("operand");
        if let Some(rule) = self.synth.table.for_opcode(opcode) {
            // Float arithmetic: the tangent rule of rules/instructions.rules.
            let mut tangents = Vec::new();
            for i in 0..rule.params.len() as u32 {
                tangents.push(if self.act.is_varied(op(i)) { Some(self.tangent(op(i), inst)?) } else { None });
            }
            let primal_args: Vec<BasicValueEnum<'ctx>> = (0..rule.params.len() as u32).filter_map(|i| ir::operand(clone, i)).collect();
            let result = ir::result_of(clone).expect("arithmetic result");
            let ctx = ExprContext { ops: &ops, table: self.synth.table, float_ty: r.get_type(), args: &primal_args, result };
            if self.key.error {
                // The partials: the transpose of the tangent rule at seed 1.
                self.check_error_type(inst, r)?;
                let varied: Vec<bool> = tangents.iter().map(Option::is_some).collect();
                let mut partials: Vec<Option<BasicValueEnum<'ctx>>> = vec![None; varied.len()];
                let one = ops.const_float(r.get_type(), 1.0);
                linear::transpose(&mut IrAlgebra(&ctx), &rule.tangent, one, &varied, &mut |i, p| {
                    partials[i] = Some(partials[i].map_or(p, |q| ops.fadd(q, p)));
                    Ok(())
                })?;
                let terms: Vec<error_estimate::Term<'ctx>> = partials
                    .iter()
                    .enumerate()
                    .filter_map(|(i, p)| Some(error_estimate::Term { operand: primal_args[i], partial: (*p)?, error: tangents[i]? }))
                    .collect();
                let err = error_estimate::estimate(&ops, result, &terms)?;
                error_estimate::report(&ops, inst, result, err, &format!("{opcode:?}").to_lowercase(), "");
                self.set_tangent(r, err);
                return Ok(());
            }
            let t = linear::tangent(&mut IrAlgebra(&ctx), &rule.tangent, &tangents)?.unwrap_or_else(|| r.get_type().const_zero());
            self.set_tangent(r, t);
            return Ok(());
        }
        let t = match opcode {
            // Linear instructions: the same instruction applied to the tangents of the operands
            // they are linear in (the others, such as indices and conditions, stay primal).
            _ if structure(opcode).is_some() => shadows::on_shadows(&ops, clone, |i| self.tangent(op(i), inst))?,
            Alloca => self.shadow_alloca(clone)?,
            _ => {
                return Err(self.unsupported(
                    inst,
                    format!("no derivative rule for the '{opcode:?}' instruction"),
                    "rewrite this code without it, or give the enclosing function a custom rule",
                ))
            }
        };
        self.set_tangent(r, t);
        Ok(())
    }

    /// Error estimation covers `float` and `double` scalars.
    fn check_error_type(&self, inst: InstructionValue<'ctx>, v: BasicValueEnum<'ctx>) -> Result<()> {
        if error_estimate::estimable(self.synth.module, v.get_type()) {
            return Ok(());
        }
        Err(self.unsupported(inst, "floating-point error estimation of a value that is not a float or double scalar", "estimate the error of the scalar code, or compute the vector lanes one by one"))
    }

    fn shadow_alloca(&mut self, clone: InstructionValue<'ctx>) -> Result<BasicValueEnum<'ctx>> {
        let ops = self.ops();
        let shadow = ir::result_of(ops.clone_with(clone, &[])).expect("alloca result");
        let bytes = shadows::alloca_bytes(&ops, clone);
        self.ops().memset_zero(shadow, bytes)?;
        Ok(shadow)
    }

    /// A store through a varied pointer writes the value's tangent into shadow memory (the
    /// augmented primal's store writes pointer shadows only: there, shadow memory of floats holds
    /// adjoints, which belong to the reverse sweep).
    fn store(&mut self, inst: InstructionValue<'ctx>) -> Result<()> {
        let value = ir::operand(inst, 0).expect("stored value");
        let ptr = ir::operand(inst, 1).expect("store pointer");
        if !self.act.is_varied(ptr) {
            if self.act.is_varied(value) && !self.types.memory_is_integer(ptr) {
                self.checks().check_write_to_constant_memory(inst, ptr)?;
            }
            return Ok(());
        }
        let clone = self.clone_of(inst);
        let ty = value.get_type();
        let shadow_value = if self.act.is_varied(value) {
            self.tangent(value, inst)?
        } else if matches!(ty, BasicTypeEnum::IntType(_)) && self.types.memory_is_integer(ptr) {
            return Ok(());
        } else {
            // Overwriting with a constant (or a pointer without shadow) resets the shadow.
            ty.const_zero()
        };
        let shadow_ptr = self.tangent(ptr, inst)?;
        self.ops().position_after(clone);
        let shadow_store = self.ops().clone_with(clone, &[(0, shadow_value), (1, shadow_ptr)]);
        ir::set_alignment(shadow_store, ir::shadow_alignment(self.synth.module, clone));
        Ok(())
    }

    /// `atomicrmw fadd/fsub/xchg ptr, v` (an OpenMP reduction's atomic path, `#pragma omp atomic`):
    /// the same atomic update of the shadow with the tangent. The old value it returns has no
    /// tangent (another thread's update may come between the two).
    fn atomic_update(&mut self, inst: InstructionValue<'ctx>) -> Result<()> {
        let ptr = ir::operand(inst, 0).expect("atomic pointer");
        let value = ir::operand(inst, 1).expect("atomic value");
        let touches_active = self.act.is_varied(ptr) || self.act.is_varied(value);
        if !touches_active {
            return Ok(());
        }
        let result_needed = ir::result_of(inst).is_some_and(|r| self.active(r));
        if !ir::atomic_rmw_is_linear(inst) || result_needed || !self.act.is_varied(ptr) {
            return self.checks().check_handled(inst);
        }
        let clone = self.clone_of(inst);
        let tangent = if self.act.is_varied(value) { self.tangent(value, inst)? } else { value.get_type().const_zero() };
        let shadow_ptr = self.tangent(ptr, inst)?;
        self.ops().position_after(clone);
        self.ops().clone_with(clone, &[(0, shadow_ptr), (1, tangent)]);
        Ok(())
    }

    fn call(&mut self, inst: InstructionValue<'ctx>) -> Result<()> {
        let clone = self.clone_of(inst);
        let site = CallSite::of(inst, Some(clone), &self.act);
        let handler: Box<dyn CallHandler<'ctx>> = match calls::custom::select_forward(self.synth.custom, &site, &self.act, self.key.ret_primal)? {
            Some(rule_call) => Box::new(rule_call),
            None => calls::handler(&classify(inst, self.synth.table)),
        };
        if !handler.per_lane() {
            return handler.tangent(self, &site);
        }
        self.per_lane(|s| {
            s.ops().position_after(clone);
            handler.tangent(s, &site)
        })
    }

    fn finish_phis(&mut self) -> Result<()> {
        let ops = self.ops();
        for (orig, lane, phi) in std::mem::take(&mut self.phis) {
            self.lane = lane;
            let mut incoming = Vec::new();
            for (value, block) in ir::phi_incoming(orig) {
                let Some(new_block) = self.blocks.get(&block).copied() else { continue };
                incoming.push((self.tangent(value, orig)?, new_block));
            }
            ops.add_incoming(phi, &incoming);
        }
        self.lane = 0;
        Ok(())
    }

    fn finish_returns(&mut self) -> Result<()> {
        let ret_ty = return_type(self.synth.module, self.key);
        for orig in std::mem::take(&mut self.rets) {
            let clone = self.clone_of(orig);
            self.builder.position_before(&clone);
            let ops = self.ops();
            let primal = ir::operand(clone, 0);
            let tangent = match ir::operand(orig, 0) {
                Some(v) if self.key.ret_tangent && self.width > 1 => {
                    // The lanes' tangents, packed as [width x R].
                    let mut packed: BasicValueEnum<'ctx> = v.get_type().array_type(self.width as u32).const_zero().into();
                    for lane in 0..self.width {
                        self.lane = lane;
                        packed = ops.insert_value(packed, self.tangent(v, orig)?, lane as u32);
                    }
                    self.lane = 0;
                    Some(packed)
                }
                Some(v) if self.key.ret_tangent => Some(self.tangent(v, orig)?),
                _ => None,
            };
            let value = match (self.key.ret_primal, self.key.ret_tangent, ret_ty) {
                (true, true, Some(ty)) => {
                    let pair = ops.insert_value(ty.const_zero(), primal.expect("primal return"), 0);
                    Some(ops.insert_value(pair, tangent.expect("tangent return"), 1))
                }
                (true, false, _) => primal,
                (false, true, _) => tangent,
                _ => None,
            };
            match value {
                Some(v) => self.builder.build_return(Some(&v as &dyn BasicValue))?,
                None => self.builder.build_return(None)?,
            };
            ir::replace_and_erase(clone, None);
        }
        Ok(())
    }
}


impl<'s, 'a, 'ctx> calls::Tangents<'s, 'ctx> for Forward<'s, 'a, 'ctx> {
    fn ops(&self) -> Ops<'s, 'ctx> {
        Forward::ops(self)
    }
    fn varied(&self, v: BasicValueEnum<'ctx>) -> bool {
        self.act.is_varied(v)
    }
    fn tangent(&self, v: BasicValueEnum<'ctx>, at: InstructionValue<'ctx>) -> Result<BasicValueEnum<'ctx>> {
        Forward::tangent(self, v, at)
    }
    fn set_tangent(&mut self, v: BasicValueEnum<'ctx>, t: BasicValueEnum<'ctx>) {
        Forward::set_tangent(self, v, t)
    }
    fn checks(&self) -> Checks<'_, 'ctx> {
        Forward::checks(self)
    }
    fn types(&self) -> &TypeFacts {
        &self.types
    }
    fn table(&self) -> &'s MathTable {
        self.synth.table
    }
    fn width(&self) -> usize {
        self.width
    }
    fn error_mode(&self) -> bool {
        self.key.error
    }
    fn lane_tangent(&self, v: BasicValueEnum<'ctx>, lane: usize, at: InstructionValue<'ctx>) -> Result<BasicValueEnum<'ctx>> {
        self.tangent_in(v, lane, at)
    }
    fn set_lane_tangent(&mut self, v: BasicValueEnum<'ctx>, lane: usize, t: BasicValueEnum<'ctx>) {
        self.tangents.insert((ValueId::of(v), lane), t);
    }
    fn derivative(&mut self, key: ForwardKey<'ctx>) -> Result<FunctionValue<'ctx>> {
        self.synth.forward(key)
    }
    fn replace_call(&mut self, call: &CallSite<'ctx>, primal: Option<BasicValueEnum<'ctx>>) {
        ir::replace_and_erase(self.clone_of(call.inst), primal);
        self.clones.remove(&ValueId::of(call.inst));
    }
}
