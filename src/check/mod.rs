//! Checking derivatives, and the custom rules they use, against finite differences
//! (`include/llad_check.h`, `llad check`). Each `__llad_check_forward`/`__llad_check_reverse`
//! call becomes one set of thunks per activity combination, whose bodies are ordinary derivative
//! requests (`thunks`), and a call of the check runtime (`runtime.c`, linked in as bitcode),
//! which runs them against finite differences of the primal and prints the report.
mod abi;
pub mod driver;
pub mod spec;
mod thunks;

use crate::diag::{Error, Result};
use crate::ir::{self, Ops};
use crate::model::location_of;
use crate::rules::custom::{Pattern, RuleKind, RuleTable};
use inkwell::attributes::AttributeLoc;
use inkwell::module::Module;
use inkwell::types::BasicTypeEnum;
use inkwell::values::{BasicValueEnum, InstructionValue};
use abi::*;
use spec::{CheckMode, Shape};
use thunks::Checked;

pub const FORWARD: &str = "__llad_check_forward";
pub const REVERSE: &str = "__llad_check_reverse";
const RUNTIME_ENTRY: &str = "llad_check_run";


/// Activity combinations one check may ask for (each is a derivative to build).
const MAX_SETS: usize = 64;

/// The attribute of a check's thunks that says which check they run (for errors).
const CONTEXT: &str = "llad-check";

/// An error in a derivative a check asked for says so (the request is in a thunk the user never
/// wrote: `caller`).
pub fn explain(caller: Option<inkwell::values::FunctionValue<'_>>, error: Error) -> Error {
    let context = caller.and_then(|f| f.get_string_attribute(AttributeLoc::Function, CONTEXT));
    match context {
        Some(attribute) => error.noted(&format!("the derivative is {}", attribute.get_string_value().to_string_lossy())),
        None => error,
    }
}

/// Lowers every check request of the module; links the runtime if there were any.
pub fn expand_requests(module: &Module<'_>) -> Result<()> {
    let find = || -> Vec<InstructionValue> { module.get_functions().flat_map(|f| f.get_basic_block_iter()).flat_map(|b| b.get_instructions()).filter(|i| check_mode(*i).is_some()).collect() };
    // (`invoke`s, from C++ with exceptions, become calls first: a check does not throw)
    for call in find() {
        ir::invoke_to_call(call);
    }
    let calls = find();
    if calls.is_empty() {
        return Ok(());
    }
    let rules = crate::rules::custom::collect(module)?;
    let mut declarations = Vec::new();
    for declaration in calls.iter().filter_map(|c| ir::called_function(*c)) {
        if !declarations.contains(&declaration) {
            declarations.push(declaration);
        }
    }
    for (index, call) in calls.into_iter().enumerate() {
        expand(module, &rules, call, index)?;
    }
    for declaration in declarations {
        ir::delete_function_if_unused(declaration);
    }
    ir::link_check_runtime(module, RUNTIME_ENTRY)
}

fn check_mode(inst: InstructionValue<'_>) -> Option<CheckMode> {
    let name = ir::function_name(ir::called_function(inst)?);
    // (`llad check`'s driver declares one `__llad_check_forward.<f>` per signature)
    let is = |request: &str| name == request || name.strip_prefix(request).is_some_and(|rest| rest.starts_with('.'));
    if is(FORWARD) {
        Some(CheckMode::Forward)
    } else if is(REVERSE) {
        Some(CheckMode::Reverse)
    } else {
        None
    }
}

/// One argument as the call site gives it.
pub(crate) struct Given<'ctx> {
    name: BasicValueEnum<'ctx>,
    kind: u64,
    value: BasicValueEnum<'ctx>,
    len: Option<BasicValueEnum<'ctx>>,
}

