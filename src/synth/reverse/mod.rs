//! Reverse mode. Each function gets two halves under one key: the augmented primal runs the
//! original code, builds shadow memory for pointers and pushes on the tape what the reverse needs;
//! the reverse pops it, replays the blocks backwards and accumulates adjoints. The tape is one LIFO
//! stack shared by a whole gradient computation, so callees push and pop on it too.
pub mod augmented;
pub mod edges;
pub mod plan;
pub mod reserve;
pub mod scopes;
pub mod sweep;

use crate::analysis::activity::ActivityFacts;
use crate::analysis::types::TypeFacts;
use inkwell::module::Module;
use crate::ir;
use crate::model::Activity;
use inkwell::values::{BasicValue, BasicValueEnum, FunctionValue, InstructionValue};

pub use super::keys::{is_mixed, out_types, returns_arg_adjoint, returns_shadow, takes_return_adjoint, ReverseKey, ReversePair};

/// Whether memory a callee hands back through this call may reach the caller's own caller: the
/// call's pointer result leaves the caller, or a pointer argument leads to memory that is not the
/// caller's own fresh memory (an argument, a global, a pointer read from memory or returned by a
/// call). Conservative: a wrong "yes" keeps a shadow alive (as the user's primal is), a wrong "no"
/// would free a shadow the user still holds.
fn hands_out_through(call: InstructionValue<'_>) -> bool {
    let caller = call.get_parent().and_then(|b| b.get_parent());
    let result_leaves = ir::result_of(call).filter(|r| r.get_type().is_pointer_type()).is_some_and(|r| caller.is_some_and(|f| crate::analysis::objects::escapes_to_caller(f, r, true)));
    let local = |o: &BasicValueEnum<'_>| {
        o.as_instruction_value().is_some_and(|i| {
            i.get_opcode() == inkwell::values::InstructionOpcode::Alloca || crate::analysis::objects::is_allocation_call(i)
        }) || ir::is_null_pointer(*o)
    };
    let args_lead_out = (0..ir::call_arg_count(call))
        .filter_map(|i| ir::operand(call, i))
        .filter(|a| a.get_type().is_pointer_type())
        .any(|a| !crate::analysis::activity::underlying_objects(a).iter().all(local));
    result_leaves || args_lead_out
}

/// Whether the callee's own type analysis finds parameter `i` used as an integer.
fn callee_param_is_integer<'ctx>(module: &Module<'ctx>, callee: FunctionValue<'ctx>, i: u32) -> bool {
    let Some(param) = callee.get_nth_param(i) else { return false };
    callee.get_first_basic_block().is_some() && crate::analysis::types::analyze(module, callee).base(param) == Some(crate::analysis::types::Base::Integer)
}

/// Whether `name` is a function of llad's tape runtime (`tape.ll`) or a derivative of one.
fn is_tape_runtime(name: &str) -> bool {
    let mut base = name;
    while let Some(rest) = ["augmented_", "reverse_", "fwddiffe_"].iter().find_map(|p| base.strip_prefix(p)) {
        base = rest;
    }
    base.starts_with("llad.tape.") || base.starts_with("llad.shadow.") || base.starts_with("llad.memcpy.")
}

/// The callee's parameter each operand of `call` becomes: itself, or for an OpenMP fork call of
/// `callee` (its outlined region) the region's captured values after the two thread-id pointers
/// the runtime passes first (`None`: a constant the runtime provides).
fn param_sources(call: InstructionValue<'_>, callee: FunctionValue<'_>) -> Vec<Option<u32>> {
    let n = ir::call_arg_count(call);
    if crate::analysis::calls::parallel_region_body(call) == Some(callee) {
        let first = crate::analysis::calls::OPENMP_FORK_ARGS;
        [None, None].into_iter().chain((first..n).map(Some)).collect()
    } else {
        (0..n).map(Some).collect()
    }
}

/// The activities a call site gives its callee, from the caller's activity facts and key. The
/// body of an OpenMP parallel region, and whatever it calls, runs on many threads at once.
pub fn callee_key<'ctx>(module: &Module<'ctx>, call: InstructionValue<'ctx>, callee: FunctionValue<'ctx>, act: &ActivityFacts, types: &TypeFacts, plan: &plan::Plan<'ctx>, caller: &ReverseKey<'ctx>) -> ReverseKey<'ctx> {
    let sources = param_sources(call, callee);
    let forked = sources.first() == Some(&None);
    // llad's own runtime (`tape.ll`, differentiated again for higher orders) takes integers only
    // as sizes, whatever type analysis guesses about integers read back from a tape.
    let runtime = is_tape_runtime(&ir::function_name(callee));
    let args = sources
        .iter()
        .enumerate()
        .map(|(param, source)| {
            let Some(i) = *source else { return Activity::Const };
            let a: BasicValueEnum = ir::operand(call, i).expect("call argument");
            // An integer of unknown content the callee uses as an integer (a size, a hash) carries
            // nothing into it; one the caller knows holds float bits stays `Out` (and the callee
            // refuses it if it does integer arithmetic on them).
            let integer_for_callee = || a.get_type().is_int_type() && types.base(a).is_none() && callee_param_is_integer(module, callee, param as u32);
            // A null pointer is its own shadow: passed with it, the callee may store it beside
            // shadowed pointers (an Eigen evaluator constructed empty).
            if ir::is_null_pointer(a) && !runtime {
                Activity::Dup
            } else if !act.is_varied(a) || (runtime && a.get_type().is_int_type()) || integer_for_callee() {
                Activity::Const
            } else if ir::contains_pointer(a.get_type()) {
                Activity::Dup
            } else {
                Activity::Out
            }
        })
        .collect();
    let ret_active = !forked && ir::result_of(call).is_some_and(|r| act.is_active(r) || (act.is_varied(r) && ir::contains_pointer(r.get_type())));
    let by_operand = plan.call_overwritten.get(&call);
    let overwritten = sources.iter().map(|s| s.is_some_and(|i| by_operand.and_then(|o| o.get(i as usize).copied()).unwrap_or(true))).collect();
    ReverseKey { function: callee, args, ret_active, overwritten, top_level: false, hands_out: caller.hands_out && hands_out_through(call), parallel: caller.parallel || forked }
}
