//! How the reverse knows which way control went without the tape: loops' counters counted back
//! down (from their value at the loop's exit, pushed or given by the loop's bound), and which
//! predecessor a block was entered from (an induction variable's start, a dominating branch's
//! condition). The plan (`plan.rs`) uses these where the values they need are available.
use crate::analysis::cfg::{Cfg, Loop};
use crate::ir;
use inkwell::basic_block::BasicBlock;
use inkwell::values::{BasicValue, BasicValueEnum, InstructionOpcode};
use std::collections::HashSet;

/// `preds[direct]` dominates the block and jumps to it when `condition` equals `when`; otherwise the
/// block is entered from its other predecessor. The branch runs once per iteration of the loops the
/// block is in, before it, so the condition the reverse recomputes is the one that chose.
#[derive(Debug, Clone, Copy)]
pub struct BranchEdge<'ctx> {
    pub condition: BasicValueEnum<'ctx>,
    pub direct: usize,
    pub when: bool,
}

pub fn branch_edges<'ctx>(cfg: &Cfg<'ctx>, loops: &[Loop<'ctx>], block: BasicBlock<'ctx>, preds: &[BasicBlock<'ctx>]) -> Vec<BranchEdge<'ctx>> {
    if preds.len() != 2 {
        return Vec::new();
    }
    let nest = |b: BasicBlock<'ctx>| loops.iter().map(|l| l.body.contains(&b)).collect::<Vec<bool>>();
    let mut out = Vec::new();
    for (direct, &g) in preds.iter().enumerate() {
        let Some(branch) = g.get_terminator().filter(|t| t.get_opcode() == InstructionOpcode::Br && t.get_num_operands() == 3) else { continue };
        let targets = ir::successors(branch);
        if targets.len() != 2 || targets[0] == targets[1] || !targets.contains(&block) || !cfg.dominates(g, block) || nest(g) != nest(block) {
            continue;
        }
        let Some(condition) = ir::operand(branch, 0) else { continue };
        out.push(BranchEdge { condition, direct, when: targets[0] == block });
    }
    out
}

/// `phi = [start, preds[from_start]], [phi + step, other]` with a nonzero step that cannot wrap:
/// the phi equals `start` exactly when the block was entered from `preds[from_start]`.
#[derive(Debug, Clone, Copy)]
pub struct InductionEdge<'ctx> {
    pub phi: BasicValueEnum<'ctx>,
    pub start: BasicValueEnum<'ctx>,
    pub from_start: usize,
}

/// The header phis that tell which of two predecessors a block was entered from: phi = start
/// exactly when it was entered from `preds[from_start]`.
pub fn induction_edges<'ctx>(block: BasicBlock<'ctx>, preds: &[BasicBlock<'ctx>]) -> Vec<InductionEdge<'ctx>> {
    let mut out = Vec::new();
    if preds.len() != 2 {
        return out;
    }
    for inst in block.get_instructions().take_while(|i| i.get_opcode() == InstructionOpcode::Phi) {
        let Some(phi) = ir::result_of(inst) else { continue };
        if !matches!(phi.get_type(), inkwell::types::BasicTypeEnum::IntType(_)) {
            continue;
        }
        let incoming = ir::phi_incoming(inst);
        let from = |b: BasicBlock<'ctx>| incoming.iter().find(|(_, ib)| *ib == b).map(|(v, _)| *v);
        for (from_start, other) in [(0usize, 1usize), (1, 0)] {
            let (Some(start), Some(next)) = (from(preds[from_start]), from(preds[other])) else { continue };
            let Some(add) = next.as_instruction_value().filter(|i| i.get_opcode() == InstructionOpcode::Add) else { continue };
            let no_wrap = add.get_no_signed_wrap_flag().unwrap_or(false) || add.get_no_unsigned_wrap_flag().unwrap_or(false);
            let steps_phi = ir::operand(add, 0) == Some(phi) && ir::operand(add, 1).and_then(ir::const_int).is_some_and(|k| k != 0);
            if no_wrap && steps_phi {
                out.push(InductionEdge { phi, start, from_start });
            }
        }
    }
    out
}

/// On the edge `from -> to`, `phi` = `limit` - `back` (the loop's exit test compared it, or its
/// next value, with a bound the reverse has).
#[derive(Debug, Clone, Copy)]
pub struct ExitValue<'ctx> {
    pub from: BasicBlock<'ctx>,
    pub to: BasicBlock<'ctx>,
    pub phi: BasicValueEnum<'ctx>,
    pub limit: BasicValueEnum<'ctx>,
    pub back: i64,
}

/// The bound `phi` has on the exit edge `from -> to`, if `from` leaves on `phi == limit` or
/// `phi + step == limit` with a loop-invariant limit: (limit, what to subtract from it).
pub fn exit_bound<'ctx>(phi: BasicValueEnum<'ctx>, induction: &Induction<'ctx>, from: BasicBlock<'ctx>, to: BasicBlock<'ctx>) -> Option<(BasicValueEnum<'ctx>, i64)> {
    let branch = from.get_terminator().filter(|t| t.get_opcode() == InstructionOpcode::Br && t.get_num_operands() == 3)?;
    let condition = ir::operand(branch, 0)?.as_instruction_value().filter(|c| c.get_opcode() == InstructionOpcode::ICmp)?;
    let targets = ir::successors(branch);
    let exits_when_true = targets.first() == Some(&to);
    let exits_when_equal = match condition.get_icmp_predicate()? {
        inkwell::IntPredicate::EQ => exits_when_true,
        inkwell::IntPredicate::NE => !exits_when_true,
        _ => return None,
    };
    if !exits_when_equal || targets.len() != 2 || targets[0] == targets[1] {
        return None;
    }
    let invariant = |v: BasicValueEnum<'ctx>| v.as_instruction_value().and_then(|i| i.get_parent()).is_none_or(|b| !induction.body.contains(&b));
    let steps_of = |v: BasicValueEnum<'ctx>| -> Option<i64> {
        if v == phi {
            return Some(0);
        }
        let add = v.as_instruction_value().filter(|i| i.get_opcode() == InstructionOpcode::Add)?;
        (ir::operand(add, 0) == Some(phi) && ir::operand(add, 1).and_then(ir::const_int) == Some(induction.step)).then_some(induction.step)
    };
    let (a, b) = (ir::operand(condition, 0)?, ir::operand(condition, 1)?);
    [(a, b), (b, a)].into_iter().find_map(|(x, limit)| Some((limit, steps_of(x)?)).filter(|(limit, _)| invariant(*limit)))
}

/// `phi = [start, outside], [phi + step, latch]`: the value in any block of the loop's body
/// follows from its value when the loop was left, counted back by `step` per iteration.
#[derive(Debug, Clone)]
pub struct Induction<'ctx> {
    pub header: BasicBlock<'ctx>,
    pub step: i64,
    pub body: HashSet<BasicBlock<'ctx>>,
}
