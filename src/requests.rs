//! The `__enzyme_*` request grammar: which calls ask for derivatives, and what their markers say.
//! One marker table serves every mode (design §2, enzyme-c-api.md §1).
use crate::diag::{Error, Location, Result};
use crate::model::{location_of, Activity};
use crate::ir;
use inkwell::module::Module;
use inkwell::types::BasicTypeEnum;
use inkwell::values::{BasicValue, BasicValueEnum, FunctionValue, InstructionOpcode, InstructionValue};

/// What a request computes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    Forward,
    ReverseCombined,
    AugmentedPrimal,
    ReverseSplit,
    /// `__enzyme_augmentsize`: the bytes a user-allocated tape needs.
    AugmentSize,
    /// `__enzyme_error_estimate`: forward mode whose shadows carry floating-point error estimates.
    ErrorEstimate,
}

impl Mode {
    /// Forward mode, with tangents or error estimates as shadows.
    pub fn is_forward(self) -> bool {
        matches!(self, Mode::Forward | Mode::ErrorEstimate)
    }
}

/// The names a request function contains, in Enzyme's precedence order.
const REQUEST_NAMES: &[(&str, Option<Mode>)] = &[
    ("__enzyme_autodiff", Some(Mode::ReverseCombined)),
    ("__enzyme_fwddiff", Some(Mode::Forward)),
    ("__enzyme_error_estimate", Some(Mode::ErrorEstimate)),
    ("__enzyme_fwdsplit", None),
    ("__enzyme_augmentfwd", Some(Mode::AugmentedPrimal)),
    ("__enzyme_augmentsize", Some(Mode::AugmentSize)),
    ("__enzyme_reverse", Some(Mode::ReverseSplit)),
    ("__enzyme_virtualreverse", None),
    ("__enzyme_batch", None),
];

/// One primal argument of a request and its shadow(s).
#[derive(Debug, Clone)]
pub struct RequestArg<'ctx> {
    pub activity: Activity,
    pub primal: BasicValueEnum<'ctx>,
    pub shadows: Vec<BasicValueEnum<'ctx>>,
}

/// A parsed derivative request.
#[derive(Debug, Clone)]
pub struct Request<'ctx> {
    pub call: InstructionValue<'ctx>,
    pub mode: Mode,
    pub function: FunctionValue<'ctx>,
    pub args: Vec<RequestArg<'ctx>>,
    pub width: u32,
    /// The call asked for the primal return (`enzyme_primal_return`).
    pub primal_return: bool,
    /// Activity of the return value.
    pub ret_activity: Activity,
    /// `enzyme_noret`: the augmented primal does not return the primal result.
    pub noret: bool,
    /// Operands after the arguments (`__enzyme_reverse`: the return's seed, then the tape).
    pub trailing: Vec<BasicValueEnum<'ctx>>,
    /// Where the result goes when the request returns a large struct through memory.
    pub sret: Option<BasicValueEnum<'ctx>>,
    /// `enzyme_tape, p`: the tape is stored to (augmented) or loaded from (reverse) `*p`.
    pub tape: Option<BasicValueEnum<'ctx>>,
    /// `enzyme_allocated, N`: the user's tape buffer has N bytes.
    pub allocated: Option<u32>,
}

/// Finds every request call in the module, in program order.
/// The request calls of a module, in program order. Requests are parsed one at a time (with
/// `parse`), right before they are replaced: replacing one changes the values others refer to
/// (a tape from `__enzyme_augmentfwd` flows into `__enzyme_reverse`).
pub fn find_request_calls<'ctx>(module: &Module<'ctx>) -> Vec<InstructionValue<'ctx>> {
    let mut found = Vec::new();
    for caller in module.get_functions() {
        for block in caller.get_basic_block_iter() {
            for inst in block.get_instructions() {
                if request_kind(inst).is_some() {
                    found.push(inst);
                }
            }
        }
    }
    found
}

