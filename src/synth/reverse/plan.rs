//! What the reverse sweep needs from the augmented primal, and where each piece comes from. Both
//! halves read this one plan, so what the augmented primal pushes is exactly what the reverse pops.
//!
//! A value the reverse needs is, in order of preference: a constant or argument (the reverse gets
//! the arguments again); recomputed from other available values (address and index arithmetic,
//! and cheap float arithmetic whose operands are at hand);
//! reloaded from memory that cannot change before the reverse runs (overwritten analysis); saved
//! once per call in the frame (values computed once, before every return); or pushed on the tape
//! at the end of the block that needs it, so loop iterations and values overwritten later (memory
//! written in place) are read as they were.
use crate::analysis::activity::ActivityFacts;
use crate::analysis::calls::classify;
use crate::analysis::cfg::Cfg;
pub use super::edges::{BranchEdge, ExitValue, Induction, InductionEdge};
use super::edges::{branch_edges, exit_bound, induction_edges};
use crate::analysis::overwritten::Writes;
use crate::ir;
use crate::diag::Result;
use crate::rules::{MathTable, RuleKind, RuleTable};
use crate::synth::calls::{self, CallSite, Need};
use crate::rules::structure::structure;
use crate::synth::custom_calls::{self, ReverseRules};
use inkwell::types::BasicTypeEnum;
use inkwell::basic_block::BasicBlock;
use inkwell::values::{BasicValue, BasicValueEnum, FunctionValue, InstructionOpcode, InstructionValue};
use std::collections::{HashMap, HashSet};
use std::fmt;

