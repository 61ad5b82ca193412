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
use std::collections::HashMap;

/// How deep into callees of callees the question is followed before answering "may write".
const MAX_DEPTH: u32 = 4;

/// Intrinsics that write nothing a caller sees (hints and debug info).
const HINTS: &[&str] = &["llvm.lifetime.", "llvm.dbg.", "llvm.assume", "llvm.invariant.", "llvm.prefetch", "llvm.objectsize", "llvm.experimental.noalias.scope.decl"];

/// What a function may write through one pointer parameter.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Effect {
    /// Into the memory the parameter points to (at any offset).
    pub direct: bool,
    /// Into memory a pointer loaded from there points to (a `State*` whose fields point at the
    /// arrays the function updates; an OpenMP region's captured variable holding an array).
    pub indirect: bool,
    /// Into memory reached through more loads than one, or through pointers a call returned.
    pub deep: bool,
}

impl Effect {
    const NONE: Effect = Effect { direct: false, indirect: false, deep: false };
    const DIRECT: Effect = Effect { direct: true, indirect: false, deep: false };
    const ANY: Effect = Effect { direct: true, indirect: true, deep: true };

    pub fn any(self) -> bool {
        self.direct || self.indirect || self.deep
    }

    fn join(&mut self, other: Effect) {
        self.direct |= other.direct;
        self.indirect |= other.indirect;
        self.deep |= other.deep;
    }

    /// The levels of a pointer (`DIRECT_LEVEL` | `ONCE_LEVEL` | `DEEP_LEVEL` bits) as an effect.
    fn of_levels(levels: u8) -> Effect {
        Effect { direct: levels & DIRECT_LEVEL != 0, indirect: levels & ONCE_LEVEL != 0, deep: levels & DEEP_LEVEL != 0 }
    }

    /// What a callee's effect through its parameter is for the caller's parameter, when the
    /// argument is at `levels` from it.
    fn through(self, levels: u8) -> Effect {
        let mut out = Effect::NONE;
        if levels & DIRECT_LEVEL != 0 {
            out.join(self);
        }
        if levels & ONCE_LEVEL != 0 && self.any() {
            out.join(Effect { direct: false, indirect: self.direct, deep: self.indirect || self.deep });
        }
        if levels & DEEP_LEVEL != 0 && self.any() {
            out.deep = true;
        }
        out
    }
}

/// How a value relates to a parameter (bits): a pointer into its memory, a pointer loaded from
/// there, or one further away (more loads, or returned by a call).
const DIRECT_LEVEL: u8 = 1;
const ONCE_LEVEL: u8 = 2;
const DEEP_LEVEL: u8 = 4;

/// What the summaries are for: which memory may receive derivative data (activity: math, the
/// OpenMP runtime and inactive functions write none, frees change nothing), or which memory may
/// change at all (the overwritten analysis: every write and free counts).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Purpose {
    #[default]
    Derivatives,
    Memory,
}

/// Answers are remembered per (function, parameter) for one analysis.
#[derive(Default, Debug, Clone)]
pub struct WriteSummaries {
    known: HashMap<(ValueId, u32), Effect>,
    returns: HashMap<(ValueId, u32), bool>,
    elsewhere: HashMap<ValueId, bool>,
    purpose: Purpose,
}

impl WriteSummaries {
    /// Summaries of every write (for the overwritten analysis).
    pub fn of_memory() -> Self {
        WriteSummaries { purpose: Purpose::Memory, ..Default::default() }
    }

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

    /// Whether `function` (or what it calls) may write memory none of its parameters leads to
    /// and that is not its own (a global, memory a global points to).
    pub fn writes_elsewhere(&mut self, function: FunctionValue<'_>, table: &MathTable) -> bool {
        self.elsewhere_at(function, MAX_DEPTH, table)
    }

    fn elsewhere_at(&mut self, function: FunctionValue<'_>, depth: u32, table: &MathTable) -> bool {
        let key = ValueId::of(function);
        if let Some(known) = self.elsewhere.get(&key) {
            return *known;
        }
        if function.get_first_basic_block().is_none() || depth == 0 {
            return true;
        }
        self.elsewhere.insert(key, true);
        let answer = self.compute_elsewhere(function, depth, table);
        self.elsewhere.insert(key, answer);
        answer
    }

