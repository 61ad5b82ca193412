//! The reverse sweep: pops what the augmented primal saved, visits the blocks backwards (the edge
//! indices on the tape say where each block was entered from) and accumulates adjoints. Single
//! instructions' adjoints are in `adjoints.rs`, calls' in `synth/calls/`.
mod adjoints;

use super::augmented::pop_values;
use super::plan::{Plan, Saved, Source};
use super::{callee_key, is_mixed, out_types, returns_arg_adjoint, takes_return_adjoint, ReverseKey, ReversePair};
use crate::analysis::activity::ActivityFacts;
use crate::analysis::calls::classify;
use crate::analysis::types::TypeFacts;
use crate::diag::{Error, Result};
use crate::ir::{self, Ops};
use crate::model::{location_of, ValueId};
use crate::rules::MathTable;
use crate::synth::calls::{self, CallSite};
use adjoints::adjoint_type;
use crate::synth::{signature, Synthesizer};
use inkwell::basic_block::BasicBlock;
use inkwell::module::Module;
use inkwell::types::BasicTypeEnum;
use inkwell::values::{BasicValue, BasicValueEnum, FunctionValue, InstructionOpcode, InstructionValue};
use llvm_sys::LLVMOpcode;
use std::collections::HashMap;

/// The reverse's return type: the adjoints of the `Out` arguments (a struct), or void.
pub fn return_type<'ctx>(module: &Module<'ctx>, key: &ReverseKey<'ctx>) -> Option<BasicTypeEnum<'ctx>> {
    let outs = out_types(key);
    (!outs.is_empty()).then(|| module.get_context().struct_type(&outs, false).into())
}

/// Declares `reverse_<f>(args with shadows..., [return adjoint], ptr tape)`: the same arguments as
/// the augmented primal, so the reverse needs no tape space for them.
pub fn declare<'ctx>(module: &Module<'ctx>, key: &ReverseKey<'ctx>, name: &str) -> FunctionValue<'ctx> {
    let mut extra = Vec::new();
    if takes_return_adjoint(key) {
        // The adjoint of the return: its type with integer leaves as floats (see `adjoint_type`).
        extra.push((ir::integers_as_floats(key.function.get_type().get_return_type().expect("float return")), "dret"));
    }
    extra.push((module.get_context().ptr_type(inkwell::AddressSpace::default()).into(), "tape"));
    let f = signature::declare(module, name, key.function, &key.args, 1, &extra, return_type(module, key));
    ir::mark_noalias(f, f.count_params() - 1);
    f
}

