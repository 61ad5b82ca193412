//! One handler per call kind, with every mode together: the forward tangent, the augmented
//! primal's shadow work, what the reverse sweep needs from the forward pass, and the adjoint. The
//! modes (`forward.rs`, `reverse/augmented.rs`, `reverse/plan.rs`, `reverse/sweep/`) give the
//! handlers their state through the traits below; a new call kind is one file here and one line in
//! [`handler`].
//!
mod blas;
pub mod custom;
mod defined;
mod heap_calls;
mod math;
mod memory;
mod mpi;
mod opaque;
mod openmp;

use super::checks::Checks;
use crate::analysis::activity::ActivityFacts;
use crate::analysis::calls::CallKind;
use crate::analysis::types::TypeFacts;
use crate::diag::Result;
use crate::ir::Ops;
use crate::rules::MathTable;
use crate::synth::custom_calls::ReverseRules;
use crate::synth::keys::{ForwardKey, ReverseKey, ReversePair};
use inkwell::values::{BasicValueEnum, FunctionValue, InstructionValue};

/// One call of the original function, as a handler sees it.
pub struct CallSite<'ctx> {
    /// The original call.
    pub inst: InstructionValue<'ctx>,
    /// Its copy in the function being built (forward mode and the augmented primal).
    pub clone: Option<InstructionValue<'ctx>>,
    /// The original arguments, `args[i]` being argument `i`. Metadata arguments (of intrinsics
    /// such as `llvm.experimental.constrained.*` or `llvm.dbg.*`) come last or alone and carry no
    /// derivative: the list stops at the first one, so indices never shift.
    pub args: Vec<BasicValueEnum<'ctx>>,
    pub result: Option<BasicValueEnum<'ctx>>,
    /// The result carries a derivative someone needs.
    pub result_active: bool,
}

impl<'ctx> CallSite<'ctx> {
    /// The call `inst` (with its copy, in forward mode and the augmented primal).
    pub fn of(inst: InstructionValue<'ctx>, clone: Option<InstructionValue<'ctx>>, act: &ActivityFacts) -> CallSite<'ctx> {
        let args = (0..crate::ir::call_arg_count(inst)).map_while(|i| crate::ir::operand(inst, i)).collect();
        let result = crate::ir::result_of(inst);
        let result_active = result.is_some_and(|r| act.is_active(r));
        CallSite { inst, clone, args, result, result_active }
    }

    /// Whether an argument is varied (by the mode's facts, `varied`).
    pub fn any_arg_varied(&self, varied: impl Fn(BasicValueEnum<'ctx>) -> bool) -> bool {
        self.args.iter().any(|a| varied(*a))
    }

    /// Whether a derivative passes through the call: a varied argument or an active result.
    pub fn carries_derivatives(&self, varied: impl Fn(BasicValueEnum<'ctx>) -> bool) -> bool {
        self.result_active || self.any_arg_varied(varied)
    }

    /// Whether the call's result is used: by anything but a `ret`, or by a `ret` too where the
    /// derivative being built `returns_primal`.
    pub fn result_used(&self, returns_primal: bool) -> bool {
        self.result.is_some() && crate::ir::users(self.inst).iter().any(|u| returns_primal || u.get_opcode() != inkwell::values::InstructionOpcode::Return)
    }

    fn clone_inst(&self) -> InstructionValue<'ctx> {
        self.clone.expect("forward mode and the augmented primal work on the call's copy")
    }

    /// The function the call is in.
    pub fn caller(&self) -> FunctionValue<'ctx> {
        self.inst.get_parent().and_then(|b| b.get_parent()).expect("call in a function")
    }

    /// An error at this call: llad cannot differentiate `what`; `hint` says what to do instead.
    pub fn unsupported(&self, what: impl Into<String>, hint: impl Into<String>) -> crate::diag::Error {
        crate::diag::Error::Unsupported { location: crate::model::location_of(self.caller(), self.inst), what: what.into(), hint: hint.into() }
    }
}

