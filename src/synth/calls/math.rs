//! Calls of math functions with rules in `rules/math.rules` (libm and LLVM intrinsics): the
//! tangent is the sum of partial · tangent over the varied arguments, the adjoint adds
//! partial · adjoint to each; a partial that can blow up is multiplied "strongly" (a zero factor
//! gives zero). Linear functions (`vector.reduce.fadd`) apply themselves to the tangents.
use super::{Adjoints, CallHandler, CallSite, Need, Tangents};
use crate::analysis::activity::ActivityFacts;
use crate::diag::Result;
use crate::ir::{self, Ops};
use crate::rules::{MathRule, MathTable};
use crate::synth::error_estimate;
use crate::synth::expr::ExprContext;
use inkwell::types::BasicTypeEnum;
use inkwell::values::BasicValueEnum;

pub struct MathCall(pub MathRule);

/// `partial · factor`, but exactly zero when the factor is zero even if the partial is not finite
/// (pow's ∂/∂y = result·log(x) is NaN for x < 0, yet a constant exponent contributes nothing).
pub fn strong_zero_product<'ctx>(ops: &Ops<'_, 'ctx>, partial: BasicValueEnum<'ctx>, factor: BasicValueEnum<'ctx>) -> BasicValueEnum<'ctx> {
    let product = ops.fmul(partial, factor);
    let zero = factor.get_type().const_zero();
    let is_zero = ops.fcmp(llvm_sys::LLVMRealPredicate::LLVMRealOEQ, factor, zero);
    ops.select(is_zero, zero, product)
}

/// The sum of tangent terms (reassociable: see `Ops::fadd_reassoc`).
fn sum<'ctx>(ops: &Ops<'_, 'ctx>, terms: Vec<BasicValueEnum<'ctx>>, ty: BasicTypeEnum<'ctx>) -> BasicValueEnum<'ctx> {
    terms.into_iter().reduce(|a, b| ops.fadd_reassoc(a, b)).unwrap_or_else(|| ty.const_zero())
}

impl MathCall {
    /// `__enzyme_error_estimate`: the result's error from its arguments' (`synth::error_estimate`).
    fn error_estimate<'s, 'ctx: 's>(&self, cx: &mut dyn Tangents<'s, 'ctx>, call: &CallSite<'ctx>, r: BasicValueEnum<'ctx>) -> Result<()> {
        let (rule, clone, ops) = (&self.0, call.clone_inst(), cx.ops());
        if rule.linear || !error_estimate::estimable(ops.module, r.get_type()) {
            return Err(cx.checks().error(call.inst, format!("floating-point error estimation of '{}' on a value that is not a float or double scalar", rule.name), "estimate the error of scalar code"));
        }
        let primal_args: Vec<BasicValueEnum<'ctx>> = (0..call.args.len() as u32).filter_map(|i| ir::operand(clone, i)).collect();
        let result = ir::result_of(clone).expect("math result");
        let ctx = ExprContext { ops: &ops, table: cx.table(), float_ty: r.get_type(), args: &primal_args, result };
        let mut terms = Vec::new();
        for (i, partial) in rule.partials.iter().enumerate() {
            let Some(partial) = partial.as_ref().filter(|_| cx.varied(call.args[i])) else { continue };
            terms.push(error_estimate::Term { operand: primal_args[i], partial: ctx.emit(partial)?, error: cx.tangent(call.args[i], call.inst)? });
        }
        let err = error_estimate::estimate(&ops, result, &terms)?;
        let callee = ir::called_function(call.inst).map(ir::function_name).unwrap_or_default();
        error_estimate::report(&ops, call.inst, result, err, "call", &callee);
        cx.set_tangent(r, err);
        Ok(())
    }
}

