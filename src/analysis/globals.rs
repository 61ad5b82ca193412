//! Mutable globals a function reaches without its activity analysis tracking them. A global
//! carries derivatives in one function when active data (a float, or a pointer to memory with a
//! shadow) is stored into it there; another function that reads or writes the same global, where
//! its analysis never saw that store (`state = x;` in one function, `state[0] * state[0]` in a
//! callee or after a call), would lose those derivatives. The synthesizer collects these accesses
//! and refuses them once it knows which globals carry derivatives.
use super::activity::{underlying_objects, ActivityFacts};
use super::calls::{classify, CallKind};
use crate::ir;
use crate::rules::MathTable;
use inkwell::values::{BasicValueEnum, FunctionValue, GlobalValue, InstructionOpcode, InstructionValue};
use std::collections::{HashMap, HashSet};

/// An instruction that reaches `global` where its function's activity analysis does not track it.
#[derive(Debug, Clone, Copy)]
pub struct UntrackedAccess<'ctx> {
    pub function: FunctionValue<'ctx>,
    pub inst: InstructionValue<'ctx>,
    pub global: GlobalValue<'ctx>,
    /// Through a call (the callee, or one it calls, reaches the global) rather than directly.
    pub through_call: bool,
}

/// Whether `global` can hold derivative data: mutable, not marked inactive, and holding floats or
/// pointers.
fn can_carry(global: GlobalValue<'_>) -> bool {
    if global.is_constant() || ir::meta::variable_metadata(global, "llad.inactive").is_some() {
        return false;
    }
    inkwell::types::BasicTypeEnum::try_from(global.get_value_type()).is_ok_and(|t| ir::carries_float(t) || ir::contains_pointer(t))
}

/// Whether the user named a shadow for `global` (Enzyme's `!enzyme_shadow`): an active global,
/// whose derivatives every function follows, whether it writes the global or only reads it.
pub fn has_user_shadow(global: GlobalValue<'_>) -> bool {
    ir::meta::variable_metadata(global, "enzyme_shadow").is_some() && ir::meta::variable_metadata(global, "llad.inactive").is_none()
}

/// The globals that can carry derivatives which the pointer `v` may be based on.
fn globals_behind<'ctx>(v: BasicValueEnum<'ctx>) -> Vec<GlobalValue<'ctx>> {
    if !ir::is_pointer_like(v.get_type()) {
        return Vec::new();
    }
    underlying_objects(v).into_iter().filter_map(ir::as_global_variable).filter(|g| can_carry(*g)).collect()
}

/// The globals each defined function reaches, itself or through the functions it calls directly
/// (memoized; indirect calls are not followed).
#[derive(Default)]
pub struct GlobalReach<'ctx> {
    memo: HashMap<FunctionValue<'ctx>, HashSet<GlobalValue<'ctx>>>,
}

impl<'ctx> GlobalReach<'ctx> {
    pub fn of(&mut self, function: FunctionValue<'ctx>) -> HashSet<GlobalValue<'ctx>> {
        if let Some(known) = self.memo.get(&function) {
            return known.clone();
        }
        // (a recursive call sees what is known so far: the outer visit adds the rest)
        self.memo.insert(function, HashSet::new());
        let mut reached = HashSet::new();
        for inst in function.get_basic_block_iter().flat_map(|b| b.get_instructions()) {
            for i in 0..inst.get_num_operands() {
                if let Some(v) = ir::operand(inst, i) {
                    reached.extend(globals_behind(v));
                }
            }
            if let Some(callee) = ir::called_function(inst).filter(|f| f.get_first_basic_block().is_some()) {
                if callee != function {
                    reached.extend(self.of(callee));
                }
            }
        }
        self.memo.insert(function, reached.clone());
        reached
    }
}

/// The accesses of `function` to globals that can carry derivatives, where `facts` (its activity
/// analysis) does not track the global: loads and stores of floats or pointers through it,
/// pointers into it handed to calls, and calls without derivatives to defined functions that
/// reach it.
pub fn untracked_accesses<'ctx>(function: FunctionValue<'ctx>, facts: &ActivityFacts, table: &MathTable, reach: &mut GlobalReach<'ctx>) -> Vec<UntrackedAccess<'ctx>> {
    let untracked = |g: &GlobalValue<'ctx>| !facts.is_varied(g.as_pointer_value().into());
    let mut out = Vec::new();
    for inst in function.get_basic_block_iter().flat_map(|b| b.get_instructions()) {
        let op = |i| ir::operand(inst, i);
        let mut direct = |ptr: Option<BasicValueEnum<'ctx>>, data: Option<BasicValueEnum<'ctx>>| {
            let carries = data.is_some_and(|d| ir::carries_float(d.get_type()) || ir::contains_pointer(d.get_type()));
            if let (Some(ptr), true) = (ptr, carries) {
                for global in globals_behind(ptr).into_iter().filter(untracked) {
                    out.push(UntrackedAccess { function, inst, global, through_call: false });
                }
            }
        };
        match inst.get_opcode() {
            InstructionOpcode::Load => direct(op(0), ir::result_of(inst)),
            InstructionOpcode::Store => direct(op(1), op(0)),
            InstructionOpcode::AtomicRMW => direct(op(0), op(1)),
            InstructionOpcode::Call | InstructionOpcode::Invoke => {
                let n = ir::call_arg_count(inst);
                let args: Vec<BasicValueEnum> = (0..n).filter_map(op).collect();
                let carries_derivatives = args.iter().any(|a| facts.is_varied(*a)) || ir::result_of(inst).is_some_and(|r| facts.is_varied(r));
                match classify(inst, table) {
                    // Differentiated calls are analyzed themselves (their own accesses are found
                    // there); pure math and inactive functions reach no memory.
                    CallKind::Math(_) | CallKind::Inactive => {}
                    // (whether this function tracks the global does not matter: the callee,
                    // not differentiated, does not)
                    CallKind::Defined(callee) | CallKind::ParallelRegion(callee) if !carries_derivatives => {
                        for global in reach.of(callee) {
                            out.push(UntrackedAccess { function, inst, global, through_call: true });
                        }
                    }
                    _ if !carries_derivatives => {
                        // memcpy, memset and other calls given a pointer into the global.
                        for global in args.iter().flat_map(|a| globals_behind(*a)).filter(untracked) {
                            out.push(UntrackedAccess { function, inst, global, through_call: false });
                        }
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }
    out
}
