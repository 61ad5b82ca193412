//! Calls to custom rules (design §3): the config struct, the argument lists of llad's and
//! Enzyme's conventions, and decoding what a rule returns.
use crate::diag::{Error, Location, Result};
use crate::ir::{self, Ops};
use crate::model::Activity;
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
fn bad_signature(rule: FunctionValue<'_>, location: &Location, what: String) -> Error {
    Error::BadRule {
        location: location.clone(),
        what: format!("rule '{}' does not fit its pattern: {what}", ir::function_name(rule)),
        hint: "see README 'Custom rules' for the signature each kind of rule must have".into(),
    }
}

/// Whether forward rule `rule` can answer a call of `primal` with these activities: an
/// Enzyme-form rule has a shadow slot for every pointer, and Enzyme does not use it where a
/// pointer argument is constant (the body is differentiated instead; a remark says so).
pub fn forward_rule_usable<'ctx>(rule: &CustomRule<'ctx>, primal: FunctionValue<'ctx>, activities: &[Activity], args: &[BasicValueEnum<'ctx>], location: &Location) -> bool {
    if rule.convention != Convention::Enzyme {
        return true;
    }
    let constant_pointer = args.iter().zip(activities).position(|(a, act)| !act.has_shadow() && matches!(a.get_type(), BasicTypeEnum::PointerType(_)));
    if let Some(i) = constant_pointer {
        eprintln!(
            "llad: remark: {location}: Enzyme-form forward rule '{}' not used (argument {} is constant); differentiating '{}' instead",
            ir::function_name(rule.rule),
            i + 1,
            ir::function_name(primal)
        );
        return false;
    }
    true
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
        return Ok(Some(RuleResult { primal: Some(ops.reinterpret(value, ret_ty).ok_or_else(|| bad_signature(rule.rule, location, "it must return the primal".into()))?), ..Default::default() }));
    }
    let pair = ops.module.get_context().struct_type(&[ret_ty, ret_ty], false);
    if let Some(pair_value) = ops.reinterpret(value, pair.into()).filter(|_| value.get_type() != ret_ty) {
        return Ok(Some(RuleResult { primal: Some(ops.extract_value(pair_value, 0)), shadow: Some(ops.extract_value(pair_value, 1)), tape: None }));
    }
    if value.get_type() == ret_ty {
        // The tangent alone: the primal (when needed) comes from the original call.
        return Ok(Some(RuleResult { primal: None, shadow: Some(value), tape: None }));
    }
    Err(bad_signature(rule.rule, location, format!("it returns {} instead of {{primal, shadow}}", value.get_type().print_to_string())))
}

/// The augmented and reverse rules chosen for a call, with the call's activities.
#[derive(Clone)]
pub struct ReverseRules<'ctx> {
    pub primal: FunctionValue<'ctx>,
    pub augmented: CustomRule<'ctx>,
    pub reverse: CustomRule<'ctx>,
    pub args: Vec<Activity>,
    pub ret: Activity,
    /// What the augmented rule returns: the tape's type (if any) and whether the primal is there.
    pub tape: Option<BasicTypeEnum<'ctx>>,
    pub returns_primal: bool,
}

impl<'ctx> ReverseRules<'ctx> {
    /// Arguments that need a scratch shadow: constant pointers given to Enzyme-form rules, which
    /// have a shadow slot for every pointer (Enzyme would pass the primal itself there).
    pub fn scratch_args(&self) -> Vec<usize> {
        if self.augmented.convention != Convention::Enzyme {
            return Vec::new();
        }
        self.primal
            .get_param_iter()
            .enumerate()
            .filter(|(i, p)| self.args[*i] == Activity::Const && ir::is_pointer_like(p.get_type()))
            .map(|(i, _)| i)
            .collect()
    }
}