/// The request name a call matches, and its mode (`None` for kinds llad does not support).
fn request_kind(inst: InstructionValue<'_>) -> Option<(&'static str, Option<Mode>)> {
    let callee = ir::called_function(inst)?;
    let name = ir::function_name(callee);
    REQUEST_NAMES.iter().find(|(p, _)| name.contains(p)).copied().or_else(|| {
        // Any other Enzyme function (`__enzyme_todense`, `__enzyme_iter`, ...) has no definition
        // to run: an error naming it, not an unresolved call.
        (name.contains(OTHER_ENZYME_FUNCTION) && name != crate::synth::ITERATION_COUNT && !name.contains(crate::views::TODENSE) && callee.get_first_basic_block().is_none()).then_some((OTHER_ENZYME_FUNCTION, None))
    })
}

const OTHER_ENZYME_FUNCTION: &str = "__enzyme_";

/// Parses one request call.
pub fn parse<'ctx>(module: &Module<'ctx>, call: InstructionValue<'ctx>) -> Result<Request<'ctx>> {
    let caller = call.get_parent().and_then(|b| b.get_parent()).expect("request inside a function");
    let location = location_of(caller, call);
    let Some((pattern, mode)) = request_kind(call) else {
        return Err(Error::Internal("not a request call".into()));
    };
    let Some(mode) = mode else {
        let what = if pattern == OTHER_ENZYME_FUNCTION {
            let name = ir::called_function(call).map(ir::function_name).unwrap_or_default();
            format!("'{name}' is an Enzyme function llad does not support")
        } else {
            format!("'{pattern}' requests are not supported by llad")
        };
        return Err(Error::Unsupported {
            location,
            what,
            hint: "use __enzyme_fwddiff, __enzyme_autodiff, or __enzyme_augmentfwd with __enzyme_reverse".into(),
        });
    };
    parse_request(module, call, mode, location)
}

/// An `enzyme_*` marker operand: a metadata string, a load of a global, or a global's address
/// (also copied through a local variable).
pub(crate) fn marker_name(call: InstructionValue<'_>, index: u32) -> Option<String> {
    if let Some(name) = ir::call_arg_metadata_string(call, index) {
        return name.starts_with("enzyme_").then_some(name);
    }
    global_marker(call, index).filter(|name| name.starts_with("enzyme_"))
}

/// Whether a global of this name is a marker: Enzyme's (`enzyme_dup`) or `llad_check.h`'s
/// argument shapes (`llad_array_f64`), which only ever reach requests.
pub(crate) fn is_marker_global_name(name: &str) -> bool {
    name.starts_with("enzyme_") || name.starts_with("llad_array_") || name.starts_with("llad_value_")
}

/// The marker global operand `index` names: loaded, or its address (also through a local copy).
pub(crate) fn global_marker(call: InstructionValue<'_>, index: u32) -> Option<String> {
    let value = ir::operand(call, index)?;
    let value = ir::through_local_copies(value);
    let global = match value.as_instruction_value() {
        Some(load) if load.get_opcode() == InstructionOpcode::Load => ir::as_global_variable(ir::strip_casts(ir::operand(load, 0)?)),
        Some(_) => None,
        None => ir::as_global_variable(value),
    }?;
    let name = ir::cstr_lossy(global.get_name());
    is_marker_global_name(&name).then_some(name)
}

/// The address of the marker global `name` (`enzyme_const`, ...), declared if the module has none.
pub(crate) fn marker_global<'ctx>(module: &Module<'ctx>, name: &str) -> BasicValueEnum<'ctx> {
    module.get_global(name).unwrap_or_else(|| module.add_global(module.get_context().i32_type(), None, name)).as_pointer_value().into()
}

/// Whole-call flags and per-argument activities, before they are matched to parameters.
#[derive(Default)]
struct Flags<'ctx> {
    width: Option<u32>,
    primal_return: bool,
    ret_override: Option<Activity>,
    noret: bool,
    tape: Option<BasicValueEnum<'ctx>>,
    allocated: Option<u32>,
}