/// What the reverse sweep reads for a call, kept by the plan (pushed on the tape or recomputed).
pub enum Need<'ctx> {
    Primal(BasicValueEnum<'ctx>, &'static str),
    Shadow(BasicValueEnum<'ctx>, &'static str),
    /// The tape a custom augmented rule returned at this call.
    RuleTape(&'static str),
    /// A pointer the augmented primal made at this call for its reverse (slot `i`): the scratch
    /// shadow of constant pointer argument `i` of an Enzyme-form rule, the descriptor of a
    /// non-blocking MPI call's adjoint.
    RuleScratch(u32, &'static str),
}

/// Forward mode, in the current lane.
pub trait Tangents<'s, 'ctx: 's> {
    /// A builder positioned right after the call's copy (handlers that do not run per lane
    /// position it themselves).
    fn ops(&self) -> Ops<'s, 'ctx>;
    fn varied(&self, v: BasicValueEnum<'ctx>) -> bool;
    fn tangent(&self, v: BasicValueEnum<'ctx>, at: InstructionValue<'ctx>) -> Result<BasicValueEnum<'ctx>>;
    fn set_tangent(&mut self, v: BasicValueEnum<'ctx>, t: BasicValueEnum<'ctx>);
    fn checks(&self) -> Checks<'_, 'ctx>;
    fn types(&self) -> &TypeFacts;
    fn table(&self) -> &'s MathTable;
    /// Batched mode: tangents per value (`enzyme_width`); handlers that are not run per lane
    /// ([`CallHandler::per_lane`]) address lanes themselves.
    fn width(&self) -> usize;
    /// Shadows are floating-point error estimates (`__enzyme_error_estimate`), not tangents.
    fn error_mode(&self) -> bool;
    fn lane_tangent(&self, v: BasicValueEnum<'ctx>, lane: usize, at: InstructionValue<'ctx>) -> Result<BasicValueEnum<'ctx>>;
    fn set_lane_tangent(&mut self, v: BasicValueEnum<'ctx>, lane: usize, t: BasicValueEnum<'ctx>);
    /// The forward derivative for `key` (synthesized on first use).
    fn derivative(&mut self, key: ForwardKey<'ctx>) -> Result<FunctionValue<'ctx>>;
    /// Replaces the call's copy by `primal` (its result as computed by a derivative).
    fn replace_call(&mut self, call: &CallSite<'ctx>, primal: Option<BasicValueEnum<'ctx>>);
}

/// The augmented primal: shadows of pointers, built while the primal runs.
pub trait Shadows<'s, 'ctx: 's> {
    /// A builder positioned right after the call's copy.
    fn ops(&self) -> Ops<'s, 'ctx>;
    fn varied(&self, v: BasicValueEnum<'ctx>) -> bool;
    fn shadow(&self, v: BasicValueEnum<'ctx>, at: InstructionValue<'ctx>) -> Result<BasicValueEnum<'ctx>>;
    fn set_shadow(&mut self, v: BasicValueEnum<'ctx>, s: BasicValueEnum<'ctx>);
    fn checks(&self) -> Checks<'_, 'ctx>;
    fn types(&self) -> &TypeFacts;
    /// The activities this call gives its callee.
    fn callee_key(&self, call: &CallSite<'ctx>, callee: FunctionValue<'ctx>) -> ReverseKey<'ctx>;
    /// The augmented primal and reverse for `key` (synthesized on first use).
    fn derivatives(&mut self, key: ReverseKey<'ctx>) -> Result<ReversePair<'ctx>>;
    /// The tape the augmented primal pushes on.
    fn tape(&self) -> BasicValueEnum<'ctx>;
    /// Replaces the call's copy by `primal` (its result as computed by the augmented primal).
    fn replace_call(&mut self, call: &CallSite<'ctx>, primal: Option<BasicValueEnum<'ctx>>);
    /// Per pointer argument: the caller may overwrite its memory before the reverse runs.
    fn call_overwritten(&self, inst: InstructionValue<'ctx>) -> Vec<bool>;
    /// See [`Adjoints::outlives_derivative`].
    fn outlives_derivative(&self, v: BasicValueEnum<'ctx>) -> bool;
    /// Whether the memory `ptr` points to is surely allocated here and never handed on (its shadow
    /// dies with the reverse of its allocation).
    fn surely_local(&self, ptr: BasicValueEnum<'ctx>) -> bool;
    /// Keeps what a custom augmented rule returned for the reverse rule (on the tape).
    fn record_rule_tape(&mut self, inst: InstructionValue<'ctx>, tape: BasicValueEnum<'ctx>);
    /// Keeps a pointer made at this call for its reverse ([`Need::RuleScratch`], slot `arg`).
    fn record_rule_scratch(&mut self, inst: InstructionValue<'ctx>, arg: u32, scratch: BasicValueEnum<'ctx>);
    /// The derivative runs on the threads of an OpenMP team at once.
    fn parallel(&self) -> bool;
}

/// The reverse sweep, in the reverse of the call's block.
pub trait Adjoints<'s, 'ctx: 's> {
    /// A builder at the current point of the reverse block.
    fn ops(&self) -> Ops<'s, 'ctx>;
    fn varied(&self, v: BasicValueEnum<'ctx>) -> bool;
    /// Whether `v` takes an adjoint (active, float-carrying).
    fn wants_adjoint(&self, v: BasicValueEnum<'ctx>) -> bool;
    /// A value the plan kept for this call ([`CallHandler::needs`]).
    fn primal(&mut self, v: BasicValueEnum<'ctx>, at: InstructionValue<'ctx>) -> Result<BasicValueEnum<'ctx>>;
    fn shadow(&mut self, v: BasicValueEnum<'ctx>, at: InstructionValue<'ctx>) -> Result<BasicValueEnum<'ctx>>;
    /// Reads the adjoint of `v` and resets it.
    fn take(&mut self, v: BasicValueEnum<'ctx>) -> Result<BasicValueEnum<'ctx>>;
    /// adj(v) += g
    fn add(&mut self, v: BasicValueEnum<'ctx>, g: BasicValueEnum<'ctx>) -> Result<()>;
    fn types(&self) -> &'s TypeFacts;
    fn table(&self) -> &'s MathTable;
    /// The activities this call gives its callee (as the augmented primal gave them).
    fn callee_key(&self, call: &CallSite<'ctx>, callee: FunctionValue<'ctx>) -> ReverseKey<'ctx>;
    fn derivatives(&mut self, key: ReverseKey<'ctx>) -> Result<ReversePair<'ctx>>;
    /// The tape the reverse pops from.
    fn tape(&self) -> BasicValueEnum<'ctx>;
    fn call_overwritten(&self, inst: InstructionValue<'ctx>) -> Vec<bool>;
    /// Whether memory allocated here (`v`) may outlive the whole derivative: this function hands
    /// it to a caller that may hand it to the user, whose shadow then keeps its shadow.
    fn outlives_derivative(&self, v: BasicValueEnum<'ctx>) -> bool;
    /// What [`Shadows::record_rule_tape`] kept at this call.
    fn rule_tape(&self, inst: InstructionValue<'ctx>) -> Result<BasicValueEnum<'ctx>>;
    /// What [`Shadows::record_rule_scratch`] kept at this call.
    fn rule_scratch(&self, inst: InstructionValue<'ctx>, arg: u32) -> Result<BasicValueEnum<'ctx>>;
    /// Whether other threads may add adjoints into the memory behind `ptr` at the same time (an
    /// OpenMP team's shared memory): adjoints go in atomically.
    fn shared_memory(&self, ptr: BasicValueEnum<'ctx>) -> bool;
    /// The derivative runs on the threads of an OpenMP team at once.
    fn parallel(&self) -> bool;
}

/// Everything llad knows about differentiating one kind of call. A mode a call kind has nothing
/// to do in keeps the default (the augmented primal of a math call, the adjoint of a free).
pub trait CallHandler<'ctx> {
    /// Forward mode: set the tangent of the result and/or mirror the call's effect on shadows.
    fn tangent<'s>(&self, cx: &mut dyn Tangents<'s, 'ctx>, call: &CallSite<'ctx>) -> Result<()>
    where
        'ctx: 's;
    /// Batched forward mode runs [`CallHandler::tangent`] once per lane (the default), or once
    /// for all lanes (a call of a batched derivative).
    fn per_lane(&self) -> bool {
        true
    }
    /// The augmented primal: shadows the reverse will need (allocations, copied pointers).
    fn augmented<'s>(&self, _cx: &mut dyn Shadows<'s, 'ctx>, _call: &CallSite<'ctx>) -> Result<()>
    where
        'ctx: 's,
    {
        Ok(())
    }
    /// What [`CallHandler::adjoint`] reads, for the plan.
    fn needs(&self, _call: &CallSite<'ctx>, _act: &ActivityFacts, _table: &MathTable) -> Vec<Need<'ctx>> {
        Vec::new()
    }
    /// The reverse sweep: adjoints flow from the result (and from shadow memory) to the arguments.
    fn adjoint<'s>(&self, _cx: &mut dyn Adjoints<'s, 'ctx>, _call: &CallSite<'ctx>) -> Result<()>
    where
        'ctx: 's,
    {
        Ok(())
    }
}

/// A call whose reverse would add adjoints into memory other threads of an OpenMP team may add
/// into at the same time, without atomics (a library routine's reverse): an error naming it.
pub fn check_no_shared_adjoints<'s, 'ctx: 's>(cx: &dyn Adjoints<'s, 'ctx>, call: &CallSite<'ctx>, what: &str) -> Result<()> {
    let shared = call.args.iter().any(|a| a.get_type().is_pointer_type() && cx.varied(*a) && cx.shared_memory(*a));
    if !cx.parallel() || !shared {
        return Ok(());
    }
    Err(call.unsupported(
        format!("{what} ('{}') on shared active memory inside an OpenMP parallel region in reverse mode: its adjoints would race with other threads'", crate::ir::called_function(call.inst).map(crate::ir::function_name).unwrap_or_default()),
        "call it outside the parallel region, or on memory private to each thread",
    ))
}

/// The handler of a call in reverse mode: its custom rules when the plan chose some.
pub fn reverse_handler<'ctx>(kind: &CallKind<'ctx>, rules: Option<&ReverseRules<'ctx>>) -> Box<dyn CallHandler<'ctx> + 'ctx> {
    match (rules, kind) {
        (Some(rules), _) => Box::new(custom::CustomRuleCall::Reverse(rules.clone())),
        // A BLAS routine without reverse rule goes through its code where the module has it, and
        // is an error otherwise.
        (None, CallKind::Blas(blas, callee)) if !blas::has_reverse(blas.routine) && callee.get_first_basic_block().is_some() => Box::new(defined::Defined(*callee)),
        (None, CallKind::Blas(blas, callee)) if !blas::has_reverse(blas.routine) => Box::new(opaque::Opaque(CallKind::Unknown(crate::ir::function_name(*callee)))),
        (None, _) => handler(kind),
    }
}

/// The handler of a call kind.
pub fn handler<'ctx>(kind: &CallKind<'ctx>) -> Box<dyn CallHandler<'ctx> + 'ctx> {
    match kind {
        CallKind::Math(rule) => Box::new(math::MathCall(rule.clone())),
        CallKind::MemCopy => Box::new(memory::MemCopy),
        CallKind::MemSet => Box::new(memory::MemSet),
        CallKind::Alloc(kind) => Box::new(heap_calls::Allocation(kind)),
        CallKind::Free => Box::new(heap_calls::Free),
        CallKind::Inactive => Box::new(opaque::Inactive),
        CallKind::Unknown(_) | CallKind::Indirect => Box::new(opaque::Opaque(kind.clone())),
        CallKind::Defined(callee) => Box::new(defined::Defined(*callee)),
        CallKind::Blas(routine, _) => Box::new(blas::BlasCall(*routine)),
        CallKind::ParallelRegion(outlined) => Box::new(openmp::ParallelRegion(*outlined)),
        CallKind::OpenMp(which) => Box::new(openmp::RuntimeCall(*which)),
        CallKind::Mpi(routine) => Box::new(mpi::MpiCall(routine)),
    }
}
