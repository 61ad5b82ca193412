//! What identifies a derivative: the memo keys of forward and reverse derivatives, and what a key
//! says about the derivative's signature (which adjoints it takes and returns).
use crate::ir;
use crate::model::Activity;
use inkwell::types::BasicTypeEnum;
use inkwell::values::FunctionValue;

/// Everything that makes two forward derivatives of one function different.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ForwardKey<'ctx> {
    pub function: FunctionValue<'ctx>,
    pub args: Vec<Activity>,
    /// The caller wants the tangent of the return value.
    pub ret_tangent: bool,
    /// The caller wants the primal return value.
    pub ret_primal: bool,
    /// Called from a request (not from differentiated code): its constant pointer arguments are
    /// the user's memory, which nothing differentiated reads after the call.
    pub top_level: bool,
    /// Batch width: tangents per shadowed argument (`enzyme_width`).
    pub width: u32,
    /// Shadows carry floating-point error estimates, not tangents (`__enzyme_error_estimate`).
    pub error: bool,
}

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
    /// Memory this function hands to its caller (returns, or stores where the caller's pointers
    /// lead) may outlive the whole gradient: the user keeps it, and its shadow with it.
    pub hands_out: bool,
    /// Runs on the threads of an OpenMP team at once (the body of a parallel region, or called
    /// from one): adjoints added into memory the thread does not own are added atomically.
    pub parallel: bool,
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
    key.ret_active && key.function.get_type().get_return_type().is_some_and(ir::carries_float)
}

/// Whether the reverse returns the adjoint of argument `i`: `Out` scalars, and (between llad's own
/// derivatives) the float fields of a by-value aggregate that also holds pointers, whose shadow
/// carries the pointers but has no memory for the floats' adjoints.
pub fn returns_arg_adjoint(key: &ReverseKey<'_>, i: usize) -> bool {
    match key.args[i] {
        Activity::Out => true,
        Activity::Dup | Activity::DupNoNeed => !key.top_level && key.function.get_nth_param(i as u32).is_some_and(|p| is_mixed(p.get_type())),
        Activity::Const => false,
    }
}

/// An aggregate with pointer and float leaves.
pub fn is_mixed(ty: BasicTypeEnum<'_>) -> bool {
    ir::contains_pointer(ty) && ir::carries_float(ty)
}

/// The adjoint types of the arguments whose adjoints the reverse returns, in order (its return struct).
pub fn out_types<'ctx>(key: &ReverseKey<'ctx>) -> Vec<BasicTypeEnum<'ctx>> {
    let params = key.function.get_param_iter().enumerate();
    params
        .filter(|(i, _)| returns_arg_adjoint(key, *i))
        .map(|(_, p)| if is_mixed(p.get_type()) || p.get_type().is_int_type() { ir::integers_as_floats(p.get_type()) } else { p.get_type() })
        .collect()
}

