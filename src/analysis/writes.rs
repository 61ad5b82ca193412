//! Whether a function may write through one of its pointer parameters: into the memory the
//! parameter points to, or into memory reached through pointers loaded from there (a `State&`
//! whose vectors point at the arrays the function updates). A caller's activity analysis needs a
//! shadow only for memory the callee may write derivative data into; memory the callee only
//! reads keeps whatever activity it already has (a `const` input table stays constant).
use super::calls::{classify, CallKind};
use crate::ir;
use crate::model::ValueId;
use crate::rules::MathTable;
use inkwell::values::{BasicValueEnum, FunctionValue, InstructionOpcode, InstructionValue};
use std::collections::{HashMap, HashSet};

/// How deep into callees of callees the question is followed before answering "may write".
const MAX_DEPTH: u32 = 4;

/// Intrinsics that write nothing a caller sees (hints and debug info).
const HINTS: &[&str] = &["llvm.lifetime.", "llvm.dbg.", "llvm.assume", "llvm.invariant.", "llvm.prefetch", "llvm.objectsize", "llvm.experimental.noalias.scope.decl"];

/// Answers are remembered per (function, parameter) for one analysis.
#[derive(Default, Debug, Clone)]
pub struct WriteSummaries {
    known: HashMap<(ValueId, u32), bool>,
    returns: HashMap<(ValueId, u32), bool>,
}

impl WriteSummaries {
    /// Whether `function` may write through parameter `index` (conservatively: yes when unsure).
    pub fn may_write_through(&mut self, function: FunctionValue<'_>, index: u32, table: &MathTable) -> bool {
        self.ask(function, index, MAX_DEPTH, table)
    }

    /// Whether `function` may return a pointer into what parameter `index` reaches (`std::max`
    /// of two references, `vector::operator[]`): the caller's use of the result then needs the
    /// argument's shadow.
    pub fn may_return_through(&mut self, function: FunctionValue<'_>, index: u32) -> bool {
        *self.returns.entry((ValueId::of(function), index)).or_insert_with(|| returns_through(function, index))
    }

    fn ask(&mut self, function: FunctionValue<'_>, index: u32, depth: u32, table: &MathTable) -> bool {
        let key = (ValueId::of(function), index);
        if let Some(known) = self.known.get(&key) {
            return *known;
        }
        if function.get_first_basic_block().is_none() || depth == 0 {
            return true;
        }
        let Some(param) = function.get_nth_param(index) else { return true };
        // A recursive question answers "may write" until the answer is known.
        self.known.insert(key, true);
        let answer = self.writes_through(function, param, depth, table);
        self.known.insert(key, answer);
        answer
    }

    fn writes_through<'ctx>(&mut self, function: FunctionValue<'ctx>, param: BasicValueEnum<'ctx>, depth: u32, table: &MathTable) -> bool {
        let insts: Vec<InstructionValue> = function.get_basic_block_iter().flat_map(|b| b.get_instructions()).collect();
        let reach = reachable_from(&insts, param);
        let reached = |v: Option<BasicValueEnum<'ctx>>| v.is_some_and(|v| reach.contains(&ValueId::of(v)));
        for inst in insts {
            let op = |i| ir::operand(inst, i);
            match inst.get_opcode() {
                // Written, or the pointer itself stored where anyone may write through it later
                // (a local variable holding it, as at -O0, is followed instead).
                InstructionOpcode::Store => {
                    let stores_address = reached(op(0)) && op(0).is_some_and(|v| may_be_address(v.get_type()));
                    if reached(op(1)) || (stores_address && !op(1).is_some_and(|slot| ir::is_local_slot(slot, false))) {
                        return true;
                    }
                }
                InstructionOpcode::AtomicRMW | InstructionOpcode::AtomicCmpXchg => {
                    if (0..inst.get_num_operands()).any(|i| reached(op(i))) {
                        return true;
                    }
                }
                InstructionOpcode::Call | InstructionOpcode::Invoke => {
                    let args: Vec<u32> = (0..ir::call_arg_count(inst)).filter(|i| reached(op(*i))).collect();
                    if !args.is_empty() && self.call_writes(inst, &args, depth, table) {
                        return true;
                    }
                }
                _ => {}
            }
        }
        false
    }

    /// Whether `call` may write derivative data through its arguments `args`: calls llad knows
    /// write only where their kind says (a BLAS routine its output array, MPI its receive
    /// buffers), or nothing with a derivative (math, the OpenMP runtime, inactive functions).
    fn call_writes(&mut self, call: InstructionValue<'_>, args: &[u32], depth: u32, table: &MathTable) -> bool {
        let Some(callee) = ir::called_function(call) else { return true };
        let name = ir::function_name(callee);
        if HINTS.iter().any(|p| name.starts_with(p)) || super::calls::is_deallocation(&name) {
            return false;
        }
        match classify(call, table) {
            CallKind::MemCopy | CallKind::MemSet => return args.contains(&0),
            CallKind::Inactive | CallKind::OpenMp(_) | CallKind::Math(_) | CallKind::Alloc(_) | CallKind::Free => return false,
            CallKind::Blas(blas, _) => return blas.routine.output_index().is_some_and(|o| args.contains(&(o as u32))),
            CallKind::Mpi(routine) => return routine.buffers.iter().filter(|b| b.receives).map(|b| b.buffer).chain(routine.request).any(|i| args.contains(&i)),
            CallKind::ParallelRegion(outlined) => {
                let first = super::calls::OPENMP_FORK_ARGS;
                return args.iter().any(|a| *a < first || self.ask(outlined, *a - 1, depth - 1, table));
            }
            CallKind::Defined(_) | CallKind::Unknown(_) | CallKind::Indirect => {}
        }
        if callee.get_type().is_var_arg() {
            return true;
        }
        args.iter().any(|a| self.ask(callee, *a, depth - 1, table))
    }
}