/// A zeroed scratch shadow for a constant pointer given to an Enzyme-form rule: as large as the
/// object it points into, when that is known.
pub fn scratch_shadow<'ctx>(ops: &Ops<'_, 'ctx>, function: FunctionValue<'ctx>, ptr: BasicValueEnum<'ctx>, rule: FunctionValue<'ctx>, index: usize, location: &Location) -> Result<BasicValueEnum<'ctx>> {
    let size = crate::analysis::objects::object_size(ops.module, function, ptr).ok_or_else(|| Error::Unsupported {
        location: location.clone(),
        what: format!(
            "argument {} of Enzyme-form rule '{}' is a constant pointer to memory of unknown size; Enzyme would pass the primal as its shadow and corrupt it",
            index + 1,
            ir::function_name(rule)
        ),
        hint: "pass it with enzyme_dup, or write an llad rule with a const pattern for it".into(),
    })?;
    let ctx = ops.module.get_context();
    let ptr_ty = ctx.ptr_type(inkwell::AddressSpace::default());
    let calloc = ops.declare("calloc", Some(ptr_ty.into()), &[ctx.i64_type().into(), ctx.i64_type().into()]);
    let scratch = ops.call(calloc, &[ctx.i64_type().const_int(1, false).into(), ctx.i64_type().const_int(size, false).into()]).1;
    scratch.ok_or_else(|| Error::Internal("calloc returned nothing".into()))
}

/// Frees a scratch shadow after the reverse rule.
pub fn free_scratch<'ctx>(ops: &Ops<'_, 'ctx>, scratch: BasicValueEnum<'ctx>) {
    let ptr_ty = ops.module.get_context().ptr_type(inkwell::AddressSpace::default());
    let free = ops.declare("free", None, &[ptr_ty.into()]);
    ops.call(free, &[scratch]);
}

/// Reverse-mode activities of a call's arguments and result: active floats are `Out` (their
/// adjoints come back), shadowed pointers `Dup`, the rest `Const`.
pub fn reverse_activities<'ctx>(args: &[BasicValueEnum<'ctx>], varied: impl Fn(BasicValueEnum<'ctx>) -> bool, result_active: bool) -> (Vec<Activity>, Activity) {
    let acts = args
        .iter()
        .map(|a| match (varied(*a), ir::contains_pointer(a.get_type())) {
            (false, _) => Activity::Const,
            (true, true) => Activity::Dup,
            (true, false) => Activity::Out,
        })
        .collect();
    (acts, if result_active { Activity::Out } else { Activity::Const })
}

/// Chooses the rules for a reverse-mode call of `f` (`Ok(None)` when `f` has no reverse rules).
pub fn select_reverse<'ctx>(table: &crate::rules::RuleTable<'ctx>, f: FunctionValue<'ctx>, args: Vec<Activity>, ret: Activity, location: &Location) -> Result<Option<ReverseRules<'ctx>>> {
    use crate::rules::RuleKind;
    let augmented = table.select(f, RuleKind::Augmented, ret, &args, location)?.cloned();
    let reverse = table.select(f, RuleKind::Reverse, ret, &args, location)?.cloned();
    let (augmented, reverse) = match (augmented, reverse) {
        (None, None) => return Ok(None),
        (Some(a), Some(r)) => (a, r),
        _ => {
            return Err(Error::Unsupported {
                location: location.clone(),
                what: format!("'{}' has an augmented rule or a reverse rule but not both", ir::function_name(f)),
                hint: "reverse mode needs an augmented rule and a reverse rule with matching patterns".into(),
            })
        }
    };
    if f.get_type().get_return_type().is_some_and(ir::contains_pointer) {
        return Err(Error::Unsupported {
            location: location.clone(),
            what: format!("reverse rules of '{}', which returns a pointer, are not supported yet", ir::function_name(f)),
            hint: "return the result through an argument".into(),
        });
    }
    let (tape, returns_primal) = decode_augmented(&augmented, f).map_err(|what| bad_signature(augmented.rule, location, what))?;
    Ok(Some(ReverseRules { primal: f, augmented, reverse, args, ret, tape, returns_primal }))
}