fn parse_request<'ctx>(module: &Module<'ctx>, call: InstructionValue<'ctx>, mode: Mode, location: Location) -> Result<Request<'ctx>> {
    let bad = |what: String, hint: &str| Error::BadRequest { location: location.clone(), what, hint: hint.to_string() };
    let nargs = ir::call_arg_count(call);
    // A request returning a large struct gets the result buffer first (sret); the function follows.
    let sret = ir::call_param_has_attribute(call, 0, "sret").then(|| ir::operand(call, 0)).flatten();
    let first = u32::from(sret.is_some());
    if nargs <= first {
        return Err(bad("no function to differentiate".into(), "pass the function as the first argument"));
    }
    let target = ir::operand(call, first).map(ir::through_local_copies);
    let function = target
        .and_then(|v| match v {
            BasicValueEnum::PointerValue(p) => {
                let name = ir::value_name(p.into());
                module.get_function(&name)
            }
            _ => None,
        })
        .ok_or_else(|| bad("the first argument is not a function".into(), "pass a function directly, e.g. __enzyme_fwddiff((void*)f, ...)"))?;
    let fname = ir::function_name(function);
    if function.get_first_basic_block().is_none() {
        return Err(bad(format!("function '{fname}' has no body to differentiate"), "define it in this module, or give it a custom rule"));
    }

    let mut flags = Flags::default();
    let params: Vec<BasicTypeEnum> = function.get_type().get_param_types().into_iter().map(|t| t.try_into().expect("basic parameter")).collect();
    let mut args = Vec::new();
    // A function returning a struct through memory (C++ `std::vector f(...)`): its result buffer
    // is the request's (argument 0 is filled in below, once the return markers are known).
    let result_through_memory = match sret {
        Some(buffer) if mode.is_forward() && ir::param_has_attribute(function, 0, "sret") => {
            args.push(RequestArg { activity: Activity::Const, primal: buffer, shadows: Vec::new() });
            Some(buffer)
        }
        _ => None,
    };
    let mut index = first + 1;
    let mut pending: Option<Activity> = None;
    let mut trailing = Vec::new();
    let take_int = |index: u32, marker: &str| -> Result<u32> {
        ir::operand(call, index)
            .and_then(ir::const_int)
            .and_then(|v| u32::try_from(v).ok())
            .ok_or_else(|| bad(format!("{marker} must be followed by a constant integer"), "e.g. enzyme_width, 2"))
    };
    while index < nargs {
        if let Some(marker) = marker_name(call, index) {
            index += 1;
            match marker.as_str() {
                "enzyme_const" => pending = Some(Activity::Const),
                "enzyme_dup" => pending = Some(Activity::Dup),
                "enzyme_dupnoneed" => pending = Some(Activity::DupNoNeed),
                "enzyme_out" => pending = Some(Activity::Out),
                "enzyme_primal_return" => flags.primal_return = true,
                "enzyme_noret" => flags.noret = true,
                "enzyme_const_return" => flags.ret_override = Some(Activity::Const),
                "enzyme_dup_return" => flags.ret_override = Some(Activity::Dup),
                "enzyme_active_return" => flags.ret_override = Some(Activity::Out),
                "enzyme_width" => {
                    flags.width = Some(take_int(index, "enzyme_width")?);
                    index += 1;
                }
                // A promise llad does not need: ignoring it only means saving more on the tape.
                "enzyme_not_overwritten" => {}
                "enzyme_tape" if mode != Mode::AugmentSize => {
                    let p = ir::operand(call, index).filter(|v| ir::is_pointer_like(v.get_type()));
                    flags.tape = Some(p.ok_or_else(|| bad("enzyme_tape must be followed by a pointer".into(), "pass where the tape is stored, e.g. enzyme_tape, &tape"))?);
                    index += 1;
                }
                "enzyme_allocated" if mode != Mode::AugmentSize => {
                    // The size may be a variable (from __enzyme_augmentsize at -O0); a constant is checked.
                    let size = ir::operand(call, index).filter(|v| matches!(v, BasicValueEnum::IntValue(_)));
                    let size = size.ok_or_else(|| bad("enzyme_allocated must be followed by the tape buffer's size".into(), "e.g. enzyme_allocated, __enzyme_augmentsize(f, ...)"))?;
                    flags.allocated = ir::const_int(size).map(|n| u32::try_from(n).unwrap_or(0));
                    index += 1;
                }
                "enzyme_tape" | "enzyme_allocated" => {}
                "enzyme_interleave" | "enzyme_nofree" | "enzyme_strong_zero" | "enzyme_dupv" | "enzyme_dupnoneedv"
                | "enzyme_byref" => {
                    return Err(Error::Unsupported {
                        location,
                        what: format!("marker '{marker}' is not supported by llad yet"),
                        hint: "remove it; see README 'What is not supported yet'".into(),
                    })
                }
                other => return Err(bad(format!("unknown marker '{other}'"), "markers are enzyme_const, enzyme_dup, enzyme_dupnoneed, enzyme_out, ...")),
            }
            continue;
        }
        if mode == Mode::AugmentSize {
            // `__enzyme_augmentsize(f, enzyme_dup, enzyme_const, ...)`: markers only.
            return Err(bad("__enzyme_augmentsize takes only markers after the function".into(), "e.g. __enzyme_augmentsize((void*)f, enzyme_dup, enzyme_const)"));
        }
        if args.len() == params.len() && mode == Mode::ReverseSplit {
            trailing.extend(ir::operand(call, index));
            index += 1;
            continue;
        }
        if args.len() == params.len() {
            return Err(bad(
                format!("too many arguments: '{fname}' takes {} argument(s)", params.len()),
                "remove the extra arguments (__enzyme_fwddiff/__enzyme_autodiff take no seed for the return)",
            ));
        }
        let param_index = args.len();
        let param_ty = params[param_index];
        let primal = ir::operand(call, index).ok_or_else(|| bad(format!("argument {} is not a value", param_index + 1), ""))?;
        index += 1;
        // C passes an `int` literal for a `long`/`size_t` parameter through `...`: convert it.
        let primal = match (primal, param_ty) {
            (BasicValueEnum::IntValue(v), BasicTypeEnum::IntType(t)) if v.get_type() != t => ir::int_cast_before(call, primal, param_ty),
            _ => primal,
        };
        check_arg_type(&fname, param_index, param_ty, primal).map_err(|m| bad(m, "declare a typed prototype for the request, e.g. double __enzyme_fwddiff_f(void*, float, float)"))?;
        let activity = pending.take().unwrap_or_else(|| default_activity(mode, param_ty));
        if activity == Activity::Out && mode.is_forward() {
            return Err(bad(format!("enzyme_out on argument {} in forward mode", param_index + 1), "in forward mode use enzyme_dup with a tangent seed"));
        }
        if activity == Activity::Out && !ir::carries_float(param_ty) {
            return Err(bad(format!("enzyme_out on non-floating-point argument {}", param_index + 1), "enzyme_out is for float scalars; use enzyme_dup for pointers"));
        }
        let width = flags.width.unwrap_or(1);
        let mut shadows = Vec::new();
        if activity.has_shadow() {
            if !mode.is_forward() && ir::is_float_like(param_ty) {
                return Err(bad(format!("enzyme_dup on float scalar argument {} in reverse mode", param_index + 1), "use enzyme_out for active scalars"));
            }
            for _ in 0..width {
                let shadow = (index < nargs && marker_name(call, index).is_none()).then(|| ir::operand(call, index)).flatten().ok_or_else(|| {
                    bad(format!("missing shadow for argument {} of '{fname}'", param_index + 1), "enzyme_dup needs the primal followed by its shadow")
                })?;
                check_arg_type(&fname, param_index, param_ty, shadow).map_err(|m| bad(format!("shadow: {m}"), "the shadow must have the argument's type"))?;
                shadows.push(shadow);
                index += 1;
            }
        }
        args.push(RequestArg { activity, primal, shadows });
    }
    if args.len() < params.len() && mode != Mode::AugmentSize {
        return Err(bad(format!("too few arguments: '{fname}' takes {} argument(s), the request gives {}", params.len(), args.len()), "pass every argument of the function"));
    }
    let width = flags.width.unwrap_or(1);
    if width == 0 {
        return Err(bad("enzyme_width must be at least 1".into(), "e.g. enzyme_width, 2"));
    }
    let mut sret = sret;
    if let Some(buffer) = result_through_memory {
        args[0] = result_buffer_argument(module, call, function, buffer, &flags, width).map_err(|m| bad(m, "declare the request to return the function's result type, or a tuple of primal and tangent (enzyme_primal_return)"))?;
        // The function writes its result (and tangent) into the request's buffer itself.
        sret = None;
        flags.primal_return = false;
        flags.ret_override = Some(Activity::Const);
    }
    let ret_ty = function.get_type().get_return_type();
    let ret_activity = match (flags.ret_override, ret_ty) {
        (Some(a), _) => a,
        (None, None) => Activity::Const,
        (None, Some(t)) if ir::carries_float(t) => if mode.is_forward() { Activity::Dup } else { Activity::Out },
        (None, Some(t)) if ir::contains_pointer(t) => Activity::Dup,
        (None, Some(_)) => Activity::Const,
    };
    if flags.primal_return && ret_ty.is_none() {
        return Err(bad("enzyme_primal_return on a function that returns void".into(), "remove enzyme_primal_return"));
    }
    if flags.primal_return && matches!(mode, Mode::AugmentedPrimal | Mode::ReverseSplit) {
        return Err(bad("enzyme_primal_return in split mode".into(), "the augmented primal returns the primal already; use enzyme_noret to drop it"));
    }
    Ok(Request { call, mode, function, args, width, primal_return: flags.primal_return, ret_activity, noret: flags.noret, trailing, sret, tape: flags.tape, allocated: flags.allocated })
}

