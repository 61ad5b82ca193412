//! The augmented primal: the original body (cloned), plus shadows for pointers into active memory,
//! plus tape pushes at the end of every block (what the plan says the reverse needs).
use super::plan::{Plan, Saved};
use super::{callee_key, returns_shadow, ReverseKey, ReversePair};
use crate::analysis::activity::ActivityFacts;
use crate::analysis::calls::classify;
use crate::analysis::types::TypeFacts;
use crate::diag::{Error, Result};
use crate::ir::{self, Ops};
use crate::model::ValueId;
use crate::synth::calls::{self, CallSite};
use crate::synth::checks::Checks;
use crate::synth::signature;
use crate::rules::structure::structure;
use crate::synth::shadows;
use crate::synth::Synthesizer;
use inkwell::basic_block::BasicBlock;
use inkwell::module::Module;
use inkwell::types::BasicTypeEnum;
use inkwell::values::{BasicValue, BasicValueEnum, FunctionValue, InstructionOpcode, InstructionValue};
use std::collections::HashMap;

/// The augmented primal's return type: the primal return, plus the shadow of a pointer return.
pub fn return_type<'ctx>(module: &Module<'ctx>, key: &ReverseKey<'ctx>) -> Option<BasicTypeEnum<'ctx>> {
    let r = key.function.get_type().get_return_type()?;
    if returns_shadow(key) {
        Some(module.get_context().struct_type(&[r, r], false).into())
    } else {
        Some(r)
    }
}

/// Declares `augmented_<f>(args with shadows..., ptr tape)`.
pub fn declare<'ctx>(module: &Module<'ctx>, key: &ReverseKey<'ctx>, name: &str) -> FunctionValue<'ctx> {
    let tape = module.get_context().ptr_type(inkwell::AddressSpace::default()).into();
    signature::declare(module, name, key.function, &key.args, 1, &[(tape, "tape")], return_type(module, key))
}

pub struct Inputs<'r, 'ctx> {
    pub plan: &'r Plan<'ctx>,
    pub act: &'r ActivityFacts,
    pub types: &'r TypeFacts,
}

pub fn build<'ctx>(synth: &mut Synthesizer<'_, 'ctx>, key: &ReverseKey<'ctx>, new: FunctionValue<'ctx>, inputs: Inputs<'_, 'ctx>) -> Result<()> {
    let old = key.function;
    let body = signature::clone_body(old, new, &key.args, 1);
    let tape = new.get_nth_param(body.next_param).expect("tape parameter");
    // After cloning, which copies the primal's attributes: nothing else reaches the tape.
    ir::mark_noalias(new, body.next_param);
    let values = old.get_param_iter().zip(&body.args).map(|(p, np)| (ValueId::of(p), *np)).collect();
    let shadows = body.shadows.into_iter().map(|(k, lanes)| (k, lanes[0])).collect();
    let (clones, blocks) = (body.clones, body.blocks);
    let builder = synth.module.get_context().create_builder();
    let mut aug = Augmented { synth, key, old, clones, blocks, values, shadows, tape, inputs, builder: &builder, phis: Vec::new(), rule_tapes: HashMap::new(), rule_scratch: HashMap::new() };
    for block in aug.inputs.plan.blocks.clone() {
        aug.block(block)?;
    }
    aug.finish_phis()?;
    aug.push_on_loop_exits()?;
    super::reserve::reserve_loop_tapes(aug.synth.module, new, tape)?;
    Ok(())
}

