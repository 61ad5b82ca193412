//! Calls to custom rules (design §3): the config struct, the argument lists of llad's and
//! Enzyme's conventions, and decoding what a rule returns.
use crate::diag::{Error, Location, Result};
use crate::ir::{self, Ops};
use crate::requests::Activity;
use crate::rules::{Convention, CustomRule};
use inkwell::module::Linkage;
use inkwell::types::BasicTypeEnum;
use inkwell::values::{BasicValueEnum, FunctionValue};

/// The arguments of a call as a rule sees them.
pub struct CallArgs<'ctx> {
    pub primals: Vec<BasicValueEnum<'ctx>>,
    /// The shadow (tangent, or shadow memory) of each argument that has one at this call.
    pub shadows: Vec<Option<BasicValueEnum<'ctx>>>,
    pub activities: Vec<Activity>,
}

/// What the rule gave back.
#[derive(Default)]
pub struct RuleResult<'ctx> {
    pub primal: Option<BasicValueEnum<'ctx>>,
    pub shadow: Option<BasicValueEnum<'ctx>>,
    pub tape: Option<BasicValueEnum<'ctx>>,
}

/// The return's activity at a call: whether the caller needs its primal and its derivative.
pub fn return_activity(needs_primal: bool, needs_shadow: bool) -> Activity {
    match (needs_primal, needs_shadow) {
        (true, true) => Activity::Dup,
        (false, true) => Activity::DupNoNeed,
        _ => Activity::Const,
    }
}

/// `const llad_config *`: a private constant per call site (`include/llad.h`).
pub fn config<'ctx>(ops: &Ops<'_, 'ctx>, needs_primal: bool, needs_shadow: bool, overwritten: &[bool], activities: &[Activity]) -> BasicValueEnum<'ctx> {
    let ctx = ops.module.get_context();
    let (i32t, i64t) = (ctx.i32_type(), ctx.i64_type());
    let mask = |bits: &mut dyn Iterator<Item = bool>| bits.enumerate().filter(|(_, b)| *b).fold(0u64, |m, (i, _)| m | (1u64 << i.min(63)));
    let overwritten_mask = mask(&mut overwritten.iter().copied());
    let const_mask = mask(&mut activities.iter().map(|a| *a == Activity::Const));
    let value = ctx.const_struct(
        &[
            i32t.const_int(1, false).into(),
            i32t.const_int(u64::from(needs_primal), false).into(),
            i32t.const_int(u64::from(needs_shadow), false).into(),
            i64t.const_int(overwritten_mask, false).into(),
            i64t.const_int(const_mask, false).into(),
        ],
        false,
    );
    let global = ops.module.add_global(value.get_type(), None, "llad.config");
    global.set_initializer(&value);
    global.set_constant(true);
    global.set_linkage(Linkage::Private);
    global.as_pointer_value().into()
}

/// Adapts `value` to `ty` when a C ABI changed its shape (same size, e.g. a struct as a vector).
fn reinterpret<'ctx>(ops: &Ops<'_, 'ctx>, value: BasicValueEnum<'ctx>, ty: BasicTypeEnum<'ctx>) -> Option<BasicValueEnum<'ctx>> {
    if value.get_type() == ty {
        return Some(value);
    }
    if ir::store_size(ops.module, value.get_type()) != ir::store_size(ops.module, ty) {
        return None;
    }
    let slot = ops.alloca(value.get_type());
    ops.store(value, slot);
    Some(ops.load(ty, slot))
}

fn bad_signature(rule: FunctionValue<'_>, location: &Location, what: String) -> Error {
    Error::Unsupported {
        location: location.clone(),
        what: format!("rule '{}' does not fit its pattern: {what}", ir::function_name(rule)),
        hint: "see README 'Custom rules' for the signature each kind of rule must have".into(),
    }
}

/// Calls a forward rule. `Ok(None)`: an Enzyme-form rule that Enzyme would not use here (a
/// constant pointer argument), so the caller differentiates the body instead.
pub fn call_forward<'ctx>(
    ops: &Ops<'_, 'ctx>,
    rule: &CustomRule<'ctx>,
    primal: FunctionValue<'ctx>,
    args: &CallArgs<'ctx>,
    needs_primal: bool,
    needs_shadow: bool,
    location: &Location,
) -> Result<Option<RuleResult<'ctx>>> {
    let mut call_args = Vec::new();
    match rule.convention {
        Convention::Llad => {
            call_args.push(config(ops, needs_primal, needs_shadow, &vec![false; args.primals.len()], &args.activities));
            for (i, p) in args.primals.iter().enumerate() {
                call_args.push(*p);
                if rule.pattern.has_shadow_slot(i) {
                    call_args.push(args.shadows[i].unwrap_or_else(|| p.get_type().const_zero()));
                }
            }
        }
        Convention::Enzyme => {
            for (i, p) in args.primals.iter().enumerate() {
                call_args.push(*p);
                let shadow = match (args.shadows[i], p.get_type()) {
                    (Some(s), _) => s,
                    (None, BasicTypeEnum::IntType(_)) => *p,
                    (None, BasicTypeEnum::PointerType(_)) => {
                        eprintln!(
                            "llad: remark: {location}: Enzyme-form forward rule '{}' not used (argument {} is constant); differentiating '{}' instead",
                            ir::function_name(rule.rule),
                            i + 1,
                            ir::function_name(primal)
                        );
                        return Ok(None);
                    }
                    (None, ty) => ty.const_zero(),
                };
                call_args.push(shadow);
            }
        }
    }
    let expected = rule.rule.count_params() as usize;
    if expected != call_args.len() {
        return Err(bad_signature(rule.rule, location, format!("it takes {expected} parameter(s), the call needs {}", call_args.len())));
    }
    let (_, value) = ops.call(rule.rule, &call_args);
    let Some(ret_ty) = primal.get_type().get_return_type() else { return Ok(Some(RuleResult::default())) };
    let Some(value) = value else { return Err(bad_signature(rule.rule, location, "it returns nothing".into())) };
    let only_const = rule.convention == Convention::Llad && rule.pattern.ret.iter().all(|a| *a == Activity::Const);
    if only_const {
        return Ok(Some(RuleResult { primal: Some(reinterpret(ops, value, ret_ty).ok_or_else(|| bad_signature(rule.rule, location, "it must return the primal".into()))?), ..Default::default() }));
    }
    let pair = ops.module.get_context().struct_type(&[ret_ty, ret_ty], false);
    if let Some(pair_value) = reinterpret(ops, value, pair.into()).filter(|_| value.get_type() != ret_ty) {
        return Ok(Some(RuleResult { primal: Some(ops.extract_value(pair_value, 0)), shadow: Some(ops.extract_value(pair_value, 1)), tape: None }));
    }
    if value.get_type() == ret_ty {
        // The tangent alone: the primal (when needed) comes from the original call.
        return Ok(Some(RuleResult { primal: None, shadow: Some(value), tape: None }));
    }
    Err(bad_signature(rule.rule, location, format!("it returns {} instead of {{primal, shadow}}", value.get_type().print_to_string())))
}