/// What an augmented rule returns, from its return type (Enzyme's decoding, design §3).
fn decode_augmented<'ctx>(rule: &CustomRule<'ctx>, f: FunctionValue<'ctx>) -> std::result::Result<(Option<BasicTypeEnum<'ctx>>, bool), String> {
    let primal = f.get_type().get_return_type();
    let Some(ret) = rule.rule.get_type().get_return_type() else { return Ok((None, false)) };
    if Some(ret) == primal {
        return Ok((None, true));
    }
    let BasicTypeEnum::StructType(s) = ret else {
        return if primal.is_none() { Ok((Some(ret), false)) } else { Err(format!("it returns {} but must return {{tape, primal}} or the primal", ret.print_to_string())) };
    };
    let fields = s.get_field_types();
    match (fields.as_slice(), primal) {
        ([p], Some(r)) if *p == r => Ok((None, true)),
        // {R, R}: Enzyme reads {primal, shadow} (no tape); llad's rules never return a shadow here.
        ([a, b], Some(r)) if *a == r && *b == r && rule.convention == Convention::Enzyme => Ok((None, true)),
        ([t, p], Some(r)) if *p == r => Ok((Some(*t), true)),
        ([t], None) => Ok((Some(*t), false)),
        (_, None) if fields.len() == 1 => Ok((Some(fields[0]), false)),
        _ => Err(format!("it returns {} but must return {{tape, primal}}, {{primal}} or the primal", ret.print_to_string())),
    }
}

/// The argument list of an augmented or reverse rule: config (llad), then each argument with
/// its shadow slot. Enzyme's convention gives every non-float argument a slot.
pub fn rule_arguments<'ctx>(
    ops: &Ops<'_, 'ctx>,
    rule: &CustomRule<'ctx>,
    args: &CallArgs<'ctx>,
    needs_primal: bool,
    overwritten: &[bool],
    location: &Location,
) -> Result<Vec<BasicValueEnum<'ctx>>> {
    let mut out = Vec::new();
    if rule.convention == Convention::Llad {
        out.push(config(ops, needs_primal, false, overwritten, &args.activities));
    }
    for (i, p) in args.primals.iter().enumerate() {
        out.push(*p);
        let slot = match rule.convention {
            Convention::Llad => rule.pattern.has_shadow_slot(i),
            Convention::Enzyme => !ir::is_float_like(p.get_type()),
        };
        if !slot {
            continue;
        }
        out.push(match (args.shadows[i], p.get_type()) {
            (Some(s), _) => s,
            (None, BasicTypeEnum::IntType(_)) if rule.convention == Convention::Enzyme => *p,
            (None, BasicTypeEnum::PointerType(_)) if rule.convention == Convention::Enzyme => {
                return Err(Error::Unsupported {
                    location: location.clone(),
                    what: format!("argument {} of Enzyme-form rule '{}' is a constant pointer; Enzyme would pass the primal as its shadow and corrupt it", i + 1, ir::function_name(rule.rule)),
                    hint: "pass it with enzyme_dup, or write an llad rule with a const pattern for it".into(),
                })
            }
            (None, ty) => ty.const_zero(),
        });
    }
    Ok(out)
}

