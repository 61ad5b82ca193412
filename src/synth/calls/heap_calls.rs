//! malloc/calloc/realloc-like allocations and free. An allocation of memory that carries
//! derivatives gets a zeroed shadow allocation (forward mode frees it at the primal's free; in
//! reverse mode it lives until the reverse of the allocation, which frees it, unless the request's
//! function hands the memory to the user); realloc moves the
//! shadow with the memory, and its adjoints back in reverse.
use super::{Adjoints, CallHandler, CallSite, Need, Shadows, Tangents};
use crate::analysis::activity::ActivityFacts;
use crate::diag::Result;
use crate::rules::MathTable;
use crate::synth::heap;

/// An allocation function, by the kind `classify` gave it (`malloc`, `calloc`, `realloc`, ...).
pub struct Allocation(pub &'static str);
pub struct Free;

impl<'ctx> CallHandler<'ctx> for Allocation {
    fn tangent<'s>(&self, cx: &mut dyn Tangents<'s, 'ctx>, call: &CallSite<'ctx>) -> Result<()>
    where
        'ctx: 's,
    {
        let Some(r) = call.result.filter(|r| cx.varied(*r)) else { return Ok(()) };
        let old = if self.0 == "realloc" && cx.varied(call.args[0]) {
            heap::check_realloc(&cx.checks(), call.inst, call.args[0])?;
            Some(cx.tangent(call.args[0], call.inst)?)
        } else {
            None
        };
        let shadow = heap::shadow_allocation(&cx.ops(), self.0, call.clone_inst(), old, true)?;
        cx.set_tangent(r, shadow);
        Ok(())
    }

    fn augmented<'s>(&self, cx: &mut dyn Shadows<'s, 'ctx>, call: &CallSite<'ctx>) -> Result<()>
    where
        'ctx: 's,
    {
        let Some(r) = call.result.filter(|r| cx.varied(*r)) else { return Ok(()) };
        let old = if self.0 == "realloc" && cx.varied(call.args[0]) {
            heap::check_realloc(&cx.checks(), call.inst, call.args[0])?;
            let old = cx.shadow(call.args[0], call.inst)?;
            // realloc frees the old memory: a kept old shadow goes with the tape.
            if !cx.surely_local(call.args[0]) {
                let freed = heap::runtime_function(cx.ops().module, "llad.tape.freed")?;
                cx.ops().call(freed, &[cx.tape(), old]);
            }
            Some(old)
        } else {
            None
        };
        // Shadows of heap memory live until the reverse of their allocation, or, for memory that
        // may outlive the gradient, as long as the memory (the tape keeps a list of them).
        let shadow = heap::shadow_allocation(&cx.ops(), self.0, call.clone_inst(), old, false)?;
        if cx.outlives_derivative(r) {
            let keep = heap::runtime_function(cx.ops().module, "llad.tape.keep")?;
            cx.ops().call(keep, &[cx.tape(), shadow]);
        }
        cx.set_shadow(r, shadow);
        Ok(())
    }

    fn needs(&self, call: &CallSite<'ctx>, act: &ActivityFacts, _: &MathTable) -> Vec<Need<'ctx>> {
        let Some(r) = call.result.filter(|r| act.is_varied(*r)) else { return Vec::new() };
        let mut out = Vec::new();
        if self.0 == "realloc" && act.is_varied(call.args[0]) {
            out.push(Need::Shadow(call.args[0], "shadow the moved adjoints return to"));
            out.push(Need::Primal(call.args[1], "size realloc moved"));
        }
        out.push(Need::Shadow(r, "shadow allocation to free"));
        out
    }

    fn adjoint<'s>(&self, cx: &mut dyn Adjoints<'s, 'ctx>, call: &CallSite<'ctx>) -> Result<()>
    where
        'ctx: 's,
    {
        let Some(r) = call.result.filter(|r| cx.varied(*r)) else { return Ok(()) };
        let shadow = cx.shadow(r, call.inst)?;
        let module = cx.ops().module;
        let runtime = |name: &str| heap::runtime_function(module, name);
        if self.0 == "realloc" && cx.varied(call.args[0]) {
            // The bytes realloc moved carry their adjoints back to the old shadow.
            let old = cx.shadow(call.args[0], call.inst)?;
            let size = cx.ops().as_i64(cx.primal(call.args[1], call.inst)?);
            let helper = runtime("llad.shadow.realloc.adjoint")?;
            cx.ops().call(helper, &[old, shadow, size]);
        }
        // Memory that may outlive the gradient keeps its shadow (the tape frees it if the program
        // freed the memory; otherwise the user holds both, as with Enzyme).
        if !cx.outlives_derivative(r) {
            cx.ops().call(runtime("llad.shadow.free")?, &[shadow]);
        }
        Ok(())
    }
}

impl<'ctx> CallHandler<'ctx> for Free {
    fn tangent<'s>(&self, cx: &mut dyn Tangents<'s, 'ctx>, call: &CallSite<'ctx>) -> Result<()>
    where
        'ctx: 's,
    {
        if cx.varied(call.args[0]) {
            let shadow = cx.tangent(call.args[0], call.inst)?;
            heap::free_shadow(&cx.ops(), &cx.checks(), call.inst, call.args[0], shadow)?;
        }
        Ok(())
    }

    /// The shadow is freed by the reverse of its allocation, after its last use; memory that may
    /// outlive the gradient tells the tape its shadow can go with it.
    fn augmented<'s>(&self, cx: &mut dyn Shadows<'s, 'ctx>, call: &CallSite<'ctx>) -> Result<()>
    where
        'ctx: 's,
    {
        if !cx.varied(call.args[0]) || cx.surely_local(call.args[0]) {
            return Ok(());
        }
        let shadow = cx.shadow(call.args[0], call.inst)?;
        let freed = heap::runtime_function(cx.ops().module, "llad.tape.freed")?;
        // Before the primal's free (the builder sits after it; the shadow is still valid either way).
        cx.ops().call(freed, &[cx.tape(), shadow]);
        Ok(())
    }
}