    fn compute_elsewhere<'ctx>(&mut self, function: FunctionValue<'ctx>, depth: u32, table: &MathTable) -> bool {
        let insts: Vec<InstructionValue> = function.get_basic_block_iter().flat_map(|b| b.get_instructions()).collect();
        let mut from_params: HashMap<ValueId, u8> = HashMap::new();
        for param in function.get_param_iter() {
            for (v, l) in levels_from(&insts, param) {
                *from_params.entry(v).or_default() |= l;
            }
        }
        // Memory the function allocates itself, or memory its parameters lead to.
        let accounted = |p: Option<BasicValueEnum<'ctx>>| {
            p.is_some_and(|p| {
                from_params.contains_key(&ValueId::of(p))
                    || super::activity::underlying_objects(p).iter().all(|o| o.as_instruction_value().is_some_and(|i| i.get_opcode() == InstructionOpcode::Alloca || super::objects::is_allocation_call(i)))
            })
        };
        for inst in &insts {
            let op = |i| ir::operand(*inst, i);
            let unaccounted = match inst.get_opcode() {
                InstructionOpcode::Store | InstructionOpcode::AtomicRMW | InstructionOpcode::AtomicCmpXchg => {
                    let target = if inst.get_opcode() == InstructionOpcode::Store { op(1) } else { op(0) };
                    !accounted(target)
                }
                InstructionOpcode::Call | InstructionOpcode::Invoke => {
                    let Some(callee) = ir::called_function(*inst) else { return true };
                    let name = ir::function_name(callee);
                    let gets_unaccounted = || (0..ir::call_arg_count(*inst)).filter_map(op).filter(|a| a.get_type().is_pointer_type()).any(|a| !accounted(Some(a)));
                    match classify(*inst, table) {
                        _ if HINTS.iter().any(|p| name.starts_with(p)) => false,
                        CallKind::MemCopy | CallKind::MemSet => !accounted(op(0)),
                        CallKind::OpenMp(_) => false,
                        // (what the callee writes through an argument that is not accounted for here, too)
                        CallKind::ParallelRegion(f) | CallKind::Defined(f) if !f.get_type().is_var_arg() => {
                            self.elsewhere_at(f, depth - 1, table)
                                || (0..ir::call_arg_count(*inst)).any(|i| op(i).is_some_and(|a| ir::is_pointer_like(a.get_type()) && !accounted(Some(a))) && self.call_writes(*inst, i, depth, table).any())
                        }
                        // Library routines (and inactive library functions) write only their own
                        // state or what they are given.
                        CallKind::Math(_) | CallKind::Free | CallKind::Alloc(_) | CallKind::Blas(..) | CallKind::Mpi(_) => gets_unaccounted(),
                        CallKind::Inactive if callee.get_first_basic_block().is_none() => gets_unaccounted(),
                        _ => true,
                    }
                }
                _ => false,
            };
            if unaccounted {
                return true;
            }
        }
        false
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
        let levels = levels_from(&insts, param);
        let level = |v: Option<BasicValueEnum<'ctx>>| v.and_then(|v| levels.get(&ValueId::of(v)).copied()).unwrap_or(0);
        let mut effect = Effect::NONE;
        for inst in insts {
            let op = |i| ir::operand(inst, i);
            match inst.get_opcode() {
                // Written, or the pointer itself stored where anyone may write through it later
                // (a local variable holding it, as at -O0, is followed instead).
                InstructionOpcode::Store => {
                    let stores_address = level(op(0)) != 0 && op(0).is_some_and(|v| may_be_address(v.get_type()));
                    if stores_address && !op(1).is_some_and(|slot| ir::is_local_slot(slot, false)) {
                        return Effect::ANY;
                    }
                    effect.join(Effect::of_levels(level(op(1))));
                }
                InstructionOpcode::AtomicRMW | InstructionOpcode::AtomicCmpXchg => {
                    if (1..inst.get_num_operands()).any(|i| level(op(i)) != 0) {
                        return Effect::ANY;
                    }
                    effect.join(Effect::of_levels(level(op(0))));
                }
                InstructionOpcode::Call | InstructionOpcode::Invoke => {
                    // A copy out of reached memory moves the pointers it holds elsewhere.
                    if matches!(classify(inst, table), CallKind::MemCopy) && level(op(1)) != 0 {
                        return Effect::ANY;
                    }
                    for arg in 0..ir::call_arg_count(inst) {
                        let at = level(op(arg));
                        if at == 0 {
                            continue;
                        }
                        effect.join(self.call_writes(inst, arg, depth, table).through(at));
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
        if HINTS.iter().any(|p| name.starts_with(p)) {
            return Effect::NONE;
        }
        let direct_if = |writes: bool| if writes { Effect::DIRECT } else { Effect::NONE };
        let memory = self.purpose == Purpose::Memory;
        match classify(call, table) {
            CallKind::MemCopy | CallKind::MemSet => return direct_if(arg == 0),
            // (sincos, frexp, modf write their results through pointers)
            CallKind::Math(_) => return Effect::DIRECT,
            CallKind::OpenMp(_) => return Effect::NONE,
            CallKind::Inactive if !memory => return Effect::NONE,
            CallKind::Alloc(kind) => return direct_if(memory && kind == "realloc" && arg == 0),
            CallKind::Free => return direct_if(memory),
            CallKind::Blas(blas, _) => return direct_if(blas.routine.output_index() == Some(arg as usize)),
            CallKind::Mpi(routine) => return direct_if(routine.buffers.iter().filter(|b| b.receives).map(|b| b.buffer).chain(routine.request).any(|i| i == arg)),
            CallKind::ParallelRegion(outlined) => {
                let first = super::calls::OPENMP_FORK_ARGS;
                // (The runtime writes neither the source location nor the outlined function.)
                return if arg < first {
                    Effect::NONE
                } else if depth <= 1 {
                    Effect::ANY
                } else {
                    self.ask(outlined, arg - 1, depth - 1, table)
                };
            }
            CallKind::Inactive | CallKind::Defined(_) | CallKind::Unknown(_) | CallKind::Indirect => {}
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
    let reached = levels_from(&insts, param);
    insts.iter().filter(|i| i.get_opcode() == InstructionOpcode::Return).filter_map(|i| ir::operand(*i, 0)).any(|v| reached.contains_key(&ValueId::of(v)))
}

/// How each value of the function relates to `param` (bits of `DIRECT_LEVEL`, `ONCE_LEVEL`,
/// `DEEP_LEVEL`): offsets, casts, phis and selects keep the level, a load from memory at one level
/// gives the next, a value read back from a local variable is what was kept there, and a pointer
/// a call returns from reached arguments may be anything. Values unrelated to it (that neither
/// point where it points nor where pointers loaded from there point) are absent.
fn levels_from<'ctx>(insts: &[InstructionValue<'ctx>], param: BasicValueEnum<'ctx>) -> HashMap<ValueId, u8> {
    let mut levels: HashMap<ValueId, u8> = HashMap::from([(ValueId::of(param), DIRECT_LEVEL)]);
    let level = |levels: &HashMap<ValueId, u8>, v: Option<BasicValueEnum<'ctx>>| v.and_then(|v| levels.get(&ValueId::of(v)).copied()).unwrap_or(0);
    loop {
        let mut changed = false;
        for inst in insts {
            let Some(result) = ir::result_of(*inst) else { continue };
            let operands = |range: std::ops::Range<u32>| range.map(|i| level(&levels, ir::operand(*inst, i))).fold(0, |a, b| a | b);
            let derived = match inst.get_opcode() {
                InstructionOpcode::Load => {
                    let ptr = ir::operand(*inst, 0);
                    let at = level(&levels, ptr);
                    let mut m = 0;
                    if may_be_address(result.get_type()) {
                        if at & DIRECT_LEVEL != 0 {
                            m |= ONCE_LEVEL;
                        }
                        if at & (ONCE_LEVEL | DEEP_LEVEL) != 0 {
                            m |= DEEP_LEVEL;
                        }
                        if let Some(slot) = ptr.filter(|p| ir::is_local_slot(*p, false)) {
                            m |= stored_levels(insts, slot, &levels);
                        }
                    }
                    m
                }
                InstructionOpcode::Call | InstructionOpcode::Invoke => {
                    if operands(0..ir::call_arg_count(*inst)) != 0 && ir::contains_pointer(result.get_type()) {
                        DIRECT_LEVEL | ONCE_LEVEL | DEEP_LEVEL
                    } else {
                        0
                    }
                }
                InstructionOpcode::Store | InstructionOpcode::Return | InstructionOpcode::Br | InstructionOpcode::Switch => 0,
                _ => operands(0..inst.get_num_operands()),
            };
            let old = levels.get(&ValueId::of(result)).copied().unwrap_or(0);
            if derived & !old != 0 {
                levels.insert(ValueId::of(result), old | derived);
                changed = true;
            }
        }
        if !changed {
            return levels;
        }
    }
}

/// The levels of the values stored into the local variable `slot`.
fn stored_levels(insts: &[InstructionValue<'_>], slot: BasicValueEnum<'_>, levels: &HashMap<ValueId, u8>) -> u8 {
    insts
        .iter()
        .filter(|i| i.get_opcode() == InstructionOpcode::Store && ir::operand(**i, 1) == Some(slot))
        .filter_map(|i| ir::operand(*i, 0))
        .map(|v| levels.get(&ValueId::of(v)).copied().unwrap_or(0))
        .fold(0, |a, b| a | b)
}

/// A pointer, or an integer wide enough to hold one (sizes and indices narrower than that are not
/// followed as addresses).
fn may_be_address(ty: inkwell::types::BasicTypeEnum<'_>) -> bool {
    ir::contains_pointer(ty) || ir::integer_bits(ty).is_some_and(|bits| bits >= 64)
}
