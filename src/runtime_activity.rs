//! `enzyme_runtime_activity`: a duplicated pointer whose shadow is the primal itself is inactive,
//! decided when the request runs. A request with the marker becomes a choice between requests
//! without it, one per combination of its `enzyme_dup`/`enzyme_dupnoneed` pointer arguments being
//! active or not: each variant is an ordinary request (the runtime-inactive arguments passed
//! `enzyme_const`), and the one whose pattern matches the shadows runs. So the derivative of each
//! pattern is an ordinary derivative, at the price of 2^k derivatives for k such arguments. Only
//! marked pointer arguments are checked (not shadows inside memory, not batched shadows).
use crate::diag::{Error, Result};
use crate::ir::{self, Ops};
use crate::model::location_of;
use crate::requests::{marker_global, marker_name};
use inkwell::module::Module;
use inkwell::types::BasicTypeEnum;
use inkwell::values::{BasicValueEnum, InstructionValue};
use llvm_sys::LLVMOpcode;

const MARKER: &str = "enzyme_runtime_activity";

/// Duplicated pointer arguments a request with runtime activity may have (2^k variants).
const MAX_ARGUMENTS: usize = 4;

/// Expands every request with `enzyme_runtime_activity` into its variants.
pub fn expand_requests(module: &Module<'_>) -> Result<()> {
    for (index, call) in crate::requests::find_request_calls(module).into_iter().enumerate() {
        let n = ir::call_arg_count(call);
        if let Some(marker) = (0..n).find(|i| marker_name(call, *i).as_deref() == Some(MARKER)) {
            if let Err(what) = check_marked(call) {
                let caller = call.get_parent().and_then(|b| b.get_parent()).expect("request inside a function");
                return Err(Error::Unsupported { location: location_of(caller, call), what, hint: "mark every pointer argument enzyme_dup, enzyme_dupnoneed or enzyme_const".into() });
            }
            expand(module, call, marker, index)?;
        }
    }
    Ok(())
}

/// Runtime activity is decided per `enzyme_dup`/`enzyme_dupnoneed` pointer: a pointer argument
/// without a marker (duplicated by default) would escape the check, and batched shadows are not
/// compared.
fn check_marked(call: InstructionValue<'_>) -> std::result::Result<(), String> {
    let n = ir::call_arg_count(call);
    let function = (0..n.min(2)).find(|i| ir::operand(call, *i).map(ir::through_local_copies).and_then(ir::as_function).is_some()).unwrap_or(0);
    let mut i = function + 1;
    while i < n {
        match marker_name(call, i).as_deref() {
            Some("enzyme_width") => return Err("enzyme_runtime_activity with batched shadows (enzyme_width)".into()),
            Some("enzyme_dup" | "enzyme_dupnoneed") => i += 3,
            Some("enzyme_const" | "enzyme_out" | "enzyme_tape" | "enzyme_allocated") => i += 2,
            Some(_) => i += 1,
            // (A struct passed by value is a copy, not a pointer with a shadow.)
            None if ir::operand(call, i).is_some_and(|v| v.get_type().is_pointer_type()) && !ir::call_param_has_attribute(call, i, "byval") => {
                return Err(format!("enzyme_runtime_activity with pointer argument {i} passed without a marker (its shadow would not be checked)"));
            }
            None => i += 1,
        }
    }
    Ok(())
}


/// The operand indices of `enzyme_dup`/`enzyme_dupnoneed` markers followed by a pointer and its
/// shadow pointer.
fn duplicated_pointers(call: InstructionValue<'_>) -> Vec<u32> {
    let n = ir::call_arg_count(call);
    let is_pointer = |i: u32| ir::operand(call, i).is_some_and(|v| v.get_type().is_pointer_type());
    let mut found = Vec::new();
    let mut i = 0;
    while i < n {
        let duplicated = matches!(marker_name(call, i).as_deref(), Some("enzyme_dup" | "enzyme_dupnoneed"));
        if duplicated && is_pointer(i + 1) && is_pointer(i + 2) {
            found.push(i);
            i += 3;
        } else {
            i += 1;
        }
    }
    found
}