pub fn build<'ctx>(
    synth: &mut Synthesizer<'_, 'ctx>,
    key: &ReverseKey<'ctx>,
    rev: FunctionValue<'ctx>,
    plan: &Plan<'ctx>,
    act: &ActivityFacts,
    types: &TypeFacts,
) -> Result<()> {
    let ctx = synth.module.get_context();
    let entry = ctx.append_basic_block(rev, "entry");
    let mut rev_blocks = HashMap::new();
    for b in &plan.blocks {
        let name = format!("rev.{}", b.get_name().to_string_lossy());
        rev_blocks.insert(*b, ctx.append_basic_block(rev, &name));
    }
    let exit = ctx.append_basic_block(rev, "exit");
    let entry_builder = ctx.create_builder();
    entry_builder.position_at_end(entry);
    let builder = ctx.create_builder();
    let mut params = HashMap::new();
    let mut index = 0;
    for (i, _) in key.function.get_param_iter().enumerate() {
        params.insert(Saved::Primal(key.function.get_nth_param(i as u32).expect("param")), rev.get_nth_param(index).expect("param"));
        index += 1;
        if key.args[i].has_shadow() {
            params.insert(Saved::Shadow(key.function.get_nth_param(i as u32).expect("param")), rev.get_nth_param(index).expect("shadow"));
            index += 1;
        }
    }
    let dret = if takes_return_adjoint(key) {
        index += 1;
        rev.get_nth_param(index - 1)
    } else {
        None
    };
    let tape = rev.get_nth_param(index).expect("tape");
    let mut sweep = Sweep {
        synth,
        key,
        plan,
        act,
        types,
        entry_builder: &entry_builder,
        builder: &builder,
        slots: HashMap::new(),
        popped: HashMap::new(),
        frame: HashMap::new(),
        params,
        cache: HashMap::new(),
        current: None,
        edge_adjoints: Vec::new(),
        induction_slots: HashMap::new(),
        rev_blocks,
        tape,
    };
    // Slots for what loop exits push: counted induction variables and values from before a loop.
    for v in plan.used_inductions.iter().chain(plan.hoisted.iter().map(|(_, v)| v)) {
        if !sweep.induction_slots.contains_key(&ValueId::of(*v)) {
            let slot = Ops::new(&entry_builder, sweep.synth.module).alloca(v.get_type());
            sweep.induction_slots.insert(ValueId::of(*v), slot);
        }
    }
    // Entry: the exit index and the once-per-call values were pushed last, so they come off first.
    let entry_ops = Ops::new(&entry_builder, sweep.synth.module);
    let exit_index = if plan.returns.len() > 1 { Some(pop_values(&entry_ops, tape, &[ctx.i64_type().into()])?[0]) } else { None };
    let frame_types: Vec<BasicTypeEnum> = plan.frame.iter().map(|e| plan.saved_type(e.saved)).collect();
    let frame_values = pop_values(&entry_ops, tape, &frame_types)?;
    sweep.frame = plan.frame.iter().map(|e| e.saved).zip(frame_values).collect();
    let old_entry = key.function.get_first_basic_block().expect("function body");
    for block in plan.blocks.clone() {
        sweep.block(block, old_entry, exit, dret)?;
    }
    // Exit: return the adjoints of the active arguments.
    sweep.builder.position_at_end(exit);
    let ret_ty = return_type(sweep.synth.module, key);
    let mut value = ret_ty.map(|t| t.const_zero());
    let mut field = 0;
    for (i, p) in key.function.get_param_iter().enumerate() {
        if key.top_level && is_mixed(p.get_type()) && sweep.slots.contains_key(&ValueId::of(p)) {
            return Err(Error::Unsupported {
                location: crate::diag::Location { function: ir::function_name(key.function), ..Default::default() },
                what: format!("argument {} passes floating-point values by value beside pointers; their adjoints have nowhere to go", i + 1),
                hint: "pass the struct by pointer (enzyme_dup with a shadow struct), or split it into separate arguments".into(),
            });
        }
        if returns_arg_adjoint(key, i) {
            let ty = adjoint_type(p, types).ok_or_else(|| Error::Unsupported {
                location: crate::diag::Location { function: ir::function_name(key.function), ..Default::default() },
                what: format!("argument {} carries floating-point bits from the caller, but this function uses it as an integer", i + 1),
                hint: "pass the value as a floating-point type".into(),
            })?;
            let declared = out_types(key).get(field as usize).copied();
            if declared != Some(ty) {
                return Err(Error::Unsupported {
                    location: crate::diag::Location { function: ir::function_name(key.function), ..Default::default() },
                    what: format!("argument {} holds floating-point data of another width than its integer type suggests", i + 1),
                    hint: "pass the value as a floating-point type".into(),
                });
            }
            let slot = sweep.slot(p)?;
            // Slots start at -0.0 (so `slot + x` folds to x); report an untouched adjoint as +0.0.
            let raw = sweep.ops().load(ty, slot);
            let adj = sweep.ops().add_any(raw, ty.const_zero());
            value = Some(sweep.ops().insert_value(value.expect("struct"), adj, field));
            field += 1;
        }
    }
    match value {
        Some(v) => sweep.builder.build_return(Some(&v as &dyn BasicValue))?,
        None => sweep.builder.build_return(None)?,
    };
    // Entry: jump to the reverse of the block that returned.
    match plan.returns.as_slice() {
        [] => {
            return Err(Error::Unsupported {
                location: crate::diag::Location { function: ir::function_name(key.function), ..Default::default() },
                what: "the function never returns".into(),
                hint: "reverse mode needs a function that returns".into(),
            })
        }
        [only] => {
            entry_builder.build_unconditional_branch(sweep.rev_blocks[only])?;
        }
        many => {
            let index = exit_index.expect("exit index popped");
            let cases: Vec<_> = many.iter().enumerate().map(|(k, b)| (ctx.i64_type().const_int(k as u64, false), sweep.rev_blocks[b])).collect();
            entry_builder.build_switch(index.into_int_value(), sweep.rev_blocks[&many[0]], &cases)?;
        }
    }
    // Shadows of the function's own allocations (saved once per call) are fresh blocks.
    let fresh: Vec<BasicValueEnum<'ctx>> = plan
        .frame
        .iter()
        .filter(|e| match e.saved {
            Saved::Shadow(v) => v.as_instruction_value().is_some_and(|i| i.get_opcode() == InstructionOpcode::Alloca || crate::analysis::objects::is_allocation_call(i)),
            _ => false,
        })
        .filter_map(|e| sweep.frame.get(&e.saved).copied())
        .collect();
    super::scopes::mark_fresh_shadows(rev, &fresh);
    Ok(())
}

