//! Replaces each request call with a call to the synthesized derivative, adapting the result to the
//! type the request was declared with, and removes what the requests leave behind (marker loads).
use crate::diag::{Error, Result};
use crate::ir::{self, Ops};
use crate::requests::{location_of, Activity, Mode, Request};
use crate::synth::{ForwardKey, Synthesizer};
use inkwell::module::Module;
use inkwell::types::BasicTypeEnum;
use inkwell::values::InstructionOpcode;
use llvm_sys::LLVMOpcode;

pub fn replace_request<'ctx>(synth: &mut Synthesizer<'_, 'ctx>, request: &Request<'ctx>) -> Result<()> {
    let caller = request.call.get_parent().and_then(|b| b.get_parent()).expect("request inside a function");
    let location = location_of(caller, request.call);
    if request.mode != Mode::Forward {
        return Err(Error::Unsupported {
            location,
            what: "reverse mode (__enzyme_autodiff, __enzyme_augmentfwd, __enzyme_reverse) is not implemented yet".into(),
            hint: "use forward mode (__enzyme_fwddiff) for now".into(),
        });
    }
    let key = ForwardKey {
        function: request.function,
        args: request.args.iter().map(|a| a.activity).collect(),
        ret_tangent: request.ret_activity.has_shadow(),
        ret_primal: request.primal_return,
        top_level: true,
    };
    let derivative = synth.forward(key.clone())?;
    let builder = synth.module.get_context().create_builder();
    builder.position_before(&request.call);
    let ops = Ops::new(&builder, synth.module);
    let mut args = Vec::new();
    for arg in &request.args {
        args.push(arg.primal);
        if arg.activity != Activity::Const {
            args.extend(arg.shadows.iter().copied());
        }
    }
    let (_, value) = ops.call(derivative, &args);
    let wanted: Option<BasicTypeEnum> = ir::result_of(request.call).map(|r| r.get_type());
    let adapted = match (wanted, value) {
        (None, _) => None,
        (Some(w), Some(v)) if w == v.get_type() => Some(v),
        // A prototype returning one scalar gets element 0 of a struct (Enzyme's rule).
        (Some(w), Some(v)) if matches!(v.get_type(), BasicTypeEnum::StructType(s) if s.get_field_type_at_index(0) == Some(w)) => Some(ops.extract_value(v, 0)),
        (Some(w), Some(v)) if same_layout(synth.module, w, v.get_type()) => Some(ops.cast(LLVMOpcode::LLVMBitCast, v, w)),
        (Some(w), v) => {
            return Err(Error::BadRequest {
                location,
                what: format!(
                    "the request is declared to return {} but the derivative returns {}",
                    w.print_to_string().to_string(),
                    v.map(|v| v.get_type().print_to_string().to_string()).unwrap_or_else(|| "void".into())
                ),
                hint: "declare the request with the derivative's return type (the tangent's type, or a {primal, tangent} struct with enzyme_primal_return)".into(),
            })
        }
    };
    ir::replace_and_erase(request.call, adapted);
    Ok(())
}

fn same_layout(module: &Module<'_>, a: BasicTypeEnum<'_>, b: BasicTypeEnum<'_>) -> bool {
    let scalar = |t: BasicTypeEnum<'_>| matches!(t, BasicTypeEnum::FloatType(_) | BasicTypeEnum::IntType(_) | BasicTypeEnum::VectorType(_));
    scalar(a) && scalar(b) && ir::store_size(module, a) == ir::store_size(module, b)
}

/// Erases unused loads of `enzyme_*` marker globals, then unused marker and request declarations,
/// so that programs link without defining them.
pub fn remove_request_leftovers(module: &Module<'_>) {
    let mut dead = Vec::new();
    for function in module.get_functions() {
        for block in function.get_basic_block_iter() {
            for inst in block.get_instructions() {
                if inst.get_opcode() != InstructionOpcode::Load || inst.get_first_use().is_some() {
                    continue;
                }
                let Some(ptr) = ir::operand(inst, 0) else { continue };
                if ir::as_global_variable(ir::strip_casts(ptr)).is_some_and(|g| ir::cstr_lossy(g.get_name()).starts_with("enzyme_")) {
                    dead.push(inst);
                }
            }
        }
    }
    for inst in dead {
        ir::replace_and_erase(inst, None);
    }
    for global in module.get_globals() {
        let name = ir::cstr_lossy(global.get_name());
        if name.starts_with("enzyme_") && global.is_declaration() {
            ir::delete_global_if_unused(global);
        }
    }
    for function in module.get_functions() {
        let name = ir::function_name(function);
        if name.contains("__enzyme_") && function.get_first_basic_block().is_none() {
            ir::delete_function_if_unused(function);
        }
    }
}