impl<'ctx> CallHandler<'ctx> for MathCall {
    fn tangent<'s>(&self, cx: &mut dyn Tangents<'s, 'ctx>, call: &CallSite<'ctx>) -> Result<()>
    where
        'ctx: 's,
    {
        let Some(r) = call.result.filter(|_| call.result_active) else { return Ok(()) };
        let (rule, clone, ops) = (&self.0, call.clone_inst(), cx.ops());
        if cx.error_mode() {
            return self.error_estimate(cx, call, r);
        }
        if rule.linear {
            let mut replace = Vec::new();
            for (i, a) in call.args.iter().enumerate() {
                replace.push((i as u32, cx.tangent(*a, call.inst)?));
            }
            let t = ir::result_of(ops.clone_with(clone, &replace)).expect("linear call result");
            cx.set_tangent(r, t);
            return Ok(());
        }
        let primal_args: Vec<BasicValueEnum<'ctx>> = (0..call.args.len() as u32).filter_map(|i| ir::operand(clone, i)).collect();
        let ctx = ExprContext { ops: &ops, table: cx.table(), float_ty: r.get_type(), args: &primal_args, result: ir::result_of(clone).expect("math result") };
        let mut terms = Vec::new();
        for (i, partial) in rule.partials.iter().enumerate() {
            let Some(partial) = partial else { continue };
            if !cx.varied(call.args[i]) {
                continue;
            }
            let d = ctx.emit(partial)?;
            let t = cx.tangent(call.args[i], call.inst)?;
            terms.push(if partial.may_blow_up() { strong_zero_product(&ops, d, t) } else { ops.fmul(d, t) });
        }
        let t = sum(&ops, terms, r.get_type());
        cx.set_tangent(r, t);
        Ok(())
    }


    fn needs(&self, call: &CallSite<'ctx>, act: &ActivityFacts, _: &MathTable) -> Vec<Need<'ctx>> {
        let mut out = Vec::new();
        if !call.result_active || self.0.linear {
            return out;
        }
        // Only what the partials of the varied arguments refer to.
        let varied: Vec<bool> = call.args.iter().map(|a| act.is_varied(*a)).collect();
        let (args, result) = self.0.references(&varied);
        for a in args {
            out.push(Need::Primal(call.args[a], "argument of a math function"));
        }
        if result {
            out.push(Need::Primal(call.result.expect("math result"), "result of a math function"));
        }
        out
    }

    fn adjoint<'s>(&self, cx: &mut dyn Adjoints<'s, 'ctx>, call: &CallSite<'ctx>) -> Result<()>
    where
        'ctx: 's,
    {
        let Some(r) = call.result.filter(|r| cx.wants_adjoint(*r)) else { return Ok(()) };
        let (rule, args) = (&self.0, &call.args);
        let g = cx.take(r)?;
        let ops = cx.ops();
        if rule.linear {
            for a in args {
                if cx.varied(*a) {
                    cx.add(*a, ops.splat(g, a.get_type()))?;
                }
            }
            return Ok(());
        }
        // Only what the partials refer to is on hand (`needs` asked the rule the same way).
        let varied: Vec<bool> = args.iter().map(|a| cx.varied(*a)).collect();
        let (referenced, uses_result) = rule.references(&varied);
        let mut primal_args = Vec::new();
        for (i, a) in args.iter().enumerate() {
            primal_args.push(if referenced.contains(&i) { cx.primal(*a, call.inst)? } else { ir::undef(a.get_type()) });
        }
        let primal_result = if uses_result { cx.primal(r, call.inst)? } else { ir::undef(r.get_type()) };
        let ctx = ExprContext { ops: &ops, table: cx.table(), float_ty: r.get_type(), args: &primal_args, result: primal_result };
        for (i, partial) in rule.partials.iter().enumerate() {
            let Some(partial) = partial else { continue };
            if !varied[i] {
                continue;
            }
            let d = ctx.emit(partial)?;
            let contribution = if partial.may_blow_up() { strong_zero_product(&ops, d, g) } else { ops.fmul(d, g) };
            cx.add(args[i], contribution)?;
        }
        Ok(())
    }
}