/// One thing the reverse needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Saved<'ctx> {
    /// A primal value (operand of a nonlinear operation, a select condition, an address, ...).
    Primal(BasicValueEnum<'ctx>),
    /// The shadow of a pointer (where an adjoint is accumulated or read).
    Shadow(BasicValueEnum<'ctx>),
    /// Which predecessor the block was entered from (i64).
    Edge,
    /// The tape a custom augmented rule returned at this call.
    RuleTape(InstructionValue<'ctx>),
    /// A zeroed scratch shadow given to an Enzyme-form rule for constant pointer argument i
    /// (freed after the reverse rule).
    RuleScratch(InstructionValue<'ctx>, u32),
}

/// Where the reverse gets a needed value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source<'ctx> {
    /// A constant (or a global's address): used as is.
    Constant,
    /// An argument or its shadow: the reverse receives them as parameters.
    Argument(usize),
    /// Recomputed by re-running this pure instruction on its (available) operands.
    Recompute(InstructionValue<'ctx>),
    /// Reloaded by this load from memory nothing changes before the reverse.
    Reload(InstructionValue<'ctx>),
    /// Saved once per call, at the return.
    Frame,
    /// A loop's induction variable: the reverse counts it back down (set on the exit edge).
    Induction,
    /// Defined before a loop that needs it: pushed once where the loop is left (whose header
    /// this is), kept in a slot while the reverse runs the loop.
    LoopInvariant(BasicBlock<'ctx>),
    /// Pushed at the end of the block that needs it.
    Pushed,
}

#[derive(Debug, Clone)]
pub struct Entry<'ctx> {
    pub saved: Saved<'ctx>,
    pub reason: String,
}

#[derive(Debug, Clone, Default)]
pub struct BlockPlan<'ctx> {
    /// Pushed at the end of the block, popped at the start of its reverse.
    pub entries: Vec<Entry<'ctx>>,
    /// Distinct predecessors, in the order the edge index numbers them.
    pub preds: Vec<BasicBlock<'ctx>>,
    /// A loop header's edge index follows from its induction variable instead of the tape.
    pub derived_edge: Option<InductionEdge<'ctx>>,
    /// Or from the condition of a dominating branch that may jump straight to the block.
    pub branch_edge: Option<BranchEdge<'ctx>>,
}

pub struct Plan<'ctx> {
    pub function: FunctionValue<'ctx>,
    /// Reachable blocks in reverse post-order.
    pub blocks: Vec<BasicBlock<'ctx>>,
    pub per_block: HashMap<BasicBlock<'ctx>, BlockPlan<'ctx>>,
    /// Saved once per call at every return, popped first by the reverse.
    pub frame: Vec<Entry<'ctx>>,
    /// Blocks that end in `ret`; with more than one, the exit index is pushed too.
    pub returns: Vec<BasicBlock<'ctx>>,
    /// Per call site: which pointer arguments the code after the call may overwrite.
    pub call_overwritten: HashMap<InstructionValue<'ctx>, Vec<bool>>,
    /// Calls answered by custom augmented/reverse rules.
    pub rule_calls: HashMap<InstructionValue<'ctx>, ReverseRules<'ctx>>,
    /// Canonical induction variables of loops, by phi.
    pub inductions: HashMap<BasicValueEnum<'ctx>, Induction<'ctx>>,
    /// Induction variables the reverse counts (their slots exist, their exits push them).
    pub used_inductions: Vec<BasicValueEnum<'ctx>>,
    /// Edges that leave loops whose induction variables are used: pushed on the edge.
    pub exit_pushes: Vec<(BasicBlock<'ctx>, BasicBlock<'ctx>, Vec<BasicValueEnum<'ctx>>)>,
    /// Values defined before a loop (by header) that the loop's reverse needs: pushed on its exits.
    pub hoisted: Vec<(BasicBlock<'ctx>, BasicValueEnum<'ctx>)>,
    /// Every loop of the function.
    loops: Vec<crate::analysis::cfg::Loop<'ctx>>,
    /// Induction variables whose value on a loop's exit edge follows from the loop's bound.
    pub exit_values: Vec<ExitValue<'ctx>>,
    reloadable: HashSet<InstructionValue<'ctx>>,
    once: HashSet<BasicBlock<'ctx>>,
    shadowed_args: Vec<bool>,
}

/// How deep a chain of recomputed instructions may go before a value is saved instead.
const RECOMPUTE_DEPTH: u32 = 12;

impl<'ctx> Plan<'ctx> {
    /// `shadowed_args[i]`: argument i has a shadow. `arg_overwritten[i]`: its memory may change
    /// after the call (from the key).
    pub fn build(
        function: FunctionValue<'ctx>,
        act: &ActivityFacts,
        table: &MathTable,
        custom: &RuleTable<'ctx>,
        shadowed_args: &[bool],
        arg_overwritten: &[bool],
    ) -> Result<Plan<'ctx>> {
        let cfg = Cfg::new(function);
        let writes = Writes::of(function, table);
        let mut returns = Vec::new();
        let mut reloadable = HashSet::new();
        let mut call_overwritten = HashMap::new();
        let mut rule_calls = HashMap::new();
        for &b in &cfg.blocks {
            for inst in b.get_instructions() {
                if let Some(rules) = rules_at(function, inst, act, custom)? {
                    rule_calls.insert(inst, rules);
                }
                if inst.get_opcode() == InstructionOpcode::Call {
                    // The call's own writes only matter if it runs again (in a loop).
                    let except = (!cfg.in_cycle(b)).then_some(inst);
                    let flags = (0..ir::call_arg_count(inst))
                        // (Metadata arguments, as of llvm.experimental.noalias.scope.decl, are no memory.)
                        .map(|i| ir::operand(inst, i).is_some_and(|a| ir::contains_pointer(a.get_type()) && writes.may_change(function, a, arg_overwritten, except, table)))
                        .collect();
                    call_overwritten.insert(inst, flags);
                }
                if inst.get_opcode() == InstructionOpcode::Return {
                    returns.push(b);
                }
                if inst.get_opcode() == InstructionOpcode::Load && !inst.get_volatile().unwrap_or(true) {
                    let ptr = ir::operand(inst, 0).expect("load pointer");
                    if !writes.may_change(function, ptr, arg_overwritten, None, table) {
                        reloadable.insert(inst);
                    }
                }
            }
        }
        // Blocks that run exactly once before every return: their values can go in the frame.
        let once: HashSet<BasicBlock> = cfg.blocks.iter().copied().filter(|b| !cfg.in_cycle(*b) && returns.iter().all(|r| cfg.dominates(*b, *r))).collect();
        let loops = cfg.loops();
        let mut inductions = HashMap::new();
        for l in &loops {
            let preds = cfg.preds(l.header);
            // (Counted back down from its value at the loop's exit: any start will do.)
            for e in induction_edges(l.header, &preds) {
                let (outside, latch) = (preds[e.from_start], preds[1 - e.from_start]);
                if l.body.contains(&outside) || !l.body.contains(&latch) || inductions.contains_key(&e.phi) {
                    continue;
                }
                let step = e
                    .phi
                    .as_instruction_value()
                    .and_then(|phi| ir::phi_incoming(phi).into_iter().find(|(_, b)| *b == latch))
                    .and_then(|(next, _)| next.as_instruction_value())
                    .and_then(|add| ir::operand(add, 1))
                    .and_then(ir::const_int);
                if let Some(step) = step {
                    inductions.insert(e.phi, Induction { header: l.header, step, body: l.body.clone() });
                }
            }
        }
        let mut plan = Plan {
            function,
            blocks: cfg.blocks.clone(),
            per_block: HashMap::new(),
            frame: Vec::new(),
            returns,
            call_overwritten,
            rule_calls,
            inductions,
            used_inductions: Vec::new(),
            exit_pushes: Vec::new(),
            exit_values: Vec::new(),
            hoisted: Vec::new(),
            loops,
            reloadable,
            once,
            shadowed_args: shadowed_args.to_vec(),
        };
        let mut frame_seen = HashSet::new();
        for &block in &cfg.blocks {
            let mut bp = BlockPlan { preds: cfg.preds(block), ..Default::default() };
            let mut seen = HashSet::new();
            if bp.preds.len() > 1 {
                // The edge follows from an induction variable whose start the reverse has without
                // a push in this block (a constant, an argument, an outer loop's counter, ...).
                bp.derived_edge = induction_edges(block, &bp.preds).into_iter().find(|e| plan.available(Saved::Primal(e.start), block, 0));
                if bp.derived_edge.is_none() {
                    bp.branch_edge = branch_edges(&cfg, &plan.loops, block, &bp.preds).into_iter().find(|e| plan.available(Saved::Primal(e.condition), block, 0));
                }
                match (bp.derived_edge, bp.branch_edge) {
                    (Some(e), _) => {
                        let why = "induction variable (tells which predecessor was taken)";
                        plan.resolve(Saved::Primal(e.phi), block, why, &mut bp, &mut seen, &mut frame_seen, 0);
                        plan.resolve(Saved::Primal(e.start), block, why, &mut bp, &mut seen, &mut frame_seen, 0);
                    }
                    (None, Some(e)) => {
                        plan.resolve(Saved::Primal(e.condition), block, "branch condition (tells which predecessor was taken)", &mut bp, &mut seen, &mut frame_seen, 0);
                    }
                    (None, None) => {
                        seen.insert(Saved::Edge);
                        bp.entries.push(Entry { saved: Saved::Edge, reason: "which predecessor was taken".into() });
                    }
                }
            }
            for inst in block.get_instructions() {
                let needed = needs(inst, act, table, plan.rule_calls.get(&inst));
                for (saved, why) in needed {
                    let reason = format!("{why}: {}", ir::instruction_text(inst));
                    plan.resolve(saved, block, &reason, &mut bp, &mut seen, &mut frame_seen, 0);
                }
            }
            plan.per_block.insert(block, bp);
        }
        // Leaving a loop pushes its counted induction variables (once per exit, not per iteration),
        // unless the exit test gives the value (`icmp eq %i.next, %n` leaves with %i = %n - step).
        // A bound the reverse recomputes may count another loop's variable: repeat until stable.
        let mut known = (0, 0);
        while known != (plan.used_inductions.len(), plan.hoisted.len()) {
            known = (plan.used_inductions.len(), plan.hoisted.len());
            plan.exit_pushes.clear();
            plan.exit_values.clear();
            for (from, to) in cfg.edges() {
                let mut pushed = Vec::new();
                for phi in plan.used_inductions.clone() {
                    let induction = &plan.inductions[&phi];
                    if !induction.body.contains(&from) || induction.body.contains(&to) {
                        continue;
                    }
                    let derived = exit_bound(phi, induction, from, to).filter(|(limit, _)| plan.available(Saved::Primal(*limit), to, 0));
                    match derived {
                        Some((limit, back)) => {
                            let mut bp = BlockPlan::default();
                            plan.resolve(Saved::Primal(limit), to, "bound of a counted loop", &mut bp, &mut HashSet::new(), &mut frame_seen, 0);
                            plan.exit_values.push(ExitValue { from, to, phi, limit, back });
                        }
                        None => pushed.push(phi),
                    }
                }
                for (header, v) in plan.hoisted.clone() {
                    let body = &plan.loops.iter().find(|l| l.header == header).expect("loop of a hoisted value").body;
                    if body.contains(&from) && !body.contains(&to) {
                        pushed.push(v);
                    }
                }
                if !pushed.is_empty() {
                    plan.exit_pushes.push((from, to, pushed));
                }
            }
        }
        Ok(plan)
    }

    /// The type an entry has on the tape.
    pub fn saved_type(&self, saved: Saved<'ctx>) -> BasicTypeEnum<'ctx> {
        match saved {
            Saved::Primal(v) | Saved::Shadow(v) => v.get_type(),
            Saved::Edge => self.function.get_type().get_context().i64_type().into(),
            Saved::RuleTape(call) => self.rule_calls[&call].tape.expect("rule with a tape"),
            Saved::RuleScratch(..) => self.function.get_type().get_context().ptr_type(inkwell::AddressSpace::default()).into(),
        }
    }

    /// The induction variables pushed on the edge `from -> to`.
    pub fn exit_push(&self, from: BasicBlock<'ctx>, to: BasicBlock<'ctx>) -> Option<&[BasicValueEnum<'ctx>]> {
        self.exit_pushes.iter().find(|(f, t, _)| *f == from && *t == to).map(|(_, _, v)| v.as_slice())
    }

    /// Where the reverse gets `saved`. The augmented primal and the reverse both ask this.
    pub fn source(&self, saved: Saved<'ctx>, block: BasicBlock<'ctx>, depth: u32) -> Source<'ctx> {
        let v = match saved {
            Saved::Edge | Saved::RuleTape(_) | Saved::RuleScratch(..) => return Source::Pushed,
            Saved::Primal(v) | Saved::Shadow(v) => v,
        };
        if let (Saved::Primal(_), Some(ind)) = (saved, self.inductions.get(&v)) {
            if ind.body.contains(&block) {
                return Source::Induction;
            }
        }
        if ir::is_constant(v) {
            // A shadow of a constant is null or a shadow global's address: constants too.
            let constant_shadow = ir::is_null_pointer(v) || ir::global_base(v).is_some();
            return if matches!(saved, Saved::Shadow(_)) && !constant_shadow { Source::Pushed } else { Source::Constant };
        }
        if let Some(i) = ir::argument_index(self.function, v) {
            return match saved {
                Saved::Shadow(_) if !self.shadowed_args.get(i).copied().unwrap_or(false) => Source::Pushed,
                _ => Source::Argument(i),
            };
        }
        let Some(inst) = v.as_instruction_value() else { return Source::Pushed };
        if depth < RECOMPUTE_DEPTH {
            match saved {
                Saved::Primal(_) if is_cheap(inst) => return Source::Recompute(inst),
                Saved::Primal(_) if depth < FLOAT_RECOMPUTE_DEPTH && is_cheap_float(inst) && self.inputs_available(saved, inst, block, depth) => {
                    return Source::Recompute(inst)
                }
                Saved::Primal(_) if self.reloadable.contains(&inst) => return Source::Reload(inst),
                Saved::Shadow(_) if is_address(inst) => return Source::Recompute(inst),
                _ => {}
            }
        }
        if inst.get_parent().is_some_and(|b| self.once.contains(&b)) {
            return Source::Frame;
        }
        // A value from before the outermost loop around `block` that does not define it.
        if let (Saved::Primal(_), Some(defined)) = (saved, inst.get_parent()) {
            let outside = self.loops.iter().filter(|l| l.body.contains(&block) && !l.body.contains(&defined)).max_by_key(|l| l.body.len());
            if let Some(l) = outside {
                return Source::LoopInvariant(l.header);
            }
        }
        Source::Pushed
    }

    /// Whether the reverse has `saved` in `block` without popping it there.
    fn available(&self, saved: Saved<'ctx>, block: BasicBlock<'ctx>, depth: u32) -> bool {
        match self.source(saved, block, depth) {
            Source::Pushed => false,
            // (`source` recomputes float arithmetic only once its operands proved available)
            Source::Recompute(inst) if is_cheap_float(inst) => true,
            source @ (Source::Recompute(_) | Source::Reload(_)) => Self::inputs(saved, source).into_iter().all(|i| self.available(i, block, depth + 1)),
            Source::Constant | Source::Argument(_) | Source::Frame | Source::Induction | Source::LoopInvariant(_) => true,
        }
    }

    /// Whether everything recomputing `inst` reads is at hand in `block` without a push.
    fn inputs_available(&self, saved: Saved<'ctx>, inst: InstructionValue<'ctx>, block: BasicBlock<'ctx>, depth: u32) -> bool {
        Self::inputs(saved, Source::Recompute(inst)).into_iter().all(|i| self.available(i, block, depth + 1))
    }

    /// The operands a recomputed or reloaded value needs, as needs themselves.
    pub fn inputs(saved: Saved<'ctx>, source: Source<'ctx>) -> Vec<Saved<'ctx>> {
        match (saved, source) {
            (Saved::Primal(_), Source::Recompute(inst)) => (0..inst.get_num_operands()).filter_map(|i| ir::operand(inst, i)).map(Saved::Primal).collect(),
            (Saved::Shadow(_), Source::Recompute(inst)) => {
                let mut out = vec![Saved::Shadow(ir::operand(inst, 0).expect("address base"))];
                out.extend((1..inst.get_num_operands()).filter_map(|i| ir::operand(inst, i)).map(Saved::Primal));
                out
            }
            (_, Source::Reload(inst)) => vec![Saved::Primal(ir::operand(inst, 0).expect("load pointer"))],
            _ => Vec::new(),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn resolve(&mut self, saved: Saved<'ctx>, block: BasicBlock<'ctx>, reason: &str, bp: &mut BlockPlan<'ctx>, seen: &mut HashSet<Saved<'ctx>>, frame_seen: &mut HashSet<Saved<'ctx>>, depth: u32) {
        let source = self.source(saved, block, depth);
        match source {
            Source::Constant | Source::Argument(_) => {}
            Source::Induction => {
                if let Saved::Primal(phi) = saved {
                    if !self.used_inductions.contains(&phi) {
                        self.used_inductions.push(phi);
                    }
                }
            }
            Source::Recompute(_) | Source::Reload(_) => {
                for input in Self::inputs(saved, source) {
                    self.resolve(input, block, reason, bp, seen, frame_seen, depth + 1);
                }
            }
            Source::LoopInvariant(header) => {
                if let Saved::Primal(v) = saved {
                    if !self.hoisted.contains(&(header, v)) {
                        self.hoisted.push((header, v));
                    }
                }
            }
            Source::Frame => {
                if frame_seen.insert(saved) {
                    self.frame.push(Entry { saved, reason: reason.to_string() });
                }
            }
            Source::Pushed => {
                if seen.insert(saved) {
                    bp.entries.push(Entry { saved, reason: reason.to_string() });
                }
            }
        }
    }
}

/// The custom reverse rules answering a call, if its callee has any.
fn rules_at<'ctx>(function: FunctionValue<'ctx>, inst: InstructionValue<'ctx>, act: &ActivityFacts, custom: &RuleTable<'ctx>) -> Result<Option<ReverseRules<'ctx>>> {
    let Some(callee) = ir::called_function(inst) else { return Ok(None) };
    if custom.of_kind(callee, RuleKind::Augmented).is_empty() && custom.of_kind(callee, RuleKind::Reverse).is_empty() {
        return Ok(None);
    }
    let args: Vec<BasicValueEnum> = (0..ir::call_arg_count(inst)).filter_map(|i| ir::operand(inst, i)).collect();
    let result_active = ir::result_of(inst).is_some_and(|r| act.is_active(r));
    if !result_active && args.iter().all(|a| !act.is_varied(*a)) {
        return Ok(None);
    }
    let (acts, ret) = custom_calls::reverse_activities(&args, |a| act.is_varied(a), result_active);
    custom_calls::select_reverse(custom, callee, acts, ret, &crate::model::location_of(function, inst))
}

/// Integer and address arithmetic: cheaper to redo than to store.
fn is_cheap(inst: InstructionValue<'_>) -> bool {
    use InstructionOpcode::*;
    matches!(
        inst.get_opcode(),
        GetElementPtr | BitCast | AddrSpaceCast | Trunc | ZExt | SExt | Add | Sub | Mul | Shl | LShr | AShr | And | Or | Xor | ICmp | SIToFP | UIToFP | PtrToInt | IntToPtr | Freeze
    )
}

/// How deep float arithmetic is recomputed (each level asks whether its operands are at hand).
const FLOAT_RECOMPUTE_DEPTH: u32 = 4;

/// Float arithmetic that costs less to redo, when its operands are at hand in the reverse (reloaded
/// from memory that does not change, arguments, other recomputed values), than a store on the tape
/// and a load back: the tape of a kernel that computes many differences and products of inputs
/// it does not overwrite shrinks to what is really lost. Same instruction, same flags: the same
/// bits. Division and math calls are saved.
fn is_cheap_float(inst: InstructionValue<'_>) -> bool {
    use InstructionOpcode::*;
    matches!(inst.get_opcode(), FNeg | FAdd | FSub | FMul | FPExt | FPTrunc)
}

/// Instructions whose shadow is the same instruction applied to the shadow of operand 0.
fn is_address(inst: InstructionValue<'_>) -> bool {
    matches!(inst.get_opcode(), InstructionOpcode::GetElementPtr | InstructionOpcode::BitCast | InstructionOpcode::AddrSpaceCast)
}

/// What the reverse of one instruction reads.
fn needs<'ctx>(inst: InstructionValue<'ctx>, act: &ActivityFacts, table: &MathTable, rules: Option<&ReverseRules<'ctx>>) -> Vec<(Saved<'ctx>, &'static str)> {
    use InstructionOpcode::*;
    let op = |i| ir::operand(inst, i);
    let varied = |v: Option<BasicValueEnum<'ctx>>| v.is_some_and(|v| act.is_varied(v));
    let result_active = ir::result_of(inst).is_some_and(|r| act.is_active(r));
    let mut out = Vec::new();
    match inst.get_opcode() {
        opcode if result_active && table.for_opcode(opcode).is_some() => {
            // What the transpose of the instruction's tangent rule reads (the sweep asks the same).
            let rule = table.for_opcode(opcode).expect("checked");
            let varied: Vec<bool> = (0..rule.params.len() as u32).map(|i| varied(op(i))).collect();
            let refs = rule.references(&varied);
            let reason = match rule.name.as_str() {
                "fmul" => "operand of a product",
                "fdiv" => "operand of a division",
                "frem" => "operand of a remainder",
                _ => "operand of float arithmetic",
            };
            for a in refs.args {
                out.push((Saved::Primal(op(a as u32).expect("operand")), reason));
            }
            if refs.result {
                out.push((Saved::Primal(ir::result_of(inst).expect("result")), "result of float arithmetic"));
            }
        }
        opcode if result_active && structure(opcode).is_some() => {
            // What the transpose of a structural instruction reads (rules/structure.rs).
            let s = structure(opcode).expect("checked");
            if let Some((i, why)) = s.reads {
                out.push((Saved::Primal(op(i).expect("read operand")), why));
            }
            if s.reads_shadow {
                out.push((Saved::Shadow(op(0).expect("load pointer")), "shadow of a load"));
            }
        }
        Store if varied(op(1)) && {
            let ty = op(0).expect("stored value").get_type();
            !ir::contains_pointer(ty) || ir::carries_float(ty)
        } =>
        {
            out.push((Saved::Shadow(op(1).expect("store pointer")), "shadow of a store"))
        }
        AtomicRMW if varied(op(0)) && varied(op(1)) => out.push((Saved::Shadow(op(0).expect("atomic pointer")), "shadow of an atomic update")),
        Alloca if ir::result_of(inst).is_some_and(|r| act.is_varied(r)) => {
            out.push((Saved::Shadow(ir::result_of(inst).expect("alloca")), "shadow allocation to free"))
        }
        Call => {
            let site = CallSite::of(inst, None, act);
            for need in calls::reverse_handler(&classify(inst, table), rules).needs(&site, act, table) {
                out.push(match need {
                    Need::Primal(v, why) => (Saved::Primal(v), why),
                    Need::Shadow(v, why) => (Saved::Shadow(v), why),
                    Need::RuleTape(why) => (Saved::RuleTape(inst), why),
                    Need::RuleScratch(i, why) => (Saved::RuleScratch(inst, i), why),
                });
            }
        }
        _ => {}
    }
    out
}

