//! Calls answered by the callee's custom rules (`__enzyme_register_*`, `llad.h`): in forward mode
//! the forward rule chosen by the call's activities replaces the call; in reverse mode the
//! augmented rule runs instead of the call (its tape goes on llad's tape) and the reverse rule
//! gives the adjoints. Which rule applies is decided once per call: by [`select_forward`] in
//! forward mode, by the reverse plan (`Plan::rule_calls`) in reverse mode.
use super::{Adjoints, CallHandler, CallSite, Need, Shadows, Tangents};
use crate::analysis::activity::ActivityFacts;
use crate::diag::{Error, Result};
use crate::ir;
use crate::model::{location_of, Activity};
use crate::rules::{Convention, CustomRule, MathTable, RuleKind, RuleTable};
use crate::synth::custom_calls::{self, CallArgs, ReverseRules};
use crate::synth::keys::is_mixed;
use inkwell::values::FunctionValue;

pub enum CustomRuleCall<'ctx> {
    /// Forward mode: the forward rule and the activities it was chosen for.
    Forward { callee: FunctionValue<'ctx>, rule: CustomRule<'ctx>, activities: Vec<Activity>, needs_primal: bool, needs_shadow: bool },
    /// Nothing to differentiate (no varied argument, no tangent wanted): the call stays.
    Untouched,
    /// Reverse mode: the augmented and reverse rules the plan chose.
    Reverse(ReverseRules<'ctx>),
}

/// The forward rule answering `call`, if its callee has forward rules and one applies (an
/// Enzyme-form rule is not used where a pointer argument is constant: the body is differentiated
/// instead, as Enzyme does). `returns_primal`: the derivative being built returns the primal
/// result, so a call whose result is only returned needs it then only.
pub fn select_forward<'ctx>(custom: &RuleTable<'ctx>, call: &CallSite<'ctx>, act: &ActivityFacts, returns_primal: bool) -> Result<Option<CustomRuleCall<'ctx>>> {
    let Some(callee) = ir::called_function(call.inst).filter(|f| !custom.of_kind(*f, RuleKind::Forward).is_empty()) else { return Ok(None) };
    let needs_shadow = call.result_active;
    let needs_primal = call.result_used(returns_primal);
    let activities: Vec<Activity> = call.args.iter().map(|a| if act.is_varied(*a) { Activity::Dup } else { Activity::Const }).collect();
    if !needs_shadow && activities.iter().all(|a| *a == Activity::Const) {
        return Ok(Some(CustomRuleCall::Untouched));
    }
    let function = call.caller();
    let location = location_of(function, call.inst);
    let ret = custom_calls::return_activity(needs_primal, needs_shadow);
    let Some(rule) = custom.select(callee, RuleKind::Forward, ret, &activities, &location)?.cloned() else { return Ok(None) };
    if !custom_calls::forward_rule_usable(&rule, callee, &activities, &call.args, &location) {
        return Ok(None);
    }
    Ok(Some(CustomRuleCall::Forward { callee, rule, activities, needs_primal, needs_shadow }))
}