struct Sweep<'s, 'a, 'ctx> {
    synth: &'s mut Synthesizer<'a, 'ctx>,
    key: &'s ReverseKey<'ctx>,
    plan: &'s Plan<'ctx>,
    act: &'s ActivityFacts,
    types: &'s TypeFacts,
    /// Adjoint slots are allocas at the top of the reverse (SROA turns them into registers).
    entry_builder: &'s inkwell::builder::Builder<'ctx>,
    builder: &'s inkwell::builder::Builder<'ctx>,
    slots: HashMap<ValueId, BasicValueEnum<'ctx>>,
    /// What the current block popped.
    popped: HashMap<Saved<'ctx>, BasicValueEnum<'ctx>>,
    /// Values saved once per call.
    frame: HashMap<Saved<'ctx>, BasicValueEnum<'ctx>>,
    /// The reverse's parameters: the arguments and their shadows.
    params: HashMap<Saved<'ctx>, BasicValueEnum<'ctx>>,
    /// Values recomputed or reloaded in the current block.
    cache: HashMap<Saved<'ctx>, BasicValueEnum<'ctx>>,
    /// The original block whose reverse is being built.
    current: Option<BasicBlock<'ctx>>,
    /// Phi adjoints of the current block, added on the reverse edge to each predecessor.
    edge_adjoints: Vec<(BasicBlock<'ctx>, BasicValueEnum<'ctx>, BasicValueEnum<'ctx>)>,
    /// Where each counted induction variable lives during the reverse.
    induction_slots: HashMap<ValueId, BasicValueEnum<'ctx>>,
    rev_blocks: HashMap<BasicBlock<'ctx>, BasicBlock<'ctx>>,
    tape: BasicValueEnum<'ctx>,
}

impl<'s, 'a, 'ctx> Sweep<'s, 'a, 'ctx> {
    fn ops(&self) -> Ops<'s, 'ctx> {
        Ops::new(self.builder, self.synth.module)
    }

    fn unsupported(&self, inst: InstructionValue<'ctx>, what: impl Into<String>) -> Error {
        Error::Unsupported {
            location: location_of(self.key.function, inst),
            what: what.into(),
            hint: "rewrite this code, or give the enclosing function a custom rule".into(),
        }
    }

