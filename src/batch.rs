//! `__enzyme_batch(f, enzyme_width, N, args...)`: `f` evaluated on N lanes of arguments, its N
//! results returned side by side (an array, a struct of N fields, or through an sret buffer).
//! Each argument is a vector (N values, one per lane: the default, or after `enzyme_vector`), a
//! scalar shared by every lane (`enzyme_scalar, x`), or a buffer (`enzyme_buffer, bytes, p`: lane
//! k gets `p + k * bytes`). No derivative is involved: the lanes are N calls of `f`, in lane order.
use crate::diag::{Error, Result};
use crate::ir::{self, Ops};
use crate::model::location_of;
use crate::requests::marker_name;
use inkwell::module::Module;
use inkwell::types::BasicTypeEnum;
use inkwell::values::{BasicValueEnum, FunctionValue, InstructionValue};
use llvm_sys::LLVMOpcode;

const BATCH_REQUEST: &str = "__enzyme_batch";

/// Whether `call` is a batch request.
pub fn is_batch(call: InstructionValue<'_>) -> bool {
    ir::called_function(call).is_some_and(|f| ir::function_name(f).contains(BATCH_REQUEST))
}

/// How one argument is spread over the lanes.
enum Lanes<'ctx> {
    PerLane(Vec<BasicValueEnum<'ctx>>),
    Shared(BasicValueEnum<'ctx>),
    Strided { base: BasicValueEnum<'ctx>, bytes: BasicValueEnum<'ctx> },
}

/// Replaces a batch request with the N calls it stands for.
pub fn replace<'ctx>(module: &Module<'ctx>, call: InstructionValue<'ctx>) -> Result<()> {
    let caller = call.get_parent().and_then(|b| b.get_parent()).ok_or_else(|| Error::Internal("batch request outside a function".into()))?;
    let location = location_of(caller, call);
    let bad = |what: String, hint: &str| Error::BadRequest { location: location.clone(), what, hint: hint.to_string() };
    let nargs = ir::call_arg_count(call);
    let sret = ir::call_param_has_attribute(call, 0, "sret").then(|| ir::operand(call, 0)).flatten();
    let first = u32::from(sret.is_some());
    let function = ir::operand(call, first)
        .map(ir::through_local_copies)
        .and_then(ir::as_function)
        .ok_or_else(|| bad("the first argument of __enzyme_batch is not a function".into(), "pass the function directly, e.g. __enzyme_batch((void*)f, enzyme_width, 4, ...)"))?;
    let fname = ir::function_name(function);
    if function.count_params() > 0 && ir::param_has_attribute(function, 0, "sret") {
        return Err(Error::Unsupported {
            location,
            what: format!("__enzyme_batch of '{fname}', which returns a struct through memory (sret)"),
            hint: "batch a function that returns its result directly, or writes it through a pointer argument".into(),
        });
    }
    let params: Vec<BasicTypeEnum> = function.get_type().get_param_types().into_iter().filter_map(|t| t.try_into().ok()).collect();

    let mut width: Option<u32> = None;
    let mut args: Vec<Lanes> = Vec::new();
    let mut index = first + 1;
    let operand = |index: u32, what: &str| (index < nargs).then(|| ir::operand(call, index)).flatten().ok_or_else(|| bad(format!("__enzyme_batch is missing {what}"), "see enzyme_width, enzyme_scalar, enzyme_vector, enzyme_buffer"));
    while index < nargs {
        let marker = marker_name(call, index);
        if marker.as_deref() == Some("enzyme_width") {
            if !args.is_empty() {
                return Err(bad("enzyme_width comes after arguments".into(), "give enzyme_width, N once, before the arguments"));
            }
            let n = ir::operand(call, index + 1).and_then(ir::const_int).and_then(|n| u32::try_from(n).ok()).filter(|n| *n >= 1);
            width = Some(n.ok_or_else(|| bad("enzyme_width must be followed by a constant integer of at least 1".into(), "e.g. enzyme_width, 4"))?);
            index += 2;
            continue;
        }
        let n = width.ok_or_else(|| bad("__enzyme_batch needs enzyme_width, N before the arguments".into(), "e.g. __enzyme_batch(f, enzyme_width, 4, x1, x2, x3, x4)"))?;
        let param = *params.get(args.len()).ok_or_else(|| bad(format!("too many arguments: '{fname}' takes {} argument(s)", params.len()), "pass N values per vector argument, one per scalar argument"))?;
        let lanes = match marker.as_deref() {
            Some("enzyme_scalar") => {
                index += 2;
                Lanes::Shared(operand(index - 1, "the value after enzyme_scalar")?)
            }
            Some("enzyme_buffer") => {
                let bytes = operand(index + 1, "the byte offset after enzyme_buffer")?;
                let base = operand(index + 2, "the pointer after enzyme_buffer")?;
                if !matches!(bytes, BasicValueEnum::IntValue(_)) || !base.get_type().is_pointer_type() {
                    return Err(bad("enzyme_buffer must be followed by an integer byte offset and a pointer".into(), "e.g. enzyme_buffer, sizeof(double), xs"));
                }
                index += 3;
                Lanes::Strided { base, bytes }
            }
            Some("enzyme_vector") | None => {
                index += u32::from(marker.is_some());
                let values: Vec<BasicValueEnum> = (index..index + n).map(|i| operand(i, &format!("a value for each of the {n} lanes of argument {}", args.len() + 1))).collect::<Result<_>>()?;
                index += n;
                Lanes::PerLane(values)
            }
            Some(other) => return Err(bad(format!("marker '{other}' has no meaning in __enzyme_batch"), "use enzyme_width, enzyme_scalar, enzyme_vector or enzyme_buffer")),
        };
        check_types(module, &fname, args.len(), param, &lanes).map_err(|m| bad(m, "give each lane a value of the parameter's type"))?;
        args.push(lanes);
    }
    let width = width.ok_or_else(|| bad("__enzyme_batch needs enzyme_width, N".into(), "e.g. __enzyme_batch(f, enzyme_width, 4, x1, x2, x3, x4)"))?;
    if args.len() < params.len() {
        return Err(bad(format!("too few arguments: '{fname}' takes {} argument(s), the request gives {}", params.len(), args.len()), "pass every argument of the function"));
    }

    let builder = module.get_context().create_builder();
    let ops = Ops::new(&builder, module);
    ops.position_before(call);
    let results: Vec<BasicValueEnum> = (0..width).map(|lane| lane_call(&ops, function, &args, &params, lane)).collect::<Vec<_>>().into_iter().flatten().collect();
    let result = assemble(&ops, call, sret, function, &results, width).map_err(|m| bad(m, "declare the batch request to return N results of the function's type (a struct or array of N)"))?;
    ir::replace_and_erase(call, result);
    Ok(())
}

