//! Whether a function may write through one of its pointer parameters: into the memory the
//! parameter points to, or into memory reached through pointers loaded from there (a `State&`
//! whose vectors point at the arrays the function updates). A caller's activity analysis needs a
//! shadow only for memory the callee may write derivative data into; memory the callee only
//! reads keeps whatever activity it already has (a `const` input table stays constant).
use super::calls::{classify, CallKind};
use crate::ir;
use crate::model::ValueId;
use crate::rules::MathTable;
use inkwell::values::{BasicValue, BasicValueEnum, FunctionValue, InstructionOpcode, InstructionValue};
use std::collections::{HashMap, HashSet};

/// How deep into callees of callees the question is followed before answering "may write".
const MAX_DEPTH: u32 = 4;

/// Intrinsics that write nothing a caller sees (hints and debug info).
const HINTS: &[&str] = &["llvm.lifetime.", "llvm.dbg.", "llvm.assume", "llvm.invariant.", "llvm.prefetch", "llvm.objectsize", "llvm.experimental.noalias.scope.decl"];

/// What a function may write through one pointer parameter.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Effect {
    /// Into the memory the parameter points to (at any offset).
    pub direct: bool,
    /// Into memory reached through pointers loaded from there (a `State*` whose fields point at
    /// the arrays the function updates; an OpenMP region's captured variable holding an array).
    pub indirect: bool,
}

impl Effect {
    const NONE: Effect = Effect { direct: false, indirect: false };
    const DIRECT: Effect = Effect { direct: true, indirect: false };
    const INDIRECT: Effect = Effect { direct: false, indirect: true };
    const ANY: Effect = Effect { direct: true, indirect: true };

    pub fn any(self) -> bool {
        self.direct || self.indirect
    }

    fn join(&mut self, other: Effect) {
        self.direct |= other.direct;
        self.indirect |= other.indirect;
    }
}

/// Answers are remembered per (function, parameter) for one analysis.
#[derive(Default, Debug, Clone)]
pub struct WriteSummaries {
    known: HashMap<(ValueId, u32), Effect>,
    returns: HashMap<(ValueId, u32), bool>,
}

impl WriteSummaries {
    /// Whether `function` may write through parameter `index` (conservatively: yes when unsure).
    pub fn may_write_through(&mut self, function: FunctionValue<'_>, index: u32, table: &MathTable) -> bool {
        self.effect(function, index, table).any()
    }

    /// What `function` may write through parameter `index` (conservatively: anything when unsure).
    pub fn effect(&mut self, function: FunctionValue<'_>, index: u32, table: &MathTable) -> Effect {
        self.ask(function, index, MAX_DEPTH, table)
    }

    /// What the call `call` may write through its argument `arg`.
    pub fn call_effect(&mut self, call: InstructionValue<'_>, arg: u32, table: &MathTable) -> Effect {
        self.call_writes(call, arg, MAX_DEPTH, table)
    }

    /// Whether `function` may return a pointer into what parameter `index` reaches (`std::max`
    /// of two references, `vector::operator[]`): the caller's use of the result then needs the
    /// argument's shadow.
    pub fn may_return_through(&mut self, function: FunctionValue<'_>, index: u32) -> bool {
        *self.returns.entry((ValueId::of(function), index)).or_insert_with(|| returns_through(function, index))
    }

    fn ask(&mut self, function: FunctionValue<'_>, index: u32, depth: u32, table: &MathTable) -> Effect {
        let key = (ValueId::of(function), index);
        if let Some(known) = self.known.get(&key) {
            return *known;
        }
        if function.get_first_basic_block().is_none() || depth == 0 {
            return Effect::ANY;
        }
        let Some(param) = function.get_nth_param(index) else { return Effect::ANY };
        // A recursive question answers "may write anything" until the answer is known.
        self.known.insert(key, Effect::ANY);
        let answer = self.writes_through(function, param, depth, table);
        self.known.insert(key, answer);
        answer
    }