    /// Adjoint slots hold -0.0 when empty: `-0.0 + x == x` exactly, so accumulating into a fresh
    /// slot folds away (with +0.0 it could not: `0.0 + -0.0` is `+0.0`).
    fn slot(&mut self, v: BasicValueEnum<'ctx>) -> Result<BasicValueEnum<'ctx>> {
        if let Some(s) = self.slots.get(&ValueId::of(v)) {
            return Ok(*s);
        }
        let ty = adjoint_type(v, self.types).ok_or_else(|| Error::Internal(format!("no adjoint type for {}", ir::value_text(v))))?;
        let ops = Ops::new(self.entry_builder, self.synth.module);
        let slot = ops.alloca(ty);
        ops.store(ops.const_float(ty, -0.0), slot);
        self.slots.insert(ValueId::of(v), slot);
        Ok(slot)
    }

    /// Whether other threads may add adjoints into the memory behind `ptr` while this thread
    /// does: the derivative runs in an OpenMP team, and `ptr` may lead elsewhere than this
    /// function's own stack (a thread's private variables).
    fn shared_memory(&self, ptr: BasicValueEnum<'ctx>) -> bool {
        self.key.parallel && !crate::analysis::activity::underlying_objects(ptr).iter().all(|o| o.as_instruction_value().is_some_and(|i| i.get_opcode() == InstructionOpcode::Alloca))
    }

    fn wants_adjoint(&self, v: BasicValueEnum<'ctx>) -> bool {
        (!ir::is_constant(v) || ir::is_global(v)) && self.act.is_active(v) && adjoint_type(v, self.types).is_some()
    }

    /// adj(v) += g
    fn add(&mut self, v: BasicValueEnum<'ctx>, g: BasicValueEnum<'ctx>) -> Result<()> {
        if !self.wants_adjoint(v) {
            return Ok(());
        }
        let slot = self.slot(v)?;
        let ty = adjoint_type(v, self.types).expect("checked");
        let ops = self.ops();
        let g = if g.get_type() == ty { g } else { ops.cast(LLVMOpcode::LLVMBitCast, g, ty) };
        let old = ops.load(ty, slot);
        ops.store(ops.add_any_reassociable(old, g), slot);
        Ok(())
    }

    /// Reads adj(v) and resets it (the next value of v, an earlier loop iteration, starts at zero).
    fn take(&mut self, v: BasicValueEnum<'ctx>) -> Result<BasicValueEnum<'ctx>> {
        let slot = self.slot(v)?;
        let ty = adjoint_type(v, self.types).expect("slot has a type");
        let ops = self.ops();
        let g = ops.load(ty, slot);
        ops.store(ops.const_float(ty, -0.0), slot);
        Ok(g)
    }

    fn primal(&mut self, v: BasicValueEnum<'ctx>, at: InstructionValue<'ctx>) -> Result<BasicValueEnum<'ctx>> {
        self.materialize(Saved::Primal(v), 0, at)
    }

    fn shadow(&mut self, v: BasicValueEnum<'ctx>, at: InstructionValue<'ctx>) -> Result<BasicValueEnum<'ctx>> {
        self.materialize(Saved::Shadow(v), 0, at)
    }

