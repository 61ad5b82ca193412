//! One handler per call kind, with every mode together: the forward tangent, the augmented
//! primal's shadow work, what the reverse sweep needs from the forward pass, and the adjoint. The
//! modes (`forward.rs`, `reverse/augmented.rs`, `reverse/plan.rs`, `reverse/sweep.rs`) give the
//! handlers their state through the traits below; a new call kind is one file here and one line in
//! [`handler`].
//!
//! Calls to functions with a body (differentiated recursively) and calls answered by custom rules
//! are still handled by the modes themselves.
mod heap_calls;
mod math;
mod memory;
mod opaque;

use super::checks::Checks;
use crate::analysis::activity::ActivityFacts;
use crate::analysis::calls::CallKind;
use crate::analysis::types::TypeFacts;
use crate::diag::Result;
use crate::ir::Ops;
use crate::rules::MathTable;
use inkwell::values::{BasicValueEnum, InstructionValue};

/// One call of the original function, as a handler sees it.
pub struct CallSite<'ctx> {
    /// The original call.
    pub inst: InstructionValue<'ctx>,
    /// Its copy in the function being built (forward mode and the augmented primal).
    pub clone: Option<InstructionValue<'ctx>>,
    /// The original arguments.
    pub args: Vec<BasicValueEnum<'ctx>>,
    pub result: Option<BasicValueEnum<'ctx>>,
    /// The result carries a derivative someone needs.
    pub result_active: bool,
}

impl<'ctx> CallSite<'ctx> {
    fn clone_inst(&self) -> InstructionValue<'ctx> {
        self.clone.expect("forward mode and the augmented primal work on the call's copy")
    }
}

/// What the reverse sweep reads for a call, kept by the plan (pushed on the tape or recomputed).
pub enum Need<'ctx> {
    Primal(BasicValueEnum<'ctx>, &'static str),
    Shadow(BasicValueEnum<'ctx>, &'static str),
}

/// Forward mode, in the current lane.
pub trait Tangents<'s, 'ctx: 's> {
    /// A builder positioned right after the call's copy.
    fn ops(&self) -> Ops<'s, 'ctx>;
    fn varied(&self, v: BasicValueEnum<'ctx>) -> bool;
    fn tangent(&self, v: BasicValueEnum<'ctx>, at: InstructionValue<'ctx>) -> Result<BasicValueEnum<'ctx>>;
    fn set_tangent(&mut self, v: BasicValueEnum<'ctx>, t: BasicValueEnum<'ctx>);
    fn checks(&self) -> Checks<'_, 'ctx>;
    fn types(&self) -> &TypeFacts;
    fn table(&self) -> &'s MathTable;
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
}

/// Everything llad knows about differentiating one kind of call. A mode a call kind has nothing
/// to do in keeps the default (the augmented primal of a math call, the adjoint of a free).
pub trait CallHandler<'ctx> {
    /// Forward mode: set the tangent of the result and/or mirror the call's effect on shadows.
    fn tangent<'s>(&self, cx: &mut dyn Tangents<'s, 'ctx>, call: &CallSite<'ctx>) -> Result<()>
    where
        'ctx: 's;
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

/// The handler of a call kind; `None` for calls to functions with a body (the modes
/// differentiate those recursively).
pub fn handler<'ctx>(kind: &CallKind<'ctx>) -> Option<Box<dyn CallHandler<'ctx> + 'ctx>> {
    Some(match kind {
        CallKind::Math(rule) => Box::new(math::MathCall(rule.clone())),
        CallKind::MemCopy => Box::new(memory::MemCopy),
        CallKind::MemSet => Box::new(memory::MemSet),
        CallKind::Alloc(kind) => Box::new(heap_calls::Allocation(kind)),
        CallKind::Free => Box::new(heap_calls::Free),
        CallKind::Inactive => Box::new(opaque::Inactive),
        CallKind::Unknown(_) | CallKind::Indirect => Box::new(opaque::Opaque(kind.clone())),
        CallKind::Defined(_) => return None,
    })
}