struct Augmented<'s, 'a, 'r, 'ctx> {
    synth: &'s mut Synthesizer<'a, 'ctx>,
    key: &'s ReverseKey<'ctx>,
    old: FunctionValue<'ctx>,
    clones: HashMap<ValueId, InstructionValue<'ctx>>,
    blocks: HashMap<BasicBlock<'ctx>, BasicBlock<'ctx>>,
    /// Original value -> its value in the augmented primal (updated when a call is replaced).
    values: HashMap<ValueId, BasicValueEnum<'ctx>>,
    /// Original pointer -> its shadow.
    shadows: HashMap<ValueId, BasicValueEnum<'ctx>>,
    tape: BasicValueEnum<'ctx>,
    inputs: Inputs<'r, 'ctx>,
    builder: &'s inkwell::builder::Builder<'ctx>,
    phis: Vec<(InstructionValue<'ctx>, BasicValueEnum<'ctx>)>,
    /// Tapes returned by custom augmented rules, by call.
    rule_tapes: HashMap<ValueId, BasicValueEnum<'ctx>>,
    /// Scratch shadows of constant pointers given to Enzyme-form rules, by (call, argument).
    rule_scratch: HashMap<(ValueId, u32), BasicValueEnum<'ctx>>,
}

impl<'s, 'a, 'r, 'ctx> Augmented<'s, 'a, 'r, 'ctx> {
    fn ops(&self) -> Ops<'s, 'ctx> {
        Ops::new(self.builder, self.synth.module)
    }

    fn checks(&self) -> Checks<'_, 'ctx> {
        Checks { function: self.old, act: self.inputs.act, types: self.inputs.types, table: self.synth.table, top_level: self.key.top_level }
    }

    fn value(&self, v: BasicValueEnum<'ctx>) -> BasicValueEnum<'ctx> {
        self.values.get(&ValueId::of(v)).copied().unwrap_or(v)
    }

    fn varied(&self, v: BasicValueEnum<'ctx>) -> bool {
        self.inputs.act.is_varied(v)
    }

    /// The shadow of an original pointer (null for a pointer without one, as forward mode).
    fn shadow(&self, v: BasicValueEnum<'ctx>, at: InstructionValue<'ctx>) -> Result<BasicValueEnum<'ctx>> {
        if let Some(s) = self.shadows.get(&ValueId::of(v)) {
            return Ok(*s);
        }
        if ir::is_constant(v) && self.varied(v) {
            if let Some(shadow) = self.synth.shadow_of_constant(v) {
                return Ok(shadow);
            }
        }
        // Values without pointers have adjoints, not shadows: where one sits in a shadow
        // aggregate (a float field beside a pointer) it is zero. A varied integer with no shadow
        // (an address turned into an integer) is an internal error below, not a null shadow.
        if !ir::contains_pointer(v.get_type()) && (!self.varied(v) || ir::carries_float(v.get_type())) {
            return Ok(v.get_type().const_zero());
        }
        if self.varied(v) {
            return Err(Error::Internal(format!("shadow of {} used before it was computed", ir::value_text(v))));
        }
        if ir::is_zero_or_undef(v) {
            return Ok(v.get_type().const_zero());
        }
        // A function, a vtable, null plus an offset: nothing read through it carries an adjoint,
        // so it is its own shadow.
        if ir::is_inert_constant(v) || crate::analysis::activity::based_on_null(v) {
            return Ok(self.value(v));
        }
        if let Some(sink) = self.synth.shadow_of_inactive_global(v) {
            return Ok(sink);
        }
        Err(self.checks().error(
            at,
            format!("pointer {} has no shadow here but is mixed with shadowed pointers", ir::value_text(v).trim()),
            "mark the memory it points to enzyme_dup, or keep constant and active pointers apart",
        ))
    }

    fn block(&mut self, block: BasicBlock<'ctx>) -> Result<()> {
        let new_block = self.blocks[&block];
        let plan = &self.inputs.plan.per_block[&block];
        let edge = if plan.entries.iter().any(|e| e.saved == Saved::Edge) {
            // Edge index: which predecessor we came from (numbered as in the plan).
            self.ops().position_at_block_start(new_block);
            let i64t = self.synth.module.get_context().i64_type();
            let phi = self.ops().phi(i64t.into());
            // One entry per edge: a switch with several cases to this block is a predecessor
            // several times over (all with the same index).
            let incoming: Vec<_> = plan
                .preds
                .iter()
                .enumerate()
                .flat_map(|(k, p)| {
                    let edges = p.get_terminator().map_or(1, |t| ir::successors(t).iter().filter(|s| **s == block).count());
                    std::iter::repeat((i64t.const_int(k as u64, false).into(), self.blocks[p])).take(edges)
                })
                .collect();
            self.ops().add_incoming(phi, &incoming);
            Some(phi)
        } else {
            None
        };
        for inst in block.get_instructions() {
            let done = if inst.get_opcode() == InstructionOpcode::Return {
                self.push_block(block, edge).and_then(|_| self.ret(block, inst))
            } else if inst.is_terminator() {
                self.push_block(block, edge)
            } else {
                self.instruction(inst)
            };
            done.map_err(|e| e.at(|| crate::model::location_of(self.old, inst)))?;
        }
        Ok(())
    }