    /// The value of `saved` in the current reverse block, from where the plan says it comes.
    fn materialize(&mut self, saved: Saved<'ctx>, depth: u32, at: InstructionValue<'ctx>) -> Result<BasicValueEnum<'ctx>> {
        if let Some(v) = self.cache.get(&saved).or_else(|| self.popped.get(&saved)) {
            return Ok(*v);
        }
        let missing = || Error::Internal(format!("{saved:?} is not available for {}", ir::instruction_text(at)));
        let block = self.current.expect("inside a reverse block");
        let value = match self.plan.source(saved, block, depth) {
            Source::Induction | Source::LoopInvariant(_) => {
                let Saved::Primal(phi) = saved else { return Err(missing()) };
                let slot = *self.induction_slots.get(&ValueId::of(phi)).ok_or_else(missing)?;
                self.ops().load(phi.get_type(), slot)
            }
            Source::Constant => match saved {
                Saved::Shadow(v) if !ir::is_null_pointer(v) && !ir::is_inert_constant(v) => self.synth.shadow_of_constant(v).ok_or_else(missing)?,
                Saved::Primal(v) | Saved::Shadow(v) => v,
                Saved::Edge | Saved::RuleTape(_) | Saved::RuleScratch(..) => return Err(missing()),
            },
            Source::Argument(_) => *self.params.get(&saved).ok_or_else(missing)?,
            Source::Frame => *self.frame.get(&saved).ok_or_else(missing)?,
            Source::Pushed => return Err(missing()),
            source @ (Source::Recompute(inst) | Source::Reload(inst)) => {
                let inputs = Plan::inputs(saved, source);
                let mut replace = Vec::new();
                for (i, input) in inputs.into_iter().enumerate() {
                    replace.push((i as u32, self.materialize(input, depth + 1, at)?));
                }
                let clone = self.ops().clone_with(inst, &replace);
                ir::result_of(clone).ok_or_else(missing)?
            }
        };
        self.cache.insert(saved, value);
        Ok(value)
    }

    fn block(&mut self, block: BasicBlock<'ctx>, old_entry: BasicBlock<'ctx>, exit: BasicBlock<'ctx>, dret: Option<BasicValueEnum<'ctx>>) -> Result<()> {
        self.builder.position_at_end(self.rev_blocks[&block]);
        self.current = Some(block);
        self.edge_adjoints.clear();
        let plan = &self.plan.per_block[&block];
        let i64t = self.synth.module.get_context().i64_type();
        // Pop what the block pushed (the same entries, the same order).
        let tys: Vec<BasicTypeEnum> = plan.entries.iter().map(|e| self.plan.saved_type(e.saved)).collect();
        let values = pop_values(&self.ops(), self.tape, &tys)?;
        self.popped = plan.entries.iter().map(|e| e.saved).zip(values).collect();
        self.cache.clear();
        let insts: Vec<InstructionValue<'ctx>> = block.get_instructions().collect();
        for inst in insts.iter().rev() {
            if inst.get_opcode() == InstructionOpcode::Return {
                if let (Some(d), Some(v)) = (dret.filter(|_| takes_return_adjoint(self.key)), ir::operand(*inst, 0)) {
                    self.add(v, d)?;
                }
                continue;
            }
            let done = if inst.get_opcode() == InstructionOpcode::Phi { self.phi(*inst, block) } else { self.instruction(*inst) };
            done.map_err(|e| e.at(|| location_of(self.key.function, *inst)))?;
        }
        // Continue with the block that ran before this one.
        let preds = plan.preds.clone();
        if block == old_entry {
            self.builder.build_unconditional_branch(exit)?;
        } else if preds.is_empty() {
            return Err(Error::Internal(format!("block {} has no predecessor", block.get_name().to_string_lossy())));
        } else {
            let edge = if preds.len() > 1 { Some(self.edge(block)?) } else { None };
            self.count_down(block)?;
            let mut targets = Vec::new();
            for p in &preds {
                targets.push(self.transition(*p, block)?);
            }
            match edge {
                None => {
                    self.builder.build_unconditional_branch(targets[0])?;
                }
                Some(edge) => {
                    let cases: Vec<_> = targets.iter().enumerate().map(|(k, t)| (i64t.const_int(k as u64, false), *t)).collect();
                    self.builder.build_switch(edge.into_int_value(), targets[0], &cases)?;
                }
            }
        }
        Ok(())
    }

    /// At a loop header, the previous iteration's induction value is one step back.
    fn count_down(&mut self, block: BasicBlock<'ctx>) -> Result<()> {
        let counted: Vec<(BasicValueEnum<'ctx>, i64)> = self
            .plan
            .used_inductions
            .iter()
            .filter(|phi| self.plan.inductions[*phi].header == block)
            .map(|phi| (*phi, self.plan.inductions[phi].step))
            .collect();
        for (phi, step) in counted {
            let at = block.get_first_instruction().expect("header has a phi");
            let current = self.primal(phi, at)?;
            let ops = self.ops();
            let step_value = phi.get_type().into_int_type().const_int(step as u64, true);
            let previous = ops.binary(LLVMOpcode::LLVMSub, current, step_value.into());
            ops.store(previous, self.induction_slots[&ValueId::of(phi)]);
        }
        Ok(())
    }

    /// The reverse block to go to after `to` when the forward came from `from`: directly its
    /// reverse, or through a block that sets the induction variables of the loops left on that
    /// edge (the forward pushed them there).
    fn transition(&mut self, from: BasicBlock<'ctx>, to: BasicBlock<'ctx>) -> Result<BasicBlock<'ctx>> {
        let target = self.rev_blocks[&from];
        let phis = self.plan.exit_push(from, to).map(|p| p.to_vec()).unwrap_or_default();
        let adjoints: Vec<(BasicValueEnum<'ctx>, BasicValueEnum<'ctx>)> =
            self.edge_adjoints.iter().filter(|(f, _, _)| *f == from).map(|(_, v, g)| (*v, *g)).collect();
        // Exit values that follow from a loop's bound, computed here (where they dominate every
        // edge block) rather than popped.
        let mut bounded = Vec::new();
        for e in self.plan.exit_values.iter().filter(|e| e.from == from && e.to == to).copied().collect::<Vec<_>>() {
            let at = to.get_first_instruction().expect("block with a terminator");
            let limit = self.primal(e.limit, at)?;
            let back = e.phi.get_type().into_int_type().const_int(e.back as u64, true);
            bounded.push((e.phi, self.ops().binary(LLVMOpcode::LLVMSub, limit, back.into())));
        }
        if phis.is_empty() && adjoints.is_empty() && bounded.is_empty() {
            return Ok(target);
        }
        let ctx = self.synth.module.get_context();
        let current = self.builder.get_insert_block().expect("positioned");
        let edge_block = ctx.insert_basic_block_after(current, "rev.edge");
        self.builder.position_at_end(edge_block);
        for (value, g) in adjoints {
            self.add(value, g)?;
        }
        let ops = self.ops();
        let types: Vec<BasicTypeEnum> = phis.iter().map(|p| p.get_type()).collect();
        let values = pop_values(&ops, self.tape, &types)?;
        for (phi, value) in phis.iter().copied().zip(values).chain(bounded) {
            ops.store(value, self.induction_slots[&ValueId::of(phi)]);
        }
        self.builder.build_unconditional_branch(target)?;
        self.builder.position_at_end(current);
        Ok(edge_block)
    }

    /// The edge index of the current block: popped, or derived from its induction variable.
    fn edge(&mut self, block: BasicBlock<'ctx>) -> Result<BasicValueEnum<'ctx>> {
        let plan = &self.plan.per_block[&block];
        if let Some(e) = plan.derived_edge {
            let at = block.get_first_instruction().expect("header has a phi");
            let phi = self.primal(e.phi, at)?;
            let start = self.primal(e.start, at)?;
            let ops = self.ops();
            let i64t = self.synth.module.get_context().i64_type();
            let is_start = ops.icmp_eq(phi, start);
            let (start_k, other_k) = (e.from_start as u64, 1 - e.from_start as u64);
            return Ok(ops.select(is_start, i64t.const_int(start_k, false).into(), i64t.const_int(other_k, false).into()));
        }
        if let Some(e) = plan.branch_edge {
            let at = block.get_first_instruction().expect("block with a terminator");
            let condition = self.primal(e.condition, at)?;
            let ops = self.ops();
            let i64t = self.synth.module.get_context().i64_type();
            let bool_t = self.synth.module.get_context().bool_type();
            let direct = ops.icmp_eq(condition, bool_t.const_int(e.when as u64, false).into());
            let (direct_k, other_k) = (e.direct as u64, 1 - e.direct as u64);
            return Ok(ops.select(direct, i64t.const_int(direct_k, false).into(), i64t.const_int(other_k, false).into()));
        }
        self.popped.get(&Saved::Edge).copied().ok_or_else(|| Error::Internal("edge index missing".into()))
    }

    fn phi(&mut self, inst: InstructionValue<'ctx>, block: BasicBlock<'ctx>) -> Result<()> {
        let r = ir::result_of(inst).expect("phi result");
        if !self.wants_adjoint(r) {
            return Ok(());
        }
        let g = self.take(r)?;
        let preds = self.plan.per_block[&block].preds.clone();
        let mut done = Vec::new();
        for (value, from) in ir::phi_incoming(inst) {
            if done.contains(&from) || !preds.contains(&from) || !self.wants_adjoint(value) {
                continue;
            }
            done.push(from);
            if preds.len() == 1 {
                self.add(value, g)?;
            } else {
                // Added on the reverse edge back to `from`, where it is known to be taken.
                self.edge_adjoints.push((from, value, g));
            }
        }
        Ok(())
    }

    fn free(&self, ptr: BasicValueEnum<'ctx>) {
        let ops = self.ops();
        let ctx = self.synth.module.get_context();
        let free = ops.declare("free", None, &[ctx.ptr_type(inkwell::AddressSpace::default()).into()]);
        ops.call(free, &[ptr]);
    }

    fn call(&mut self, inst: InstructionValue<'ctx>) -> Result<()> {
        let site = CallSite::of(inst, None, self.act);
        calls::reverse_handler(&classify(inst, self.synth.table), self.plan.rule_calls.get(&inst)).adjoint(self, &site)
    }
}