/// Argument 0 of a forward request on a function with an sret result, from the request's own sret
/// buffer: `{primal, tangent}` with `enzyme_primal_return`, the tangent alone by default (the
/// primal then goes to a stack slot), or the primal alone with `enzyme_const_return`.
fn result_buffer_argument<'ctx>(module: &Module<'ctx>, call: InstructionValue<'ctx>, function: FunctionValue<'ctx>, buffer: BasicValueEnum<'ctx>, flags: &Flags<'ctx>, width: u32) -> std::result::Result<RequestArg<'ctx>, String> {
    let Some(ty) = ir::param_sret_type(function, 0) else { return Err("the function's result type is unknown".into()) };
    let size = ir::alloc_size(module, ty);
    let declared = ir::call_sret_type(call).map(|t| ir::store_size(module, t));
    let constant = flags.ret_override == Some(Activity::Const);
    let (activity, lanes) = if constant { (Activity::Const, 1) } else if flags.primal_return { (Activity::Dup, 1 + width) } else { (Activity::Dup, width) };
    if declared.is_some_and(|d| d < size * u64::from(lanes)) {
        return Err(format!("the request's result holds {} bytes, but {lanes} result(s) of the function's type take {}", declared.unwrap_or(0), size * u64::from(lanes)));
    }
    let builder = module.get_context().create_builder();
    builder.position_before(&call);
    let ops = ir::Ops::new(&builder, module);
    Ok(match (constant, flags.primal_return) {
        (true, _) => RequestArg { activity, primal: buffer, shadows: Vec::new() },
        (false, true) => RequestArg { activity, primal: buffer, shadows: (1..=width).map(|k| ops.byte_offset(buffer, size * u64::from(k))).collect() },
        (false, false) => RequestArg { activity, primal: ops.alloca(ty), shadows: (0..width).map(|k| ops.byte_offset(buffer, size * u64::from(k))).collect() },
    })
}

fn default_activity(mode: Mode, ty: BasicTypeEnum<'_>) -> Activity {
    if ir::contains_pointer(ty) {
        Activity::Dup
    } else if ir::carries_float(ty) {
        if mode.is_forward() { Activity::Dup } else { Activity::Out }
    } else {
        Activity::Const
    }
}

fn check_arg_type(fname: &str, index: usize, expected: BasicTypeEnum<'_>, value: BasicValueEnum<'_>) -> std::result::Result<(), String> {
    let got = value.get_type();
    if got == expected {
        return Ok(());
    }
    Err(format!(
        "argument {} of '{fname}' has type {} but the request passes {}",
        index + 1,
        expected.print_to_string().to_string(),
        got.print_to_string().to_string()
    ))
}