/// One lane's call of `function`.
fn lane_call<'ctx>(ops: &Ops<'_, 'ctx>, function: FunctionValue<'ctx>, args: &[Lanes<'ctx>], params: &[BasicTypeEnum<'ctx>], lane: u32) -> Option<BasicValueEnum<'ctx>> {
    let i64t = ops.module.get_context().i64_type();
    let values: Vec<BasicValueEnum> = args
        .iter()
        .zip(params)
        .map(|(a, param)| {
            let v = match a {
                Lanes::PerLane(values) => values[lane as usize],
                Lanes::Shared(v) => *v,
                Lanes::Strided { base, bytes } => {
                    let offset = ops.binary(LLVMOpcode::LLVMMul, ops.as_i64(*bytes), i64t.const_int(u64::from(lane), false).into());
                    ops.byte_offset_by(*base, offset)
                }
            };
            // C passes an `int` literal for a `long` parameter through `...`, and every float as a double.
            match (v, param) {
                (BasicValueEnum::IntValue(i), BasicTypeEnum::IntType(t)) if i.get_type() != *t => {
                    let widen = i.get_type().get_bit_width() < t.get_bit_width();
                    ops.cast(if widen { LLVMOpcode::LLVMSExt } else { LLVMOpcode::LLVMTrunc }, v, *param)
                }
                (BasicValueEnum::FloatValue(f), BasicTypeEnum::FloatType(t)) if f.get_type() != *t => ops.cast(LLVMOpcode::LLVMFPTrunc, v, *param),
                _ => v,
            }
        })
        .collect();
    ops.call(function, &values).1
}

/// The lanes' results in the shape the request was declared with.
fn assemble<'ctx>(ops: &Ops<'_, 'ctx>, call: InstructionValue<'ctx>, sret: Option<BasicValueEnum<'ctx>>, function: FunctionValue<'ctx>, results: &[BasicValueEnum<'ctx>], width: u32) -> std::result::Result<Option<BasicValueEnum<'ctx>>, String> {
    let declared = ir::result_of(call).map(|r| r.get_type());
    let Some(element) = function.get_type().get_return_type() else {
        return Ok(declared.map(ir::undef));
    };
    let needed = ir::alloc_size(ops.module, element) * u64::from(width);
    let buffer = match (sret, declared) {
        (Some(buffer), _) => buffer,
        (None, None) => return Ok(None),
        (None, Some(ty)) => {
            if ir::store_size(ops.module, ty) != needed {
                return Err(format!(
                    "__enzyme_batch is declared to return {} ({} bytes), but {width} results of {} take {needed}",
                    ty.print_to_string().to_string(),
                    ir::store_size(ops.module, ty),
                    element.print_to_string().to_string()
                ));
            }
            ops.alloca(ty)
        }
    };
    if let Some(ty) = sret.and_then(|_| ir::call_sret_type(call)) {
        if ir::store_size(ops.module, ty) != needed {
            return Err(format!("__enzyme_batch returns {} through memory, but {width} results of {} take {needed} bytes", ty.print_to_string().to_string(), element.print_to_string().to_string()));
        }
    }
    for (lane, r) in results.iter().enumerate() {
        ops.store(*r, ops.byte_offset(buffer, ir::alloc_size(ops.module, element) * lane as u64));
    }
    Ok(match (sret, declared) {
        (None, Some(ty)) => Some(ops.load(ty, buffer)),
        _ => None,
    })
}

fn check_types<'ctx>(module: &Module<'ctx>, fname: &str, index: usize, param: BasicTypeEnum<'ctx>, lanes: &Lanes<'ctx>) -> std::result::Result<(), String> {
    let values: Vec<BasicValueEnum> = match lanes {
        Lanes::PerLane(v) => v.clone(),
        Lanes::Shared(v) => vec![*v],
        Lanes::Strided { base, .. } => vec![*base],
    };
    for v in values {
        let promoted_float = matches!((v.get_type(), param), (BasicTypeEnum::FloatType(_), BasicTypeEnum::FloatType(_)) if ir::store_size(module, v.get_type()) > ir::store_size(module, param));
        let fits = v.get_type() == param || promoted_float || matches!((v.get_type(), param), (BasicTypeEnum::IntType(_), BasicTypeEnum::IntType(_)));
        if !fits {
            return Err(format!("argument {} of '{fname}' has type {} but the batch passes {}", index + 1, param.print_to_string().to_string(), v.get_type().print_to_string().to_string()));
        }
    }
    Ok(())
}
