//! Calls that carry no derivative: inactive functions (printing, timing, lifetime markers), and
//! calls llad cannot look into (external functions without body or rule, function pointers),
//! which are fine only when no derivative has to pass through them.
use super::{CallHandler, CallSite, Shadows, Tangents};
use crate::analysis::calls::CallKind;
use crate::diag::Result;

pub struct Inactive;

impl<'ctx> CallHandler<'ctx> for Inactive {
    fn tangent<'s>(&self, _: &mut dyn Tangents<'s, 'ctx>, _: &CallSite<'ctx>) -> Result<()>
    where
        'ctx: 's,
    {
        Ok(())
    }
}

/// An external function without body or rule, or a call through a function pointer.
pub struct Opaque<'ctx>(pub CallKind<'ctx>);

impl<'ctx> CallHandler<'ctx> for Opaque<'ctx> {
    fn tangent<'s>(&self, cx: &mut dyn Tangents<'s, 'ctx>, call: &CallSite<'ctx>) -> Result<()>
    where
        'ctx: 's,
    {
        let any_varied = call.any_arg_varied(|a| cx.varied(a));
        cx.checks().check_opaque_call(call.inst, &self.0, &call.args, any_varied, call.result_active)
    }
    fn augmented<'s>(&self, cx: &mut dyn Shadows<'s, 'ctx>, call: &CallSite<'ctx>) -> Result<()>
    where
        'ctx: 's,
    {
        let any_varied = call.any_arg_varied(|a| cx.varied(a));
        cx.checks().check_opaque_call(call.inst, &self.0, &call.args, any_varied, call.result_active)
    }
}