/// `WriteSummaries::may_return_through`, computed.
fn returns_through(function: FunctionValue<'_>, index: u32) -> bool {
    let Some(param) = function.get_nth_param(index) else { return true };
    if function.get_first_basic_block().is_none() {
        return true;
    }
    if !function.get_type().get_return_type().is_some_and(|r| may_be_address(r)) {
        return false;
    }
    let insts: Vec<InstructionValue> = function.get_basic_block_iter().flat_map(|b| b.get_instructions()).collect();
    let reach = reachable_from(&insts, param);
    insts.iter().filter(|i| i.get_opcode() == InstructionOpcode::Return).filter_map(|i| ir::operand(*i, 0)).any(|v| reach.contains(&ValueId::of(v)))
}

/// The parameter and every value that may point where it points or where pointers loaded from
/// there point (also through integers).
fn reachable_from<'ctx>(insts: &[InstructionValue<'ctx>], param: BasicValueEnum<'ctx>) -> HashSet<ValueId> {
    let mut reach: HashSet<ValueId> = HashSet::from([ValueId::of(param)]);
    loop {
        let mut changed = false;
        for inst in insts {
            let Some(result) = ir::result_of(*inst) else { continue };
            if reach.contains(&ValueId::of(result)) {
                continue;
            }
            let uses_reached = |range: std::ops::Range<u32>| range.filter_map(|i| ir::operand(*inst, i)).any(|o| reach.contains(&ValueId::of(o)));
            let derived = match inst.get_opcode() {
                // A loaded pointer (or integer that may be one) reaches what the memory points to;
                // so does one read back from a local variable it was kept in.
                InstructionOpcode::Load => (uses_reached(0..1) || ir::operand(*inst, 0).is_some_and(|slot| slot_holds_reached(insts, slot, &reach))) && may_be_address(result.get_type()),
                InstructionOpcode::Call | InstructionOpcode::Invoke => uses_reached(0..ir::call_arg_count(*inst)) && ir::contains_pointer(result.get_type()),
                InstructionOpcode::Store | InstructionOpcode::Return | InstructionOpcode::Br | InstructionOpcode::Switch => false,
                _ => uses_reached(0..inst.get_num_operands()),
            };
            if derived {
                reach.insert(ValueId::of(result));
                changed = true;
            }
        }
        if !changed {
            return reach;
        }
    }
}

/// Whether a local variable `slot` is given a value that reaches the parameter's memory.
fn slot_holds_reached(insts: &[InstructionValue<'_>], slot: BasicValueEnum<'_>, reach: &HashSet<ValueId>) -> bool {
    ir::is_local_slot(slot, false)
        && insts.iter().any(|i| i.get_opcode() == InstructionOpcode::Store && ir::operand(*i, 1) == Some(slot) && ir::operand(*i, 0).is_some_and(|v| reach.contains(&ValueId::of(v))))
}

/// A pointer, or an integer wide enough to hold one (sizes and indices narrower than that are not
/// followed as addresses).
fn may_be_address(ty: inkwell::types::BasicTypeEnum<'_>) -> bool {
    ir::contains_pointer(ty) || ir::integer_bits(ty).is_some_and(|bits| bits >= 64)
}