    /// Pushes the block's plan entries on the tape, right before its terminator.
    fn push_block(&mut self, block: BasicBlock<'ctx>, edge: Option<BasicValueEnum<'ctx>>) -> Result<()> {
        let term = self.blocks[&block].get_terminator().expect("block has a terminator");
        self.builder.position_before(&term);
        let plan = &self.inputs.plan.per_block[&block];
        let saved: Vec<Saved<'ctx>> = plan.entries.iter().map(|e| e.saved).collect();
        self.push_saved(&saved, edge, term_of(block))
    }

    fn push_saved(&self, saved: &[Saved<'ctx>], edge: Option<BasicValueEnum<'ctx>>, at: InstructionValue<'ctx>) -> Result<()> {
        let mut items = Vec::new();
        for s in saved {
            items.push(match *s {
                Saved::Primal(v) => self.value(v),
                Saved::Shadow(v) => self.shadow(v, at)?,
                Saved::Edge => edge.ok_or_else(|| Error::Internal("edge index outside a multi-predecessor block".into()))?,
                Saved::RuleTape(call) => *self.rule_tapes.get(&ValueId::of(call)).ok_or_else(|| Error::Internal("custom rule tape missing".into()))?,
                Saved::RuleScratch(call, i) => *self.rule_scratch.get(&(ValueId::of(call), i)).ok_or_else(|| Error::Internal("scratch shadow missing".into()))?,
            });
        }
        push_values(&self.ops(), self.tape, &items)
    }

    fn ret(&mut self, block: BasicBlock<'ctx>, orig: InstructionValue<'ctx>) -> Result<()> {
        let clone = self.clones[&ValueId::of(orig)];
        self.builder.position_before(&clone);
        let ops = self.ops();
        // Values computed once per call go last, so the reverse pops them first.
        let frame: Vec<Saved<'ctx>> = self.inputs.plan.frame.iter().map(|e| e.saved).collect();
        self.push_saved(&frame, None, orig)?;
        let returns = &self.inputs.plan.returns;
        if returns.len() > 1 {
            let index = returns.iter().position(|b| *b == block).expect("return block in plan");
            let i64t = self.synth.module.get_context().i64_type();
            push_values(&ops, self.tape, &[i64t.const_int(index as u64, false).into()])?;
        }
        let primal = ir::operand(clone, 0);
        let value = match (primal, returns_shadow(self.key)) {
            (Some(p), true) => {
                let ty = return_type(self.synth.module, self.key).expect("pair type");
                let shadow = self.shadow(ir::operand(orig, 0).expect("returned value"), orig)?;
                let pair = ops.insert_value(ty.const_zero(), p, 0);
                Some(ops.insert_value(pair, shadow, 1))
            }
            (p, _) => p,
        };
        match value {
            Some(v) => self.builder.build_return(Some(&v as &dyn BasicValue))?,
            None => self.builder.build_return(None)?,
        };
        ir::replace_and_erase(clone, None);
        Ok(())
    }

    fn set_shadow(&mut self, orig: BasicValueEnum<'ctx>, s: BasicValueEnum<'ctx>) {
        self.shadows.insert(ValueId::of(orig), s);
    }

    fn instruction(&mut self, inst: InstructionValue<'ctx>) -> Result<()> {
        use InstructionOpcode::*;
        let clone = self.clones[&ValueId::of(inst)];
        if let Some(r) = ir::result_of(inst) {
            self.values.insert(ValueId::of(r), ir::result_of(clone).expect("clone result"));
        }
        let checks = self.checks();
        checks.check_integer_bits(inst)?;
        checks.check_handled_in(inst, false)?;
        let result = ir::result_of(inst);
        let pointer_result = result.filter(|r| self.varied(*r) && ir::contains_pointer(r.get_type()));
        let op = |i| ir::operand(inst, i).expect("operand");
        let ops = self.ops();
        match inst.get_opcode() {
            Phi if pointer_result.is_some() => {
                let r = pointer_result.expect("checked");
                let phi = shadows::phi_beside(&ops, clone);
                self.phis.push((inst, phi));
                self.set_shadow(r, phi);
            }
            // A pointer computed from pointers (or read from shadowed memory): the same
            // instruction on their shadows (on the shadow memory), as in forward mode.
            opcode if pointer_result.is_some() && structure(opcode).is_some() => {
                ops.position_after(clone);
                let s = shadows::on_shadows(&ops, clone, |i| self.shadow(op(i), inst))?;
                self.set_shadow(pointer_result.expect("checked"), s);
            }
            Alloca if result.is_some_and(|r| self.varied(r)) => {
                // The shadow outlives this call (the reverse reads it), so it lives on the heap.
                ops.position_after(clone);
                let bytes = shadows::alloca_bytes(&ops, clone);
                let shadow = self.heap_zeroed(bytes)?;
                self.set_shadow(result.expect("alloca"), shadow);
            }
            Store => self.store(inst, clone)?,
            Call => self.call(inst, clone)?,
            _ => {
                if let Some(r) = result {
                    if self.varied(r) && ir::contains_pointer(r.get_type()) {
                        return Err(checks_error(&self.checks(), inst, "no shadow rule for this pointer-producing instruction"));
                    }
                }
            }
        }
        Ok(())
    }

    /// A zeroed shadow on the heap, from the tape runtime's shadow allocator: where this derivative
    /// is itself differentiated, activity analysis knows such memory receives derivatives later
    /// (the reverse writes adjoints into it).
    fn heap_zeroed(&self, bytes: BasicValueEnum<'ctx>) -> Result<BasicValueEnum<'ctx>> {
        let alloc = crate::synth::heap::runtime_function(self.synth.module, "llad.shadow.alloc")?;
        Ok(self.ops().call(alloc, &[self.ops().as_i64(bytes)]).1.expect("llad.shadow.alloc result"))
    }

    fn store(&mut self, inst: InstructionValue<'ctx>, clone: InstructionValue<'ctx>) -> Result<()> {
        let value = ir::operand(inst, 0).expect("stored value");
        let ptr = ir::operand(inst, 1).expect("store pointer");
        if !self.varied(ptr) {
            if self.varied(value) && !self.inputs.types.memory_is_integer(ptr) {
                self.checks().check_write_to_constant_memory(inst, ptr)?;
            }
            return Ok(());
        }
        // Shadow memory holds adjoints for floats (written by the reverse) and shadows for pointers.
        if ir::contains_pointer(value.get_type()) {
            let mut shadow_value = self.shadow(value, inst)?;
            let shadow_ptr = self.shadow(ptr, inst)?;
            self.ops().position_after(clone);
            let align = ir::shadow_alignment(self.synth.module, clone);
            if ir::carries_float(value.get_type()) {
                // Float fields of shadow memory hold adjoints, which the primal pass leaves alone:
                // only the pointer fields of the shadow are written.
                let old = self.ops().load(value.get_type(), shadow_ptr);
                ir::set_alignment(old.as_instruction_value().expect("load"), align);
                shadow_value = self.ops().pointers_from(old, shadow_value);
            }
            let shadow_store = self.ops().clone_with(clone, &[(0, shadow_value), (1, shadow_ptr)]);
            ir::set_alignment(shadow_store, align);
        }
        Ok(())
    }

    fn call(&mut self, inst: InstructionValue<'ctx>, clone: InstructionValue<'ctx>) -> Result<()> {
        self.ops().position_after(clone);
        let site = CallSite::of(inst, Some(clone), self.inputs.act);
        calls::reverse_handler(&classify(inst, self.synth.table), self.inputs.plan.rule_calls.get(&inst)).augmented(self, &site)
    }

    /// Leaving a loop pushes the induction variables the reverse counts back down, on the exit
    /// edge itself (a new block), so nothing is pushed per iteration.
    fn push_on_loop_exits(&mut self) -> Result<()> {
        for (from, to, phis) in self.inputs.plan.exit_pushes.clone() {
            let block = ir::split_edge(self.blocks[&from], self.blocks[&to]);
            let term = block.get_terminator().expect("split block branches on");
            self.builder.position_before(&term);
            let values: Vec<BasicValueEnum<'ctx>> = phis.iter().map(|p| self.value(*p)).collect();
            push_values(&self.ops(), self.tape, &values)?;
        }
        Ok(())
    }

    fn finish_phis(&mut self) -> Result<()> {
        let ops = self.ops();
        for (orig, phi) in std::mem::take(&mut self.phis) {
            let mut incoming = Vec::new();
            for (value, block) in ir::phi_incoming(orig) {
                let Some(new_block) = self.blocks.get(&block).copied() else { continue };
                if !self.inputs.plan.per_block.contains_key(&block) {
                    continue;
                }
                incoming.push((self.shadow(value, orig)?, new_block));
            }
            ops.add_incoming(phi, &incoming);
        }
        Ok(())
    }
}

fn term_of(block: BasicBlock<'_>) -> InstructionValue<'_> {
    block.get_terminator().expect("terminator")
}

fn checks_error<'ctx>(checks: &Checks<'_, 'ctx>, inst: InstructionValue<'ctx>, what: &str) -> Error {
    checks.error(inst, what.to_string(), "rewrite this code, or give the enclosing function a custom rule")
}

/// Bytes a value takes on the tape (8-byte slots).
pub fn slot_size(module: &Module<'_>, ty: BasicTypeEnum<'_>) -> u64 {
    ir::store_size(module, ty).max(1).div_ceil(8) * 8
}

/// Metadata on the loads and stores of tape slots: the tape is llad's private memory, which no
/// other access reaches (ir/jam.cpp relies on it).
const TAPE_ACCESS: &str = "llad.tape";

/// Pushes `items` on the tape in order (one reservation, then stores at their offsets).
pub fn push_values<'ctx>(ops: &Ops<'_, 'ctx>, tape: BasicValueEnum<'ctx>, items: &[BasicValueEnum<'ctx>]) -> Result<()> {
    if items.is_empty() {
        return Ok(());
    }
    let module = ops.module;
    let total: u64 = items.iter().map(|v| slot_size(module, v.get_type())).sum();
    let push = module.get_function("llad.tape.push").ok_or_else(|| Error::Internal("tape runtime missing".into()))?;
    let i64t = module.get_context().i64_type();
    let base = ops.call(push, &[tape, i64t.const_int(total, false).into()]).1.expect("slot pointer");
    let mut offset = 0;
    for v in items {
        let slot = ops.byte_offset(base, offset);
        let store = ops.store(*v, slot);
        ir::set_alignment(store, 8);
        ir::meta::mark_instruction(store, TAPE_ACCESS);
        offset += slot_size(module, v.get_type());
    }
    Ok(())
}

/// Pops values of `types` pushed by `push_values` (same order) and returns them.
pub fn pop_values<'ctx>(ops: &Ops<'_, 'ctx>, tape: BasicValueEnum<'ctx>, types: &[BasicTypeEnum<'ctx>]) -> Result<Vec<BasicValueEnum<'ctx>>> {
    if types.is_empty() {
        return Ok(Vec::new());
    }
    let module = ops.module;
    let total: u64 = types.iter().map(|t| slot_size(module, *t)).sum();
    let pop = module.get_function("llad.tape.pop").ok_or_else(|| Error::Internal("tape runtime missing".into()))?;
    let i64t = module.get_context().i64_type();
    let base = ops.call(pop, &[tape, i64t.const_int(total, false).into()]).1.expect("slot pointer");
    let mut offset = 0;
    let mut out = Vec::new();
    for t in types {
        let slot = ops.byte_offset(base, offset);
        let v = ops.load(*t, slot);
        ir::set_alignment(v.as_instruction_value().expect("load"), 8);
        ir::meta::mark_instruction(v.as_instruction_value().expect("load"), TAPE_ACCESS);
        out.push(v);
        offset += slot_size(module, *t);
    }
    Ok(out)
}

impl<'s, 'a, 'r, 'ctx> calls::Shadows<'s, 'ctx> for Augmented<'s, 'a, 'r, 'ctx> {
    fn ops(&self) -> Ops<'s, 'ctx> {
        Augmented::ops(self)
    }
    fn varied(&self, v: BasicValueEnum<'ctx>) -> bool {
        Augmented::varied(self, v)
    }
    fn shadow(&self, v: BasicValueEnum<'ctx>, at: InstructionValue<'ctx>) -> Result<BasicValueEnum<'ctx>> {
        Augmented::shadow(self, v, at)
    }
    fn set_shadow(&mut self, v: BasicValueEnum<'ctx>, s: BasicValueEnum<'ctx>) {
        Augmented::set_shadow(self, v, s)
    }
    fn checks(&self) -> Checks<'_, 'ctx> {
        Augmented::checks(self)
    }
    fn types(&self) -> &TypeFacts {
        self.inputs.types
    }
    fn callee_key(&self, call: &CallSite<'ctx>, callee: FunctionValue<'ctx>) -> ReverseKey<'ctx> {
        callee_key(self.synth.module, call.inst, callee, self.inputs.act, self.inputs.types, self.inputs.plan, self.key)
    }
    fn derivatives(&mut self, key: ReverseKey<'ctx>) -> Result<ReversePair<'ctx>> {
        self.synth.reverse(key)
    }
    fn tape(&self) -> BasicValueEnum<'ctx> {
        self.tape
    }
    fn replace_call(&mut self, call: &CallSite<'ctx>, primal: Option<BasicValueEnum<'ctx>>) {
        ir::replace_and_erase(self.clones[&ValueId::of(call.inst)], primal.or_else(|| call.result.map(|r| ir::undef(r.get_type()))));
        if let (Some(r), Some(p)) = (call.result, primal) {
            self.values.insert(ValueId::of(r), p);
        }
    }
    fn outlives_derivative(&self, v: BasicValueEnum<'ctx>) -> bool {
        self.key.hands_out && crate::analysis::objects::escapes_to_caller(self.old, v, self.key.ret_active)
    }
    fn surely_local(&self, ptr: BasicValueEnum<'ctx>) -> bool {
        crate::analysis::activity::pointer_sources(self.old, ptr).iter().all(|s| {
            s.as_instruction_value().is_some_and(|i| crate::analysis::objects::is_allocation_call(i)) && !self.outlives_derivative(*s)
        })
    }
    fn call_overwritten(&self, inst: InstructionValue<'ctx>) -> Vec<bool> {
        self.inputs.plan.call_overwritten.get(&inst).cloned().unwrap_or_else(|| vec![true; ir::call_arg_count(inst) as usize])
    }
    fn record_rule_tape(&mut self, inst: InstructionValue<'ctx>, tape: BasicValueEnum<'ctx>) {
        self.rule_tapes.insert(ValueId::of(inst), tape);
    }
    fn record_rule_scratch(&mut self, inst: InstructionValue<'ctx>, arg: u32, scratch: BasicValueEnum<'ctx>) {
        self.rule_scratch.insert((ValueId::of(inst), arg), scratch);
    }
    fn parallel(&self) -> bool {
        self.key.parallel
    }
}