impl<'ctx> Plan<'ctx> {
    /// Tape bytes per call and per loop iteration (`--print-tape`): what the augmented primal
    /// pushes, in 8-byte slots, and the most one iteration of each loop pushes itself (inner
    /// loops and callees' tapes come on top).
    pub fn bytes_report(&self, module: &inkwell::module::Module<'ctx>) -> String {
        let slot = |saved: &Saved<'ctx>| crate::synth::reverse::augmented::slot_size(module, self.saved_type(*saved));
        let block_bytes = |b: &BasicBlock<'ctx>| self.per_block.get(b).map_or(0, |p| p.entries.iter().map(|e| slot(&e.saved)).sum::<u64>());
        let index = |b: &BasicBlock<'ctx>| match b.get_name().to_string_lossy() {
            name if !name.is_empty() => format!("%{name}"),
            _ => self.blocks.iter().position(|x| x == b).map(|i| format!("#{i}")).unwrap_or_default(),
        };
        let once: u64 = self.frame.iter().map(|e| slot(&e.saved)).sum::<u64>() + if self.returns.len() > 1 { 8 } else { 0 };
        let mut out = format!("  bytes: {once} once per call\n");
        for (index_of_loop, l) in self.loops.iter().enumerate() {
            // Blocks of this loop outside its inner loops run at most once per iteration.
            let per_iteration: u64 = l.body.iter().filter(|b| crate::analysis::cfg::innermost_loop(&self.loops, **b) == Some(index_of_loop)).map(block_bytes).sum();
            let on_exit: u64 = self.exit_pushes.iter().filter(|(f, t, _)| l.body.contains(f) && !l.body.contains(t)).map(|(_, _, v)| 8 * v.len() as u64).max().unwrap_or(0);
            out.push_str(&format!("  bytes: up to {per_iteration} per iteration of the loop at block {}, {on_exit} when it is left\n", index(&l.header)));
        }
        out
    }
}

