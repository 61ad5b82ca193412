//! Reverse mode. Each function gets two halves under one key: the augmented primal runs the
//! original code, builds shadow memory for pointers and pushes on the tape what the reverse needs;
//! the reverse pops it, replays the blocks backwards and accumulates adjoints. The tape is one LIFO
//! stack shared by a whole gradient computation, so callees push and pop on it too.
pub mod augmented;
pub mod plan;
pub mod sweep;

use crate::analysis::activity::ActivityFacts;
use crate::ir;
use crate::requests::Activity;
use inkwell::types::BasicTypeEnum;
use inkwell::values::{BasicValueEnum, FunctionValue, InstructionValue};

/// Everything that makes two reverse derivatives of one function different.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ReverseKey<'ctx> {
    pub function: FunctionValue<'ctx>,
    /// Const, Dup/DupNoNeed (pointers) or Out (active scalars) per argument.
    pub args: Vec<Activity>,
    /// Float return: the reverse takes its adjoint. Pointer return: the augmented primal returns
    /// its shadow too.
    pub ret_active: bool,
    /// Per argument: the caller may change the memory behind it after the call, before the
    /// reverse runs (so the callee must keep what it reads on the tape).
    pub overwritten: Vec<bool>,
    /// Targeted by a request (see `ForwardKey::top_level`).
    pub top_level: bool,
}

/// The two halves of one reverse derivative.
#[derive(Debug, Clone, Copy)]
pub struct ReversePair<'ctx> {
    pub augmented: FunctionValue<'ctx>,
    pub reverse: FunctionValue<'ctx>,
}

/// Whether the key's return is a pointer whose shadow the augmented primal returns.
pub fn returns_shadow(key: &ReverseKey<'_>) -> bool {
    key.ret_active && key.function.get_type().get_return_type().is_some_and(ir::contains_pointer)
}

/// Whether the key's return is a float whose adjoint the reverse takes.
pub fn takes_return_adjoint(key: &ReverseKey<'_>) -> bool {
    key.ret_active && key.function.get_type().get_return_type().is_some_and(|t| ir::carries_float(t) && !ir::contains_pointer(t))
}

/// The adjoint types of the `Out` arguments, in order (the reverse's return struct).
pub fn out_types<'ctx>(key: &ReverseKey<'ctx>) -> Vec<BasicTypeEnum<'ctx>> {
    key.function.get_param_iter().zip(&key.args).filter(|(_, a)| **a == Activity::Out).map(|(p, _)| p.get_type()).collect()
}

/// The activities a call site gives its callee, from the caller's activity facts.
pub fn callee_key<'ctx>(call: InstructionValue<'ctx>, callee: FunctionValue<'ctx>, act: &ActivityFacts, plan: &plan::Plan<'ctx>) -> ReverseKey<'ctx> {
    let n = ir::call_arg_count(call);
    let args = (0..n)
        .map(|i| {
            let a: BasicValueEnum = ir::operand(call, i).expect("call argument");
            if !act.is_varied(a) {
                Activity::Const
            } else if ir::contains_pointer(a.get_type()) {
                Activity::Dup
            } else {
                Activity::Out
            }
        })
        .collect();
    let ret_active = ir::result_of(call).is_some_and(|r| act.is_active(r) || (act.is_varied(r) && ir::contains_pointer(r.get_type())));
    let overwritten = plan.call_overwritten.get(&call).cloned().unwrap_or_else(|| vec![true; n as usize]);
    ReverseKey { function: callee, args, ret_active, overwritten, top_level: false }
}