    fn writes_through<'ctx>(&mut self, function: FunctionValue<'ctx>, param: BasicValueEnum<'ctx>, depth: u32, table: &MathTable) -> Effect {
        let insts: Vec<InstructionValue> = function.get_basic_block_iter().flat_map(|b| b.get_instructions()).collect();
        let reach = reachable_from(&insts, param);
        let direct = directly_reachable(&insts, param);
        // Where a pointer reached from the parameter leads: its own memory, memory behind a loaded
        // pointer, or (returned by a call) either.
        let target = |v: Option<BasicValueEnum<'ctx>>| -> Effect {
            let Some(v) = v else { return Effect::NONE };
            let id = ValueId::of(v);
            if !reach.contains(&id) {
                Effect::NONE
            } else if direct.contains(&id) {
                Effect::DIRECT
            } else if v.as_instruction_value().is_some_and(|i| matches!(i.get_opcode(), InstructionOpcode::Call | InstructionOpcode::Invoke)) {
                Effect::ANY
            } else {
                Effect::INDIRECT
            }
        };
        let mut effect = Effect::NONE;
        for inst in insts {
            let op = |i| ir::operand(inst, i);
            match inst.get_opcode() {
                // Written, or the pointer itself stored where anyone may write through it later
                // (a local variable holding it, as at -O0, is followed instead).
                InstructionOpcode::Store => {
                    let stores_address = target(op(0)).any() && op(0).is_some_and(|v| may_be_address(v.get_type()));
                    if stores_address && !op(1).is_some_and(|slot| ir::is_local_slot(slot, false)) {
                        return Effect::ANY;
                    }
                    effect.join(target(op(1)));
                }
                InstructionOpcode::AtomicRMW | InstructionOpcode::AtomicCmpXchg => {
                    if (1..inst.get_num_operands()).any(|i| target(op(i)).any()) {
                        return Effect::ANY;
                    }
                    effect.join(target(op(0)));
                }
                InstructionOpcode::Call | InstructionOpcode::Invoke => {
                    for arg in 0..ir::call_arg_count(inst) {
                        let through = target(op(arg));
                        if !through.any() {
                            continue;
                        }
                        let callee = self.call_writes(inst, arg, depth, table);
                        // What the callee writes through a pointer loaded from the parameter's
                        // memory is behind that pointer, for the parameter.
                        effect.join(match (through, callee.any()) {
                            (_, false) => Effect::NONE,
                            (Effect::DIRECT, _) => callee,
                            (Effect::INDIRECT, _) => Effect::INDIRECT,
                            _ => Effect::ANY,
                        });
                    }
                }
                _ => {}
            }
            if effect == Effect::ANY {
                break;
            }
        }
        effect
    }

    /// What `call` may write through its argument `arg`: calls llad knows write only where their
    /// kind says (a BLAS routine its output array, MPI its receive buffers), or nothing with a
    /// derivative (math, the OpenMP runtime, inactive functions).
    fn call_writes(&mut self, call: InstructionValue<'_>, arg: u32, depth: u32, table: &MathTable) -> Effect {
        let Some(callee) = ir::called_function(call) else { return Effect::ANY };
        let name = ir::function_name(callee);
        if HINTS.iter().any(|p| name.starts_with(p)) || super::calls::is_deallocation(&name) {
            return Effect::NONE;
        }
        let direct_if = |writes: bool| if writes { Effect::DIRECT } else { Effect::NONE };
        match classify(call, table) {
            CallKind::MemCopy | CallKind::MemSet => return direct_if(arg == 0),
            CallKind::Inactive | CallKind::OpenMp(_) | CallKind::Math(_) | CallKind::Alloc(_) | CallKind::Free => return Effect::NONE,
            CallKind::Blas(blas, _) => return direct_if(blas.routine.output_index() == Some(arg as usize)),
            CallKind::Mpi(routine) => return direct_if(routine.buffers.iter().filter(|b| b.receives).map(|b| b.buffer).chain(routine.request).any(|i| i == arg)),
            CallKind::ParallelRegion(outlined) => {
                let first = super::calls::OPENMP_FORK_ARGS;
                return if arg < first || depth <= 1 { Effect::ANY } else { self.ask(outlined, arg - 1, depth - 1, table) };
            }
            CallKind::Defined(_) | CallKind::Unknown(_) | CallKind::Indirect => {}
        }
        if callee.get_type().is_var_arg() || depth <= 1 {
            return Effect::ANY;
        }
        self.ask(callee, arg, depth - 1, table)
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

/// The parameter and every pointer into the same memory (offsets, casts, phis, selects; read
/// back from a local variable it was kept in), not through pointers loaded from that memory; a
/// call's pointer result derived from it is included (it may be either).
fn directly_reachable<'ctx>(insts: &[InstructionValue<'ctx>], param: BasicValueEnum<'ctx>) -> HashSet<ValueId> {
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
                InstructionOpcode::Load => ir::operand(*inst, 0).is_some_and(|slot| slot_holds_reached(insts, slot, &reach)) && may_be_address(result.get_type()),
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