impl fmt::Display for Plan<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let describe = |e: &Entry<'_>| match e.saved {
            Saved::Primal(v) => format!("value {}  ({})", short(v), e.reason),
            Saved::Shadow(v) => format!("shadow of {}  ({})", short(v), e.reason),
            Saved::Edge => format!("edge index  ({})", e.reason),
            Saved::RuleTape(_) => format!("a custom rule's tape  ({})", e.reason),
            Saved::RuleScratch(_, i) => format!("scratch shadow of argument {i}  ({})", e.reason),
        };
        if !self.frame.is_empty() {
            writeln!(f, "  once per call:")?;
            for e in &self.frame {
                writeln!(f, "    {}", describe(e))?;
            }
        }
        for (index, block) in self.blocks.iter().enumerate() {
            let plan = &self.per_block[block];
            if plan.entries.is_empty() {
                continue;
            }
            let name = block.get_name().to_string_lossy().into_owned();
            let label = if name.is_empty() { format!("#{index}") } else { format!("%{name}") };
            writeln!(f, "  each time block {label} runs:")?;
            for e in &plan.entries {
                writeln!(f, "    {}", describe(e))?;
            }
        }
        for (from, to, phis) in &self.exit_pushes {
            let names: Vec<String> = phis.iter().map(|p| short(*p)).collect();
            let label = |b: &BasicBlock<'_>| self.blocks.iter().position(|x| x == b).map(|i| format!("#{i}")).unwrap_or_default();
            writeln!(f, "  leaving a loop ({} -> {}): {} (induction variables are counted back down in the reverse, values from before the loop kept while it runs)", label(from), label(to), names.join(", "))?;
        }
        if self.returns.len() > 1 {
            writeln!(f, "  exit index (which return was taken)")?;
        }
        Ok(())
    }
}

fn short(v: BasicValueEnum<'_>) -> String {
    let name = ir::value_name(v);
    if name.is_empty() { ir::value_text(v).trim().to_string() } else { format!("%{name}") }
}