fn expand<'ctx>(module: &Module<'ctx>, call: InstructionValue<'ctx>, marker: u32, request: usize) -> Result<()> {
    let caller = call.get_parent().and_then(|b| b.get_parent()).expect("request inside a function");
    let groups = duplicated_pointers(call);
    if groups.len() > MAX_ARGUMENTS {
        return Err(Error::Unsupported {
            location: location_of(caller, call),
            what: format!("enzyme_runtime_activity with {} duplicated pointer arguments (llad builds one derivative per combination, up to {MAX_ARGUMENTS} arguments)", groups.len()),
            hint: "pass the arguments that are never inactive at run time without the marker's help, or split the request".into(),
        });
    }
    let ctx = module.get_context();
    let builder = ctx.create_builder();
    let ops = Ops::new(&builder, module);
    let callee = ir::called_function(call).expect("a request calls a function");
    let name = ir::function_name(callee);
    let constant_marker = marker_global(module, "enzyme_const");
    // One request per pattern of runtime-inactive arguments (bit j: group j inactive).
    let variant = |ops: &Ops<'_, 'ctx>, pattern: usize| -> InstructionValue<'ctx> {
        // Each kept operand with the original operand index it comes from (for its attributes).
        let mut args = Vec::new();
        let mut origins = Vec::new();
        let mut i = 0;
        while i < ir::call_arg_count(call) {
            let operand = operand_value(module, call, i);
            match groups.iter().position(|g| *g == i) {
                Some(j) if pattern & (1 << j) != 0 => {
                    args.push(constant_marker);
                    origins.push(None);
                    args.push(operand_value(module, call, i + 1));
                    origins.push(Some(i + 1));
                    i += 3;
                    continue;
                }
                _ if i == marker => {}
                _ => {
                    args.push(operand);
                    origins.push(Some(i));
                }
            }
            i += 1;
        }
        let types: Vec<BasicTypeEnum<'ctx>> = args.iter().map(|a| a.get_type()).collect();
        let result = ir::result_of(call).map(|r| r.get_type());
        // Named per request: another request through the same function has other operands.
        let function = ops.declare(&format!("{name}.llad.runtime{request}.{pattern}"), result, &types);
        let (inst, _) = ops.call(function, &args);
        copy_argument_attributes(call, inst, &origins);
        ir::copy_debug_location(call, inst);
        inst
    };
    let head = call.get_parent().expect("call in a block");
    let middle = ir::split_block_before(call);
    let next = call.get_next_instruction().expect("a block ends after the call");
    let rest = ir::split_block_before(next);
    // The pattern: which duplicated pointers have their primal as shadow.
    let branch = head.get_terminator().expect("split block branches on");
    ops.position_before(branch);
    let i64t = ctx.i64_type();
    let mut pattern: BasicValueEnum<'ctx> = i64t.const_zero().into();
    for (j, g) in groups.iter().enumerate() {
        let address = |k: u32| ops.cast(LLVMOpcode::LLVMPtrToInt, ir::operand(call, k).expect("pointer"), i64t.into());
        let same = ops.cast(LLVMOpcode::LLVMZExt, ops.icmp_eq(address(g + 1), address(g + 2)), i64t.into());
        let bit = if j == 0 { same } else { ops.binary(LLVMOpcode::LLVMShl, same, i64t.const_int(j as u64, false).into()) };
        pattern = if j == 0 { bit } else { ops.binary(LLVMOpcode::LLVMOr, pattern, bit) };
    }
    let mut incoming = Vec::new();
    let mut cases = Vec::new();
    for p in 0..(1usize << groups.len()) {
        let block = if p == 0 { middle } else { ctx.insert_basic_block_after(middle, "runtime.activity") };
        if p == 0 {
            ops.position_before(call);
        } else {
            builder.position_at_end(block);
        }
        let inst = variant(&ops, p);
        if p != 0 {
            builder.build_unconditional_branch(rest).map_err(|e| Error::Internal(e.to_string()))?;
            cases.push((i64t.const_int(p as u64, false), block));
        }
        incoming.extend(ir::result_of(inst).map(|r| (r, block)));
    }
    ops.position_before(branch);
    builder.build_switch(pattern.into_int_value(), middle, &cases).map_err(|e| Error::Internal(e.to_string()))?;
    ir::replace_and_erase(branch, None);
    let merged = match ir::result_of(call) {
        Some(r) if !incoming.is_empty() => {
            ops.position_at_block_start(rest);
            let phi = ops.phi(r.get_type());
            ops.add_incoming(phi, &incoming);
            Some(phi)
        }
        _ => None,
    };
    ir::replace_and_erase(call, merged);
    Ok(())
}

/// Operand `i` of a request as a value: a marker given as metadata (`metadata !"enzyme_dup"`,
/// in hand-written IR) becomes the address of a global of that name, which means the same.
fn operand_value<'ctx>(module: &Module<'ctx>, call: InstructionValue<'ctx>, i: u32) -> BasicValueEnum<'ctx> {
    if let Some(v) = ir::operand(call, i) {
        return v;
    }
    marker_global(module, &marker_name(call, i).unwrap_or_else(|| "enzyme_unknown_operand".into()))
}

/// Gives each argument of `to` the attributes (sret, byval, ...) of the argument of `from` it
/// is (`origins[k]`: the index in `from`).
fn copy_argument_attributes(from: InstructionValue<'_>, to: InstructionValue<'_>, origins: &[Option<u32>]) {
    use inkwell::attributes::AttributeLoc;
    let (Ok(from_site), Ok(to_site)) = (inkwell::values::CallSiteValue::try_from(from), inkwell::values::CallSiteValue::try_from(to)) else { return };
    for (k, origin) in origins.iter().enumerate() {
        let Some(i) = origin else { continue };
        for attribute in from_site.attributes(AttributeLoc::Param(*i)) {
            to_site.add_attribute(AttributeLoc::Param(k as u32), attribute);
        }
    }
}