impl<'s, 'a, 'ctx> calls::Adjoints<'s, 'ctx> for Sweep<'s, 'a, 'ctx> {
    fn ops(&self) -> Ops<'s, 'ctx> {
        Sweep::ops(self)
    }
    fn varied(&self, v: BasicValueEnum<'ctx>) -> bool {
        self.act.is_varied(v)
    }
    fn wants_adjoint(&self, v: BasicValueEnum<'ctx>) -> bool {
        Sweep::wants_adjoint(self, v)
    }
    fn primal(&mut self, v: BasicValueEnum<'ctx>, at: InstructionValue<'ctx>) -> Result<BasicValueEnum<'ctx>> {
        Sweep::primal(self, v, at)
    }
    fn shadow(&mut self, v: BasicValueEnum<'ctx>, at: InstructionValue<'ctx>) -> Result<BasicValueEnum<'ctx>> {
        Sweep::shadow(self, v, at)
    }
    fn take(&mut self, v: BasicValueEnum<'ctx>) -> Result<BasicValueEnum<'ctx>> {
        Sweep::take(self, v)
    }
    fn add(&mut self, v: BasicValueEnum<'ctx>, g: BasicValueEnum<'ctx>) -> Result<()> {
        Sweep::add(self, v, g)
    }
    fn types(&self) -> &'s TypeFacts {
        self.types
    }
    fn table(&self) -> &'s MathTable {
        self.synth.table
    }
    fn callee_key(&self, call: &CallSite<'ctx>, callee: FunctionValue<'ctx>) -> ReverseKey<'ctx> {
        callee_key(self.synth.module, call.inst, callee, self.act, self.types, self.plan, self.key)
    }
    fn derivatives(&mut self, key: ReverseKey<'ctx>) -> Result<ReversePair<'ctx>> {
        self.synth.reverse(key)
    }
    fn tape(&self) -> BasicValueEnum<'ctx> {
        self.tape
    }
    fn call_overwritten(&self, inst: InstructionValue<'ctx>) -> Vec<bool> {
        self.plan.call_overwritten.get(&inst).cloned().unwrap_or_else(|| vec![true; ir::call_arg_count(inst) as usize])
    }
    fn outlives_derivative(&self, v: BasicValueEnum<'ctx>) -> bool {
        self.key.hands_out && crate::analysis::objects::escapes_to_caller(self.key.function, v, self.key.ret_active)
    }
    fn rule_tape(&self, inst: InstructionValue<'ctx>) -> Result<BasicValueEnum<'ctx>> {
        self.popped.get(&Saved::RuleTape(inst)).copied().ok_or_else(|| Error::Internal("custom rule tape not popped".into()))
    }
    fn rule_scratch(&self, inst: InstructionValue<'ctx>, arg: u32) -> Result<BasicValueEnum<'ctx>> {
        self.popped.get(&Saved::RuleScratch(inst, arg)).copied().ok_or_else(|| Error::Internal("scratch shadow not popped".into()))
    }
    fn shared_memory(&self, ptr: BasicValueEnum<'ctx>) -> bool {
        Sweep::shared_memory(self, ptr)
    }
    fn parallel(&self) -> bool {
        self.key.parallel
    }
}