impl<'ctx> CallHandler<'ctx> for CustomRuleCall<'ctx> {
    /// A rule is called once, whatever the batch width (width > 1 is refused).
    fn per_lane(&self) -> bool {
        false
    }

    fn tangent<'s>(&self, cx: &mut dyn Tangents<'s, 'ctx>, call: &CallSite<'ctx>) -> Result<()>
    where
        'ctx: 's,
    {
        let CustomRuleCall::Forward { callee, rule, activities, needs_primal, needs_shadow } = self else { return Ok(()) };
        if cx.error_mode() {
            return Err(cx.checks().error(call.inst, "floating-point error estimation through a custom forward rule (the rule computes tangents, not errors)", "estimate the error of code without custom rules"));
        }
        if cx.width() > 1 {
            return Err(cx.checks().error(call.inst, "batched forward mode (enzyme_width) through a custom forward rule", "call the derivative once per direction"));
        }
        let clone = call.clone_inst();
        let mut shadows = Vec::new();
        for (a, activity) in call.args.iter().zip(activities) {
            shadows.push(if activity.has_shadow() { Some(cx.tangent(*a, call.inst)?) } else { None });
        }
        let primals = (0..call.args.len() as u32).filter_map(|i| ir::operand(clone, i)).collect();
        let ops = cx.ops();
        ops.position_before(clone);
        let args = CallArgs { primals, shadows, activities: activities.clone() };
        let location = location_of(cx.checks().function, call.inst);
        let out = custom_calls::call_forward(&ops, rule, *callee, &args, *needs_primal, *needs_shadow, &location)?
            .ok_or_else(|| Error::Internal("forward rule chosen but not usable".into()))?;
        match out.primal {
            // The rule computed the primal (and its side effects): the original call goes.
            Some(primal) => cx.replace_call(call, Some(primal)),
            // An llad-form rule does the primal's side effects whatever it returns (the config
            // tells it whether to return the primal); nothing needs the call's result.
            None if !*needs_primal && rule.convention == Convention::Llad => cx.replace_call(call, None),
            // An Enzyme-form rule computes derivatives only: the original call stays.
            None => {}
        }
        if let (Some(r), Some(t), true) = (call.result, out.shadow, *needs_shadow) {
            cx.set_tangent(r, t);
        }
        Ok(())
    }

    fn augmented<'s>(&self, cx: &mut dyn Shadows<'s, 'ctx>, call: &CallSite<'ctx>) -> Result<()>
    where
        'ctx: 's,
    {
        let CustomRuleCall::Reverse(rules) = self else { return Ok(()) };
        let (inst, clone) = (call.inst, call.clone_inst());
        let function = cx.checks().function;
        let location = location_of(function, inst);
        if let Some(i) = call.args.iter().position(|a| cx.varied(*a) && is_mixed(a.get_type())) {
            return Err(cx.checks().error(
                inst,
                format!("argument {} passes floating-point values by value beside pointers to a function with custom rules, whose reverse rule has no place for their adjoints", i + 1),
                "pass the struct by pointer, or split it into separate arguments",
            ));
        }
        let mut shadows = Vec::new();
        for (i, a) in rules.args.iter().enumerate() {
            shadows.push(if a.has_shadow() { Some(cx.shadow(call.args[i], inst)?) } else { None });
        }
        let ops = cx.ops();
        ops.position_before(clone);
        for i in rules.scratch_args() {
            let scratch = custom_calls::scratch_shadow(&ops, function, call.args[i], rules.augmented.rule, i, &location)?;
            shadows[i] = Some(scratch);
            cx.record_rule_scratch(inst, i as u32, scratch);
        }
        let args = CallArgs { primals: (0..call.args.len() as u32).filter_map(|i| ir::operand(clone, i)).collect(), shadows, activities: rules.args.clone() };
        let needs_primal = call.result.is_some() && clone.get_first_use().is_some();
        // Enzyme's convention: an augmented rule returns the primal only for pointer returns; a
        // float the caller uses comes from the original call, which then stays beside the rule.
        let keep_original = needs_primal
            && !rules.returns_primal
            && rules.augmented.convention == Convention::Enzyme
            && call.result.is_some_and(|r| !ir::contains_pointer(r.get_type()));
        if needs_primal && !rules.returns_primal && !keep_original {
            return Err(cx.checks().error(
                inst,
                format!("the augmented rule '{}' does not return the primal result, which is used", ir::function_name(rules.augmented.rule)),
                "return {tape, primal} (or the primal) from the augmented rule",
            ));
        }
        let overwritten = cx.call_overwritten(inst);
        let out = custom_calls::call_augmented(&ops, rules, &args, needs_primal && !keep_original, &overwritten, &location)?;
        if !keep_original {
            // The rule ran the primal (side effects included): the original call goes.
            cx.replace_call(call, out.primal);
        }
        if let Some(t) = out.tape {
            cx.record_rule_tape(inst, t);
        }
        Ok(())
    }

    /// The reverse rule gets the call's arguments, their shadows and the augmented rule's tape.
    fn needs(&self, call: &CallSite<'ctx>, _: &ActivityFacts, _: &MathTable) -> Vec<Need<'ctx>> {
        let CustomRuleCall::Reverse(rules) = self else { return Vec::new() };
        let mut out = Vec::new();
        for (i, a) in rules.args.iter().enumerate() {
            out.push(Need::Primal(call.args[i], "argument of a call with a custom rule"));
            if a.has_shadow() {
                out.push(Need::Shadow(call.args[i], "shadow argument of a call with a custom rule"));
            }
        }
        if rules.tape.is_some() {
            out.push(Need::RuleTape("the tape of a custom augmented rule"));
        }
        for i in rules.scratch_args() {
            out.push(Need::RuleScratch(i as u32, "scratch shadow of a constant pointer given to an Enzyme-form rule"));
        }
        out
    }

    fn adjoint<'s>(&self, cx: &mut dyn Adjoints<'s, 'ctx>, call: &CallSite<'ctx>) -> Result<()>
    where
        'ctx: 's,
    {
        let CustomRuleCall::Reverse(rules) = self else { return Ok(()) };
        let inst = call.inst;
        let function = inst.get_parent().and_then(|b| b.get_parent()).expect("call in a function");
        let location = location_of(function, inst);
        let mut primals = Vec::new();
        let mut shadows = Vec::new();
        for (i, a) in rules.args.iter().enumerate() {
            primals.push(cx.primal(call.args[i], inst)?);
            shadows.push(if a.has_shadow() { Some(cx.shadow(call.args[i], inst)?) } else { None });
        }
        let tape = match rules.tape {
            Some(_) => Some(cx.rule_tape(inst)?),
            None => None,
        };
        let d_ret = match (rules.ret, call.result) {
            (Activity::Out, Some(r)) => Some(cx.take(r)?),
            _ => None,
        };
        let mut scratch = Vec::new();
        for i in rules.scratch_args() {
            let s = cx.rule_scratch(inst, i as u32)?;
            shadows[i] = Some(s);
            scratch.push(s);
        }
        let args = CallArgs { primals, shadows, activities: rules.args.clone() };
        let overwritten = cx.call_overwritten(inst);
        let adjoints = custom_calls::call_reverse(&cx.ops(), rules, &args, d_ret, tape, &overwritten, &location)?;
        for s in scratch {
            custom_calls::free_scratch(&cx.ops(), s);
        }
        for (i, adjoint) in adjoints.into_iter().enumerate() {
            if let Some(g) = adjoint {
                cx.add(call.args[i], g)?;
            }
        }
        Ok(())
    }
}