/// Calls an augmented rule; returns the primal (if the rule computes it) and the tape.
pub fn call_augmented<'ctx>(ops: &Ops<'_, 'ctx>, rules: &ReverseRules<'ctx>, args: &CallArgs<'ctx>, needs_primal: bool, overwritten: &[bool], location: &Location) -> Result<RuleResult<'ctx>> {
    let rule = &rules.augmented;
    let call_args = rule_arguments(ops, rule, args, needs_primal, overwritten, location)?;
    if rule.rule.count_params() as usize != call_args.len() {
        return Err(bad_signature(rule.rule, location, format!("it takes {} parameter(s), the call needs {}", rule.rule.count_params(), call_args.len())));
    }
    let (_, value) = ops.call(rule.rule, &call_args);
    let Some(value) = value else { return Ok(RuleResult::default()) };
    let is_struct = matches!(value.get_type(), BasicTypeEnum::StructType(_)) && rules.tape != Some(value.get_type());
    Ok(match (rules.tape, rules.returns_primal, is_struct) {
        (None, true, false) => RuleResult { primal: Some(value), ..Default::default() },
        (None, true, true) => RuleResult { primal: Some(ops.extract_value(value, 0)), ..Default::default() },
        (Some(_), true, _) => RuleResult { tape: Some(ops.extract_value(value, 0)), primal: Some(ops.extract_value(value, 1)), shadow: None },
        (Some(_), false, true) => RuleResult { tape: Some(ops.extract_value(value, 0)), ..Default::default() },
        (Some(_), false, false) => RuleResult { tape: Some(value), ..Default::default() },
        (None, false, _) => RuleResult::default(),
    })
}

/// Calls a reverse rule and returns, for each `Out` argument in order, its adjoint.
#[allow(clippy::too_many_arguments)]
pub fn call_reverse<'ctx>(
    ops: &Ops<'_, 'ctx>,
    rules: &ReverseRules<'ctx>,
    args: &CallArgs<'ctx>,
    d_ret: Option<BasicValueEnum<'ctx>>,
    tape: Option<BasicValueEnum<'ctx>>,
    overwritten: &[bool],
    location: &Location,
) -> Result<Vec<Option<BasicValueEnum<'ctx>>>> {
    let rule = &rules.reverse;
    let mut call_args = rule_arguments(ops, rule, args, false, overwritten, location)?;
    let float_return = rules.primal.get_type().get_return_type().filter(|t| ir::carries_float(*t));
    match (rule.convention, d_ret, float_return) {
        // A pattern that admits an active return always has the d_ret slot: 0 when the call's
        // return is const.
        (Convention::Llad, d, Some(ty)) if rule.pattern.ret.contains(&Activity::Out) => call_args.push(d.unwrap_or_else(|| ty.const_zero())),
        (Convention::Llad, _, _) => {}
        (Convention::Enzyme, Some(d), _) => call_args.push(d),
        // Enzyme passes 0 for an unused or constant float return.
        (Convention::Enzyme, None, Some(ty)) => call_args.push(ty.const_zero()),
        (Convention::Enzyme, None, None) => {}
    }
    call_args.extend(tape);
    if rule.rule.count_params() as usize != call_args.len() {
        return Err(bad_signature(rule.rule, location, format!("it takes {} parameter(s), the call needs {}", rule.rule.count_params(), call_args.len())));
    }
    let (_, value) = ops.call(rule.rule, &call_args);
    // Which arguments the rule reports adjoints for: llad's the active ones, Enzyme's every float.
    let reported: Vec<usize> = match rule.convention {
        Convention::Llad => (0..args.activities.len()).filter(|i| args.activities[*i] == Activity::Out).collect(),
        Convention::Enzyme => (0..args.primals.len()).filter(|i| ir::is_float_like(args.primals[*i].get_type())).collect(),
    };
    let mut adjoints = vec![None; args.primals.len()];
    match value {
        None if reported.is_empty() => {}
        Some(v) if reported.len() == 1 && !matches!(v.get_type(), BasicTypeEnum::StructType(_)) => adjoints[reported[0]] = Some(v),
        Some(v @ BasicValueEnum::StructValue(s)) if s.get_type().count_fields() as usize == reported.len() => {
            for (k, i) in reported.iter().enumerate() {
                adjoints[*i] = Some(ops.extract_value(v, k as u32));
            }
        }
        _ => return Err(bad_signature(rule.rule, location, format!("it must return the adjoints of {} argument(s)", reported.len()))),
    }
    for (i, a) in args.activities.iter().enumerate() {
        if *a != Activity::Out {
            adjoints[i] = None;
        }
    }
    Ok(adjoints)
}
