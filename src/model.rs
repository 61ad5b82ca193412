//! The vocabulary every stage shares: what an argument's activity is, how a value is identified
//! in the facts and maps the analyses and the synthesis keep, and where in the user's program an
//! instruction is (for errors).
use crate::diag::Location;
use crate::ir;
use inkwell::values::{AsValueRef, FunctionValue, InstructionValue};

/// The activity of one argument (or of the return).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Activity {
    /// No derivative.
    Const,
    /// Primal plus shadow (memory for pointers, tangent for forward-mode scalars).
    Dup,
    /// Like `Dup`, but the caller does not need the primal result.
    DupNoNeed,
    /// Active scalar whose adjoint is returned (reverse modes).
    Out,
}

impl Activity {
    pub fn has_shadow(self) -> bool {
        matches!(self, Activity::Dup | Activity::DupNoNeed)
    }
    pub fn name(self) -> &'static str {
        match self {
            Activity::Const => "const",
            Activity::Dup => "dup",
            Activity::DupNoNeed => "dupnoneed",
            Activity::Out => "active",
        }
    }
}

/// A value (argument, instruction, constant) of the module being differentiated, as a map key.
/// LLVM values live as long as the module, so their addresses identify them for a whole run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ValueId(usize);

impl ValueId {
    pub fn of(v: impl AsValueRef) -> ValueId {
        ValueId(v.as_value_ref() as usize)
    }
}

/// Where instruction `inst` of `function` is: its text and, with debug info, its source line.
pub fn location_of(function: FunctionValue<'_>, inst: InstructionValue<'_>) -> Location {
    Location {
        function: ir::function_name(function),
        instruction: Some(ir::instruction_text(inst)),
        source: ir::source_location(inst),
        ..Default::default()
    }
}
