//! Calls through function pointers (C callbacks, C++ virtual calls, allocators kept in a struct).
//! Before analysis, each one in the code to differentiate becomes a call of a dispatcher for its
//! function type: `llad.indirect.N(key, args...)` compares the called address with every function
//! of that type whose address the module takes and calls the match directly. The dispatcher is an
//! ordinary function, so every mode differentiates it like any other callee: each candidate under
//! the call's own activities. A derivative reaching an address no candidate has aborts with a
//! message (`llad.indirect.unknown`), never a wrong number. The address goes in as an integer from
//! `llad.function.key`, which carries no derivative: a function pointer needs no shadow.
//! Afterwards, calls of dispatchers left in the primal code become indirect calls again.
use crate::diag::{Error, Result};
use crate::ir;
use inkwell::basic_block::BasicBlock;
use inkwell::module::{Linkage, Module};
use inkwell::types::{BasicMetadataTypeEnum, BasicType, FunctionType};
use inkwell::values::{BasicMetadataValueEnum, BasicValue, BasicValueEnum, FunctionValue, InstructionValue};
use inkwell::IntPredicate;

const DISPATCHER: &str = "llad.indirect.";
const FUNCTION_KEY: &str = "llad.function.key";
const UNKNOWN_TARGET: &str = "llad.indirect.unknown";

