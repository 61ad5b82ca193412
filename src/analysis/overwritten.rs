//! Overwritten analysis: may the memory a pointer reads be changed between the augmented primal
//! and the reverse sweep? If not, the reverse reloads it instead of keeping a copy on the tape.
//! Memory can change through writes in this function (anywhere: loops revisit earlier code),
//! through the caller after return (the key's `overwritten` flags), or by dying (allocas).
use super::activity::pointer_sources;
use super::calls::{classify, CallKind};
use super::writes::WriteSummaries;
use crate::model::ValueId;
use crate::ir;
use crate::rules::MathTable;
use inkwell::attributes::AttributeLoc;
use inkwell::values::{AsValueRef, BasicValue, BasicValueEnum, FunctionValue, InstructionOpcode, InstructionValue};
use std::collections::HashSet;

/// What a pointer may point into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Object {
    /// An alloca or allocation call of this function (identified by the instruction).
    Local(usize),
    /// Argument `index`; `noalias` when it cannot alias other objects.
    Argument { index: usize, noalias: bool },
    Global { id: usize, constant: bool },
    Unknown,
}

pub fn objects<'ctx>(function: FunctionValue<'ctx>, ptr: BasicValueEnum<'ctx>, table: &MathTable) -> Vec<Object> {
    // Through local slots too: at -O0 every pointer argument lives in one.
    pointer_sources(function, ptr)
        .into_iter()
        .map(|o| {
            if let Some(index) = ir::argument_index(function, o) {
                let noalias = function.get_enum_attribute(AttributeLoc::Param(index as u32), inkwell::attributes::Attribute::get_named_enum_kind_id("noalias")).is_some();
                return Object::Argument { index, noalias };
            }
            if let Some(g) = ir::as_global_variable(o) {
                return Object::Global { id: o.as_value_ref() as usize, constant: g.is_constant() };
            }
            match o.as_instruction_value() {
                Some(i) if i.get_opcode() == InstructionOpcode::Alloca => Object::Local(o.as_value_ref() as usize),
                Some(i) if i.get_opcode() == InstructionOpcode::Call && matches!(classify(i, table), CallKind::Alloc(_)) => Object::Local(o.as_value_ref() as usize),
                _ => Object::Unknown,
            }
        })
        .collect()
}

fn may_alias(a: Object, b: Object) -> bool {
    use Object::*;
    match (a, b) {
        (Unknown, _) | (_, Unknown) => true,
        (Local(x), Local(y)) => x == y,
        (Local(_), _) | (_, Local(_)) => false,
        (Argument { index: i, noalias: n }, Argument { index: j, noalias: m }) => i == j || !(n || m),
        (Argument { noalias, .. }, Global { .. }) | (Global { .. }, Argument { noalias, .. }) => !noalias,
        (Global { id: x, .. }, Global { id: y, .. }) => x == y,
    }
}

/// Whether the pointers `a` and `b` of `function` may point into the same memory.
pub fn pointers_may_alias<'ctx>(function: FunctionValue<'ctx>, a: BasicValueEnum<'ctx>, b: BasicValueEnum<'ctx>, table: &MathTable) -> bool {
    let others = objects(function, b, table);
    objects(function, a, table).into_iter().any(|x| others.iter().any(|y| may_alias(x, *y)))
}

/// C library functions without a derivative rule that write no memory of the program's but their
/// own (`signgam`, `errno`): a call to one (on constants, or llad refuses it) changes no array.
const OWN_STATE_ONLY: [&str; 3] = ["lgamma", "lgammaf", "lgammal"];

/// Every place in a function that may write (or free) memory, with what it may write.
pub struct Writes<'ctx> {
    writes: Vec<(InstructionValue<'ctx>, Vec<Object>)>,
}

impl<'ctx> Writes<'ctx> {
    pub fn of(function: FunctionValue<'ctx>, table: &MathTable) -> Self {
        let mut writes = Vec::new();
        let mut summaries = WriteSummaries::of_memory();
        for inst in function.get_basic_block_iter().flat_map(|b| b.get_instructions()) {
            let op = |i| ir::operand(inst, i);
            let targets: Vec<BasicValueEnum> = match inst.get_opcode() {
                InstructionOpcode::Store => op(1).into_iter().collect(),
                InstructionOpcode::AtomicRMW | InstructionOpcode::AtomicCmpXchg => op(0).into_iter().collect(),
                InstructionOpcode::Call | InstructionOpcode::Invoke => match classify(inst, table) {
                    CallKind::MemCopy | CallKind::MemSet | CallKind::Free | CallKind::Alloc("realloc") => op(0).into_iter().collect(),
                    CallKind::Inactive | CallKind::OpenMp(_) | CallKind::Math(_) | CallKind::Alloc(_) => Vec::new(),
                    CallKind::Defined(f) | CallKind::ParallelRegion(f) if !writes_memory(f, table, &mut HashSet::new()) => Vec::new(),
                    // A callee llad reads writes into an argument's memory, and/or behind the
                    // pointers kept there (an OpenMP region's captured variables hold the arrays
                    // it updates): the memory those pointers lead to is written too.
                    CallKind::Defined(callee) | CallKind::ParallelRegion(callee) => {
                        // (globals, and memory a global points to)
                        if summaries.writes_elsewhere(callee, table) {
                            writes.push((inst, vec![Object::Unknown]));
                        }
                        let mut direct = Vec::new();
                        for (i, a) in (0..ir::call_arg_count(inst)).filter_map(|i| op(i).map(|a| (i, a))).filter(|(_, a)| ir::is_pointer_like(a.get_type())) {
                            let effect = summaries.call_effect(inst, i, table);
                            if effect.direct {
                                direct.push(a);
                            }
                            if effect.deep {
                                writes.push((inst, vec![Object::Unknown]));
                            } else if effect.indirect {
                                let held = pointers_held(function, a, table, &mut summaries);
                                let objs = held.map_or_else(|| vec![Object::Unknown], |ps| ps.into_iter().flat_map(|p| objects(function, p, table)).collect());
                                writes.push((inst, objs));
                            }
                        }
                        direct
                    }
                    _ => (0..ir::call_arg_count(inst)).filter_map(op).filter(|a| ir::is_pointer_like(a.get_type())).collect(),
                },
                _ => Vec::new(),
            };
            for t in targets {
                writes.push((inst, objects(function, t, table)));
            }
            // An unknown call may write globals and anything reachable from them (unless it is a
            // library function known to write only its own state).
            let unknown_writes = matches!(inst.get_opcode(), InstructionOpcode::Call | InstructionOpcode::Invoke)
                && match classify(inst, table) {
                    CallKind::Unknown(name) => !OWN_STATE_ONLY.contains(&name.as_str()),
                    CallKind::Indirect => true,
                    _ => false,
                };
            if unknown_writes {
                writes.push((inst, vec![Object::Unknown]));
            }
        }
        Writes { writes }
    }