fn expand<'ctx>(module: &Module<'ctx>, rules: &RuleTable<'ctx>, call: InstructionValue<'ctx>, index: usize) -> Result<()> {
    let caller = call.get_parent().and_then(|b| b.get_parent()).expect("check call inside a function");
    let function = ir::operand(call, 0).map(ir::through_local_copies).map(ir::strip_casts).and_then(ir::as_function);
    // (`llad check`'s driver is llad's: its errors name the checked function)
    let location = match function {
        Some(f) if ir::function_name(caller) == driver::DRIVER => crate::diag::Location { function: ir::function_name(f), ..Default::default() },
        _ => location_of(caller, call),
    };
    let mode = check_mode(call).expect("a check call");
    let bad = |what: String, hint: &str| Error::BadCheck { location: location.clone(), what, hint: hint.into() };
    let function = function.ok_or_else(|| bad("the first argument is not a function".into(), "pass the function itself, e.g. llad_check_forward(g, ...)"))?;
    let fname = ir::function_name(function);
    if function.get_first_basic_block().is_none() {
        return Err(bad(format!("function '{fname}' has no body in this module"), "define the function in the file that checks it"));
    }
    let pattern = ir::operand(call, 1).and_then(crate::ir::meta::c_string);
    let pattern = pattern.ok_or_else(|| bad("the pattern is not a string literal".into(), "e.g. \"ret=dup args=dup,const\", or \"all\""))?;
    let params: Vec<BasicTypeEnum> = function.get_type().get_param_types().into_iter().filter_map(|t| t.try_into().ok()).collect();
    if params.len() != function.count_params() as usize || (0..params.len() as u32).any(|i| ["sret", "byval"].iter().any(|a| ir::param_has_attribute(function, i, a))) {
        return Err(bad(format!("'{fname}' takes an argument llad check cannot pass (a struct by value, or an sret result)"), "check a wrapper that takes scalars and arrays"));
    }
    let given = given_arguments(call).map_err(|m| bad(m, "wrap each argument: LLAD_ARRAY(p, n) or LLAD_VALUE(v)"))?;
    if given.len() != params.len() {
        return Err(bad(format!("'{fname}' takes {} argument(s), the check gives {}", params.len(), given.len()), "pass a value for every argument"));
    }
    let mut shapes = Vec::new();
    for (i, (g, ty)) in given.iter().zip(&params).enumerate() {
        shapes.push(shape_of(g.kind, *ty).map_err(|m| bad(format!("argument {} of '{fname}': {m}", i + 1), "pass arrays with LLAD_ARRAY(p, n) and scalars with LLAD_VALUE(v)"))?);
    }
    let ret_ty = function.get_type().get_return_type();
    let ret_shape = match ret_ty.map(|t| (t, scalar_kind(t))) {
        None => Shape::Void,
        Some((_, Some(KIND_F64 | KIND_F32))) => Shape::Float,
        Some((_, Some(_))) => Shape::Int,
        Some((t, None)) => return Err(bad(format!("'{fname}' returns {}, which llad check cannot compare", t.print_to_string().to_string_lossy()), "check a wrapper that returns a float, an int or nothing")),
    };
    let kind = match mode {
        CheckMode::Forward => RuleKind::Forward,
        CheckMode::Reverse => RuleKind::Augmented,
    };
    let own: Vec<Pattern> = rules.of_kind(function, kind).into_iter().map(|r| r.pattern.clone()).collect();
    let spec = spec::parse(&pattern, mode, ret_shape, &shapes, &own).map_err(|m| bad(format!("pattern \"{pattern}\": {m}"), "e.g. \"ret=const|dup args=dup,const\"; see include/llad_check.h"))?;
    if spec.sets.len() > MAX_SETS {
        return Err(bad(format!("{} activity combinations for '{fname}' in {} mode (llad builds a derivative for each; at most {MAX_SETS})", spec.sets.len(), mode.name()), "name the activities to check instead of \"all\""));
    }
    if spec.sets.is_empty() {
        return Err(bad(format!("no activity combination to check for '{fname}' in {} mode", mode.name()), "name the activities, e.g. \"ret=dup args=dup\""));
    }

    let checked = Checked { function, params: params.clone(), ret: ret_ty };
    let base = format!("llad.check.{fname}.{index}");
    let primal = thunks::primal(module, &checked, &format!("{base}.primal"))?;
    let mut sets = Vec::new();
    for (k, set) in spec.sets.iter().enumerate() {
        let (first, second) = match mode {
            CheckMode::Forward => (thunks::forward(module, &checked, set, &format!("{base}.forward{k}"))?, None),
            CheckMode::Reverse => (thunks::augmented(module, &checked, set, &format!("{base}.augmented{k}"))?, Some(thunks::reverse(module, &checked, set, &format!("{base}.reverse{k}"))?)),
        };
        let what = format!("the {} check of '{fname}' with ret={} args={}{}", mode.name(), set.ret.name(), set.args.iter().map(|a| a.name()).collect::<Vec<_>>().join(","), location.source.as_deref().map(|s| format!(" at {s}")).unwrap_or_default());
        for thunk in std::iter::once(first).chain(second) {
            thunk.add_attribute(AttributeLoc::Function, module.get_context().create_string_attribute(CONTEXT, &what));
        }
        sets.push((set, first, second));
    }

    let builder = module.get_context().create_builder();
    builder.position_before(&call);
    let ops = Ops::new(&builder, module);
    let ret_kind = match ret_ty {
        None => KIND_VOID,
        Some(t) => scalar_kind(t).unwrap_or(KIND_VOID),
    };
    let source = location.source.clone().map(|s| s.rsplit_once(':').map(|(l, _)| l.to_string()).unwrap_or(s)).unwrap_or_default();
    let request = request_global(module, &ops, &base, &ir::demangle(&fname), &source, mode, &given, ret_kind, &sets, primal, &spec.options);
    let arguments = argument_array(module, &ops, &given, &params);
    let runtime = ops.declare(RUNTIME_ENTRY, Some(module.get_context().i32_type().into()), &[request.get_type(), arguments.get_type()]);
    let (inst, failed) = ops.call(runtime, &[request, arguments]);
    ir::copy_debug_location(call, inst);
    let failed = match (failed, ir::result_of(call)) {
        (Some(f), Some(r)) if f.get_type() != r.get_type() => Some(ir::int_cast_before(call, f, r.get_type())),
        (f, _) => f,
    };
    ir::replace_and_erase(call, failed);
    Ok(())
}