/// Rewrites the indirect calls of `function` into dispatcher calls; returns the candidate
/// functions they may reach (to prepare in turn).
pub fn dispatch_indirect_calls<'ctx>(module: &Module<'ctx>, function: FunctionValue<'ctx>) -> Result<Vec<FunctionValue<'ctx>>> {
    let calls: Vec<(InstructionValue<'ctx>, BasicValueEnum<'ctx>, FunctionType<'ctx>)> = function
        .get_basic_block_iter()
        .flat_map(|b| b.get_instructions())
        .filter(|i| i.get_opcode() == inkwell::values::InstructionOpcode::Call && !ir::call_has_abi_attributes(*i))
        .filter_map(|i| ir::indirect_callee(i).map(|(callee, ty)| (i, callee, ty)))
        // (A variadic call passes what its prototype does not say: it stays as it is.)
        .filter(|(_, _, ty)| !ty.is_var_arg())
        .collect();
    let mut reached = Vec::new();
    for (call, callee, ty) in calls {
        ir::link_tape_runtime(module)?;
        let conv = ir::call_convention(call);
        let candidates = candidates(module, ty, conv);
        // No function of this type is in reach: the call stays, and is an error if it carries
        // derivatives (checks.rs).
        if candidates.is_empty() {
            continue;
        }
        let dispatcher = dispatcher(module, ty, conv, &candidates)?;
        reached.extend(candidates);
        let key_fn = module.get_function(FUNCTION_KEY).ok_or_else(|| Error::Internal("tape runtime lacks llad.function.key".into()))?;
        let builder = module.get_context().create_builder();
        builder.position_before(&call);
        let ops = ir::Ops::new(&builder, module);
        let (_, key) = ops.call(key_fn, &[callee]);
        let mut args = vec![key.ok_or_else(|| Error::Internal("llad.function.key returns the key".into()))?];
        args.extend((0..ir::call_arg_count(call)).filter_map(|i| ir::operand(call, i)));
        let (new_call, result) = ops.call(dispatcher, &args);
        ir::copy_debug_location(call, new_call);
        // The call's own attributes (`zeroext` on a bool argument, ...) ride along, for the restore.
        ir::copy_call_attributes(call, new_call, 1);
        ir::replace_and_erase(call, result);
    }
    Ok(reached)
}

/// The functions of type `ty` and convention `conv` a call through a pointer may reach.
fn candidates<'ctx>(module: &Module<'ctx>, ty: FunctionType<'ctx>, conv: u32) -> Vec<FunctionValue<'ctx>> {
    module
        .get_functions()
        .filter(|f| f.get_type() == ty && f.get_call_conventions() == conv && ir::address_taken(*f))
        .filter(|f| {
            let name = ir::function_name(*f);
            !name.starts_with("llad.") && !name.starts_with("llvm.") && !name.contains("__enzyme_")
        })
        .collect()
}

/// The dispatcher for function type `ty` and calling convention `conv` over `candidates`.
fn dispatcher<'ctx>(module: &Module<'ctx>, ty: FunctionType<'ctx>, conv: u32, candidates: &[FunctionValue<'ctx>]) -> Result<FunctionValue<'ctx>> {
    let signature = format!("{}#{conv}", ty.print_to_string().to_string());
    let existing = module.get_functions().find(|f| ir::function_name(*f).starts_with(DISPATCHER) && f.get_string_attribute(inkwell::attributes::AttributeLoc::Function, "llad-dispatch").is_some_and(|a| a.get_string_value().to_string_lossy() == signature));
    if let Some(existing) = existing {
        return Ok(existing);
    }
    let ctx = module.get_context();
    let i64t = ctx.i64_type();
    let mut params: Vec<BasicMetadataTypeEnum<'ctx>> = vec![i64t.into()];
    params.extend(ty.get_param_types());
    let dispatch_ty = match ty.get_return_type() {
        Some(r) => r.fn_type(&params, false),
        None => ctx.void_type().fn_type(&params, false),
    };
    let index = module.get_functions().filter(|f| ir::function_name(*f).starts_with(DISPATCHER) && f.get_first_basic_block().is_some()).count();
    let dispatch = module.add_function(&format!("{DISPATCHER}{index}"), dispatch_ty, Some(Linkage::Internal));
    dispatch.set_call_conventions(conv);
    dispatch.add_attribute(inkwell::attributes::AttributeLoc::Function, ctx.create_string_attribute("llad-dispatch", &signature));
    let builder = ctx.create_builder();
    let key = dispatch.get_nth_param(0).expect("key parameter").into_int_value();
    let args: Vec<BasicMetadataValueEnum<'ctx>> = dispatch.get_param_iter().skip(1).map(Into::into).collect();
    let unknown = module.get_function(UNKNOWN_TARGET).ok_or_else(|| Error::Internal("tape runtime lacks llad.indirect.unknown".into()))?;
    let built = || -> std::result::Result<(), inkwell::builder::BuilderError> {
        let mut test: BasicBlock<'ctx> = ctx.append_basic_block(dispatch, "entry");
        for candidate in candidates {
            builder.position_at_end(test);
            let address = candidate.as_global_value().as_pointer_value().const_to_int(i64t);
            let is = builder.build_int_compare(IntPredicate::EQ, key, address, "")?;
            let hit = ctx.append_basic_block(dispatch, &ir::function_name(*candidate));
            test = ctx.append_basic_block(dispatch, "next");
            builder.build_conditional_branch(is, hit, test)?;
            builder.position_at_end(hit);
            let call = builder.build_call(*candidate, &args, "")?;
            call.set_call_convention(candidate.get_call_conventions());
            if let Some(inst) = hit.get_last_instruction() {
                ir::copy_declared_attributes(*candidate, inst);
            }
            match call.try_as_basic_value().basic() {
                Some(v) => builder.build_return(Some(&v))?,
                None => builder.build_return(None)?,
            };
        }
        builder.position_at_end(test);
        builder.build_call(unknown, &[], "")?;
        builder.build_unreachable()?;
        Ok(())
    };
    built().map_err(|e| Error::Internal(format!("building an indirect-call dispatcher: {e}")))?;
    Ok(dispatch)
}

const VIRTUAL_REVERSE: &str = "__enzyme_virtualreverse";

/// Whether `call` is `__enzyme_virtualreverse(f)`, Enzyme's request for the shadow of a function
/// (or a vtable) to put into shadow memory.
pub fn is_virtual_reverse(call: InstructionValue<'_>) -> bool {
    ir::called_function(call).is_some_and(|f| ir::function_name(f).contains(VIRTUAL_REVERSE))
}

