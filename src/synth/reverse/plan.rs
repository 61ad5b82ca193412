//! What the reverse sweep needs from the augmented primal, block by block. Both halves read this
//! one plan, so what the augmented primal pushes on the tape is exactly what the reverse pops.
//!
//! Every value the reverse of a block needs is pushed at the end of that block (where all of them
//! are available) and popped at the start of its reverse, so values overwritten later (memory
//! written in place, loop-carried values, later iterations) are read as they were.
use crate::analysis::activity::ActivityFacts;
use crate::analysis::calls::{classify, CallKind};
use crate::ir;
use crate::rules::MathTable;
use inkwell::basic_block::BasicBlock;
use inkwell::values::{AsValueRef, BasicValueEnum, FunctionValue, InstructionOpcode, InstructionValue};
use std::collections::{HashMap, HashSet};
use std::fmt;

/// One tape entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Saved<'ctx> {
    /// A primal value (operand of a nonlinear operation, branch of a select, ...).
    Primal(BasicValueEnum<'ctx>),
    /// The shadow of a pointer (where an adjoint is accumulated or read).
    Shadow(BasicValueEnum<'ctx>),
    /// Which predecessor the block was entered from (i64).
    Edge,
}

/// Why a value is on the tape (for `--print-tape`).
#[derive(Debug, Clone)]
pub struct Entry<'ctx> {
    pub saved: Saved<'ctx>,
    pub reason: String,
}

#[derive(Debug, Clone, Default)]
pub struct BlockPlan<'ctx> {
    pub entries: Vec<Entry<'ctx>>,
    /// Distinct predecessors, in the order the edge index numbers them.
    pub preds: Vec<BasicBlock<'ctx>>,
}

#[derive(Debug, Clone)]
pub struct Plan<'ctx> {
    /// Reachable blocks in reverse post-order.
    pub blocks: Vec<BasicBlock<'ctx>>,
    pub per_block: HashMap<BasicBlock<'ctx>, BlockPlan<'ctx>>,
    /// Blocks that end in `ret`; with more than one, the exit index is pushed too.
    pub returns: Vec<BasicBlock<'ctx>>,
}

fn needs_value(v: BasicValueEnum<'_>) -> bool {
    !ir::is_constant(v) || ir::is_global(v)
}