/// The operands after the function and the pattern: `marker, "name", value[, n]` per argument.
fn given_arguments<'ctx>(call: InstructionValue<'ctx>) -> std::result::Result<Vec<Given<'ctx>>, String> {
    let n = ir::call_arg_count(call);
    let mut given = Vec::new();
    let mut i = 2;
    while i < n {
        let Some(marker) = crate::requests::global_marker(call, i) else {
            return Err(format!("operand {} of the check is not an LLAD_ARRAY or LLAD_VALUE marker", i + 1));
        };
        let kind = match marker.as_str() {
            "llad_array_f64" => KIND_PTR_F64,
            "llad_array_f32" => KIND_PTR_F32,
            "llad_array_i32" => KIND_PTR_I32,
            "llad_array_i64" => KIND_PTR_I64,
            "llad_value_f64" => KIND_F64,
            "llad_value_f32" => KIND_F32,
            "llad_value_i32" => KIND_I32,
            "llad_value_i64" => KIND_I64,
            other => return Err(format!("unknown marker '{other}'")),
        };
        let array = kind >= KIND_PTR_F64;
        let operand = |k: u32| ir::operand(call, k).ok_or_else(|| format!("argument {} ('{marker}') is incomplete", given.len() + 1));
        let name = operand(i + 1)?;
        let value = operand(i + 2)?;
        let len = if array { Some(operand(i + 3)?) } else { None };
        if array && !value.get_type().is_pointer_type() {
            return Err(format!("argument {} is not a pointer", given.len() + 1));
        }
        given.push(Given { name, kind, value, len });
        i += if array { 4 } else { 3 };
    }
    Ok(given)
}

/// The shape of a parameter of type `ty` given as `kind`, or why they do not fit.
fn shape_of(kind: u64, ty: BasicTypeEnum<'_>) -> std::result::Result<Shape, String> {
    let array = kind >= KIND_PTR_F64;
    match (array, ty.is_pointer_type()) {
        (true, true) => Ok(if matches!(kind, KIND_PTR_F64 | KIND_PTR_F32) { Shape::FloatArray } else { Shape::IntArray }),
        (true, false) => Err(format!("the parameter is a {} scalar, the check passes an array", ty.print_to_string().to_string_lossy())),
        (false, true) => Err("the parameter is a pointer, the check passes a scalar (use LLAD_ARRAY(p, n))".into()),
        (false, false) => match (scalar_kind(ty), kind) {
            (Some(KIND_F64 | KIND_F32), KIND_F64 | KIND_F32) => Ok(Shape::Float),
            (Some(KIND_I32 | KIND_I64), KIND_I32 | KIND_I64) => Ok(Shape::Int),
            (Some(_), _) => Err(format!("the parameter is {}, the check passes a {}", ty.print_to_string().to_string_lossy(), if kind <= KIND_F32 { "floating-point value" } else { "integer" })),
            (None, _) => Err(format!("parameters of type {} cannot be checked", ty.print_to_string().to_string_lossy())),
        },
    }
}