/// llad calls the derivative of whatever function the primal pointer names (the dispatch above),
/// so a function's shadow is never called: `__enzyme_virtualreverse(f)` is `f` itself.
pub fn replace_virtual_reverse(call: InstructionValue<'_>) -> Result<()> {
    let argument = ir::operand(call, 0).filter(|a| ir::call_arg_count(call) == 1 && a.get_type().is_pointer_type());
    let result_type = ir::result_of(call).map(|r| r.get_type());
    match (argument, result_type) {
        (Some(f), Some(t)) if t == f.get_type() => {
            ir::replace_and_erase(call, Some(f));
            Ok(())
        }
        _ => {
            let caller = call.get_parent().and_then(|b| b.get_parent()).ok_or_else(|| Error::Internal("request outside a function".into()))?;
            Err(Error::BadRequest {
                location: crate::model::location_of(caller, call),
                what: "__enzyme_virtualreverse takes one function (or vtable) pointer and returns a pointer".into(),
                hint: "e.g. void *__enzyme_virtualreverse(void *); d.fn = __enzyme_virtualreverse((void *)f)".into(),
            })
        }
    }
}

/// Turns the dispatcher calls left in the module (primal code, and derivatives' copies of calls
/// that carry no derivative) back into the indirect calls they were, and deletes the dispatchers.
pub fn restore_indirect_calls(module: &Module<'_>) {
    let dispatchers: Vec<FunctionValue> = module.get_functions().filter(|f| ir::function_name(*f).starts_with(DISPATCHER) && f.get_string_attribute(inkwell::attributes::AttributeLoc::Function, "llad-dispatch").is_some()).collect();
    if dispatchers.is_empty() {
        return;
    }
    let builder = module.get_context().create_builder();
    for f in module.get_functions() {
        let calls: Vec<InstructionValue> = f.get_basic_block_iter().flat_map(|b| b.get_instructions()).filter(|i| ir::called_function(*i).is_some_and(|c| dispatchers.contains(&c))).collect();
        for call in calls {
            let Some(key_call) = ir::operand(call, 0).and_then(|k| k.as_instruction_value()) else { continue };
            let Some(callee) = ir::operand(key_call, 0).filter(|_| ir::called_function(key_call).is_some_and(|k| ir::function_name(k) == FUNCTION_KEY)) else { continue };
            let Some(dispatcher) = ir::called_function(call) else { continue };
            builder.position_before(&call);
            let args: Vec<BasicValueEnum> = (1..ir::call_arg_count(call)).filter_map(|i| ir::operand(call, i)).collect();
            let ops = ir::Ops::new(&builder, module);
            // A derivative made the copy an `invoke` (aborting where an exception would unwind).
            let (new_call, result) = match ir::invoke_destinations(call) {
                Some((normal, unwind)) => ops.invoke_indirect(original_type(dispatcher), callee, &args, dispatcher.get_call_conventions(), normal, unwind),
                None => ops.call_indirect(original_type(dispatcher), callee, &args, dispatcher.get_call_conventions()),
            };
            ir::copy_debug_location(call, new_call);
            ir::copy_call_attributes(call, new_call, -1);
            ir::replace_and_erase(call, result);
            if ir::users(key_call).is_empty() {
                ir::replace_and_erase(key_call, None);
            }
        }
    }
    for d in dispatchers {
        ir::delete_function_if_unused(d);
    }
}

/// The function type a dispatcher stands for (its own minus the key).
fn original_type(dispatcher: FunctionValue<'_>) -> FunctionType<'_> {
    let ty = dispatcher.get_type();
    let params: Vec<BasicMetadataTypeEnum> = ty.get_param_types().into_iter().skip(1).map(BasicMetadataTypeEnum::from).collect();
    match ty.get_return_type() {
        Some(r) => r.fn_type(&params, false),
        None => dispatcher.get_type().get_context().void_type().fn_type(&params, false),
    }
}