impl<'ctx> Plan<'ctx> {
    pub fn build(function: FunctionValue<'ctx>, act: &ActivityFacts, table: &MathTable) -> Plan<'ctx> {
        let blocks = ir::reverse_post_order(function);
        let reachable: HashSet<BasicBlock> = blocks.iter().copied().collect();
        let mut preds: HashMap<BasicBlock, Vec<BasicBlock>> = HashMap::new();
        for b in &blocks {
            for s in b.get_terminator().map(ir::successors).unwrap_or_default() {
                let list = preds.entry(s).or_default();
                if !list.contains(b) {
                    list.push(*b);
                }
            }
        }
        let mut per_block = HashMap::new();
        let mut returns = Vec::new();
        for &block in &blocks {
            let mut plan = BlockPlan { preds: preds.get(&block).cloned().unwrap_or_default(), ..Default::default() };
            plan.preds.retain(|p| reachable.contains(p));
            let mut seen = HashSet::new();
            let mut add = |plan: &mut BlockPlan<'ctx>, saved: Saved<'ctx>, reason: String| {
                if let Saved::Primal(v) | Saved::Shadow(v) = saved {
                    if !needs_value(v) {
                        return;
                    }
                }
                if seen.insert(saved) {
                    plan.entries.push(Entry { saved, reason });
                }
            };
            if plan.preds.len() > 1 {
                add(&mut plan, Saved::Edge, "which predecessor was taken".into());
            }
            for inst in block.get_instructions() {
                for (saved, why) in needs(inst, act, table) {
                    add(&mut plan, saved, format!("{why}: {}", ir::instruction_text(inst)));
                }
                if inst.get_opcode() == InstructionOpcode::Return {
                    returns.push(block);
                }
            }
            per_block.insert(block, plan);
        }
        Plan { blocks, per_block, returns }
    }
}

/// What the reverse of one instruction reads from the tape.
fn needs<'ctx>(inst: InstructionValue<'ctx>, act: &ActivityFacts, table: &MathTable) -> Vec<(Saved<'ctx>, &'static str)> {
    use InstructionOpcode::*;
    let op = |i| ir::operand(inst, i);
    let varied = |v: Option<BasicValueEnum<'ctx>>| v.is_some_and(|v| act.is_varied(v));
    let result_active = ir::result_of(inst).is_some_and(|r| act.is_active(r));
    let mut out = Vec::new();
    match inst.get_opcode() {
        FMul if result_active => {
            if varied(op(0)) {
                out.push((Saved::Primal(op(1).expect("fmul rhs")), "operand of a product"));
            }
            if varied(op(1)) {
                out.push((Saved::Primal(op(0).expect("fmul lhs")), "operand of a product"));
            }
        }
        FDiv if result_active => {
            out.push((Saved::Primal(op(1).expect("fdiv rhs")), "divisor"));
            if varied(op(1)) {
                out.push((Saved::Primal(ir::result_of(inst).expect("fdiv result")), "quotient"));
            }
        }
        FRem if result_active && varied(op(1)) => {
            out.push((Saved::Primal(op(0).expect("frem lhs")), "operand of a remainder"));
            out.push((Saved::Primal(op(1).expect("frem rhs")), "operand of a remainder"));
        }
        Select if result_active => out.push((Saved::Primal(op(0).expect("select condition")), "select condition")),
        ExtractElement if result_active => out.push((Saved::Primal(op(1).expect("lane")), "vector lane")),
        InsertElement if result_active => out.push((Saved::Primal(op(2).expect("lane")), "vector lane")),
        Load if result_active => out.push((Saved::Shadow(op(0).expect("load pointer")), "shadow of a load")),
        Store if varied(op(1)) => out.push((Saved::Shadow(op(1).expect("store pointer")), "shadow of a store")),
        Alloca if ir::result_of(inst).is_some_and(|r| act.is_varied(r)) => {
            out.push((Saved::Shadow(ir::result_of(inst).expect("alloca")), "shadow allocation to free"))
        }
        Call => {
            let n = ir::call_arg_count(inst);
            match classify(inst, table) {
                CallKind::Math(rule) if result_active && !rule.linear => {
                    for i in 0..n {
                        out.push((Saved::Primal(op(i).expect("math argument")), "argument of a math function"));
                    }
                    out.push((Saved::Primal(ir::result_of(inst).expect("math result")), "result of a math function"));
                }
                CallKind::MemCopy if varied(op(0)) => {
                    out.push((Saved::Shadow(op(0).expect("dst")), "shadow of a copy destination"));
                    if varied(op(1)) {
                        out.push((Saved::Shadow(op(1).expect("src")), "shadow of a copy source"));
                    }
                    out.push((Saved::Primal(op(2).expect("length")), "copy length"));
                }
                CallKind::MemSet if varied(op(0)) => {
                    out.push((Saved::Shadow(op(0).expect("dst")), "shadow of a memset destination"));
                    out.push((Saved::Primal(op(2).expect("length")), "memset length"));
                }
                CallKind::Alloc(_) if ir::result_of(inst).is_some_and(|r| act.is_varied(r)) => {
                    out.push((Saved::Shadow(ir::result_of(inst).expect("allocation")), "shadow allocation to free"))
                }
                _ => {}
            }
        }
        _ => {}
    }
    out
}

/// Key used to find a value among saved entries.
pub fn value_key(v: BasicValueEnum<'_>) -> usize {
    v.as_value_ref() as usize
}

impl fmt::Display for Plan<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, block) in self.blocks.iter().enumerate() {
            let plan = &self.per_block[block];
            if plan.entries.is_empty() {
                continue;
            }
            let name = block.get_name().to_string_lossy().into_owned();
            let label = if name.is_empty() { format!("#{index}") } else { format!("%{name}") };
            writeln!(f, "  block {label}:")?;
            for e in &plan.entries {
                let what = match e.saved {
                    Saved::Primal(v) => format!("value {}", short(v)),
                    Saved::Shadow(v) => format!("shadow of {}", short(v)),
                    Saved::Edge => "edge index".to_string(),
                };
                writeln!(f, "    {what}  ({})", e.reason)?;
            }
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