    /// Whether memory behind `ptr` may be changed after the augmented primal reads it and before
    /// the reverse runs. `arg_overwritten[i]`: the caller may change argument i's memory after
    /// the call. `except`: a write to ignore (a call site asking about its own arguments).
    pub fn may_change(&self, function: FunctionValue<'ctx>, ptr: BasicValueEnum<'ctx>, arg_overwritten: &[bool], except: Option<InstructionValue<'ctx>>, table: &MathTable) -> bool {
        let objs = objects(function, ptr, table);
        objs.iter().any(|o| match o {
            // Locals die with the augmented primal's frame (or are freed).
            Object::Local(_) | Object::Unknown => true,
            Object::Global { constant: true, .. } => false,
            Object::Global { .. } => true,
            Object::Argument { index, .. } if arg_overwritten.get(*index).copied().unwrap_or(true) => true,
            Object::Argument { .. } => self.writes.iter().any(|(w, targets)| Some(*w) != except && targets.iter().any(|t| may_alias(*o, *t))),
        })
    }
}

/// The pointers the memory `ptr` points to may hold, when that memory is this function's own
/// stack slots and everything stored there is in sight: what this function stores into them.
/// `None` when anyone else may have put pointers there (the slots' address escapes, or a call may
/// write into them).
fn pointers_held<'ctx>(function: FunctionValue<'ctx>, ptr: BasicValueEnum<'ctx>, table: &MathTable, summaries: &mut WriteSummaries) -> Option<Vec<BasicValueEnum<'ctx>>> {
    let slots = pointer_sources(function, ptr);
    let is_slot = |o: &BasicValueEnum<'ctx>| o.as_instruction_value().is_some_and(|i| i.get_opcode() == InstructionOpcode::Alloca);
    if slots.is_empty() || !slots.iter().all(is_slot) {
        return None;
    }
    // (through local variables holding pointers into the slots, as at -O0)
    let in_slots = |q: BasicValueEnum<'ctx>| pointer_sources(function, q).iter().any(|o| slots.iter().any(|s| ValueId::of(*o) == ValueId::of(*s)));
    let mut held = Vec::new();
    for inst in function.get_basic_block_iter().flat_map(|b| b.get_instructions()) {
        let op = |i| ir::operand(inst, i);
        match inst.get_opcode() {
            InstructionOpcode::Store => {
                let (v, target) = (op(0).expect("stored value"), op(1).expect("store pointer"));
                // The slots' address kept elsewhere: anyone may write them through it.
                if v.get_type().is_pointer_type() && in_slots(v) && !ir::is_local_slot(target, false) {
                    return None;
                }
                if in_slots(target) && (ir::contains_pointer(v.get_type()) || ir::integer_bits(v.get_type()).is_some_and(|b| b >= 64)) {
                    held.push(v);
                }
            }
            InstructionOpcode::AtomicRMW | InstructionOpcode::AtomicCmpXchg if op(0).is_some_and(in_slots) => return None,
            // A call that may write into the slots may put pointers there this function does not see.
            InstructionOpcode::Call | InstructionOpcode::Invoke => {
                for i in 0..ir::call_arg_count(inst) {
                    if op(i).is_some_and(|a| ir::is_pointer_like(a.get_type()) && in_slots(a)) && summaries.call_effect(inst, i, table).direct {
                        return None;
                    }
                }
            }
            _ => {}
        }
    }
    Some(held)
}

/// Whether calling `f` may write memory (stores, memcpy/memset, frees, unknown calls).
pub fn writes_memory(f: FunctionValue<'_>, table: &MathTable, seen: &mut HashSet<usize>) -> bool {
    if !seen.insert(f.as_value_ref() as usize) {
        return false;
    }
    f.get_basic_block_iter().flat_map(|b| b.get_instructions()).any(|inst| match inst.get_opcode() {
        InstructionOpcode::Store | InstructionOpcode::AtomicRMW | InstructionOpcode::AtomicCmpXchg => true,
        InstructionOpcode::Call | InstructionOpcode::Invoke => match classify(inst, table) {
            CallKind::Inactive | CallKind::OpenMp(_) | CallKind::Math(_) | CallKind::Alloc(_) => false,
            CallKind::Defined(g) | CallKind::ParallelRegion(g) => writes_memory(g, table, seen),
            _ => true,
        },
        _ => false,
    })
}
