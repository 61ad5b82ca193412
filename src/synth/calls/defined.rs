//! Calls to functions with a body in the module: the callee is differentiated recursively (one
//! derivative per activity key, memoized) and the call becomes a call of its derivative — the
//! forward derivative in forward mode, the augmented primal and, in the reverse sweep, the reverse
//! (which takes the result's adjoint and returns the adjoints of active scalar arguments).
use super::{Adjoints, CallHandler, CallSite, Need, Shadows, Tangents};
use crate::analysis::activity::ActivityFacts;
use crate::analysis::calls::synchronizes;
use crate::diag::Result;
use crate::ir;
use crate::model::Activity;
use crate::rules::MathTable;
use crate::synth::keys::{returns_arg_adjoint, returns_shadow, takes_return_adjoint, ForwardKey};
use inkwell::values::{BasicValueEnum, FunctionValue};

pub struct Defined<'ctx>(pub FunctionValue<'ctx>);

impl<'ctx> CallHandler<'ctx> for Defined<'ctx> {
    /// One call of the batched derivative serves every lane.
    fn per_lane(&self) -> bool {
        false
    }

    fn tangent<'s>(&self, cx: &mut dyn Tangents<'s, 'ctx>, call: &CallSite<'ctx>) -> Result<()>
    where
        'ctx: 's,
    {
        // (A callee returning fresh memory that gets a shadow carries a derivative out too.)
        if !call.carries_derivatives(|a| cx.varied(a)) {
            return Ok(());
        }
        let clone = call.clone_inst();
        let activities = forward_activities(cx, &call.args);
        let ret_primal = call.result.is_some() && clone.get_first_use().is_some();
        let width = cx.width();
        let key = ForwardKey { function: self.0, args: activities.clone(), ret_tangent: call.result_active, ret_primal, top_level: false, width: width as u32, error: cx.error_mode() };
        let derivative = cx.derivative(key)?;
        let ops = cx.ops();
        ops.position_before(clone);
        let call_args = with_tangents(cx, call, 0, &activities)?;
        let (_, value) = ops.call(derivative, &call_args);
        let (primal, tangent) = match (ret_primal, call.result_active) {
            (true, true) => {
                let v = value.expect("pair return");
                (Some(ops.extract_value(v, 0)), Some(ops.extract_value(v, 1)))
            }
            (true, false) => (value, None),
            (false, true) => (None, value),
            (false, false) => (None, None),
        };
        if let (Some(r), Some(t)) = (call.result, tangent) {
            if width > 1 {
                for lane in 0..width {
                    cx.set_lane_tangent(r, lane, ops.extract_value(t, lane as u32));
                }
            } else {
                cx.set_lane_tangent(r, 0, t);
            }
        }
        // Last: the builder was placed before the copy.
        cx.replace_call(call, primal.or_else(|| call.result.map(|r| ir::undef(r.get_type()))));
        Ok(())
    }

    fn augmented<'s>(&self, cx: &mut dyn Shadows<'s, 'ctx>, call: &CallSite<'ctx>) -> Result<()>
    where
        'ctx: 's,
    {
        if !call.carries_derivatives(|a| cx.varied(a)) && !synchronizes(self.0, cx.checks().table) {
            return Ok(());
        }
        // (An integer argument holding float bits is `Out` like a float: its adjoint comes back as
        // a float of its width.)
        let key = cx.callee_key(call, self.0);
        let pair = cx.derivatives(key.clone())?;
        let clone = call.clone_inst();
        let ops = cx.ops();
        ops.position_before(clone);
        let mut call_args = Vec::new();
        for (i, a) in key.args.iter().enumerate() {
            call_args.push(ir::operand(clone, i as u32).expect("argument"));
            if a.has_shadow() {
                call_args.push(cx.shadow(call.args[i], call.inst)?);
            }
        }
        call_args.push(cx.tape());
        let (_, value) = ops.call(pair.augmented, &call_args);
        let primal = match (value, returns_shadow(&key)) {
            (Some(v), true) => {
                cx.set_shadow(call.result.expect("pointer result"), ops.extract_value(v, 1));
                Some(ops.extract_value(v, 0))
            }
            (v, _) => v,
        };
        cx.replace_call(call, primal);
        Ok(())
    }

    fn needs(&self, call: &CallSite<'ctx>, act: &ActivityFacts, table: &MathTable) -> Vec<Need<'ctx>> {
        if !call.carries_derivatives(|a| act.is_varied(a)) && !synchronizes(self.0, table) {
            return Vec::new();
        }
        // The callee's reverse gets the call's arguments and shadows again.
        let mut out = Vec::new();
        for a in &call.args {
            out.push(Need::Primal(*a, "argument of a call"));
            if act.is_varied(*a) && ir::contains_pointer(a.get_type()) {
                out.push(Need::Shadow(*a, "shadow argument of a call"));
            }
        }
        out
    }

    fn adjoint<'s>(&self, cx: &mut dyn Adjoints<'s, 'ctx>, call: &CallSite<'ctx>) -> Result<()>
    where
        'ctx: 's,
    {
        // (A callee that synchronizes an OpenMP team runs its reverse for the synchronization.)
        if !call.carries_derivatives(|a| cx.varied(a)) && !synchronizes(self.0, cx.table()) {
            return Ok(());
        }
        let key = cx.callee_key(call, self.0);
        let pair = cx.derivatives(key.clone())?;
        let mut call_args: Vec<BasicValueEnum<'ctx>> = Vec::new();
        for (i, a) in key.args.iter().enumerate() {
            call_args.push(cx.primal(call.args[i], call.inst)?);
            if a.has_shadow() {
                call_args.push(cx.shadow(call.args[i], call.inst)?);
            }
        }
        if takes_return_adjoint(&key) {
            call_args.push(cx.take(call.result.expect("float result"))?);
        }
        call_args.push(cx.tape());
        let (_, adjoints) = cx.ops().call(pair.reverse, &call_args);
        let mut field = 0;
        for i in 0..key.args.len() {
            if returns_arg_adjoint(&key, i) {
                let adjoint = cx.ops().extract_value(adjoints.expect("adjoint struct"), field);
                cx.add(call.args[i], adjoint)?;
                field += 1;
            }
        }
        Ok(())
    }
}

/// The activities of arguments passed to a forward derivative: `Dup` where varied. A null
/// pointer is its own shadow: passed with it, the callee may store it beside shadowed pointers
/// (an Eigen evaluator constructed empty).
pub fn forward_activities<'s, 'ctx: 's>(cx: &dyn Tangents<'s, 'ctx>, args: &[BasicValueEnum<'ctx>]) -> Vec<Activity> {
    args.iter().map(|a| if cx.varied(*a) || ir::is_null_pointer(*a) { Activity::Dup } else { Activity::Const }).collect()
}

/// The call's copy's arguments from `first` on, each followed by its tangents (one per lane)
/// where `activities` (one per such argument) has a shadow.
pub fn with_tangents<'s, 'ctx: 's>(cx: &mut dyn Tangents<'s, 'ctx>, call: &CallSite<'ctx>, first: usize, activities: &[Activity]) -> Result<Vec<BasicValueEnum<'ctx>>> {
    let clone = call.clone_inst();
    let mut out = Vec::new();
    for (k, a) in call.args[first..].iter().enumerate() {
        out.push(ir::operand(clone, (first + k) as u32).expect("call argument"));
        if activities[k].has_shadow() {
            for lane in 0..cx.width() {
                out.push(cx.lane_tangent(*a, lane, call.inst)?);
            }
        }
    }
    Ok(out)
}
