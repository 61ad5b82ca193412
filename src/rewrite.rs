//! Replaces each request call with calls to the synthesized derivative, adapting the result to the
//! type the request was declared with, and removes what the requests leave behind (marker loads).
use crate::diag::{Error, Location, Result};
use crate::ir::{self, Ops};
use crate::model::{location_of, Activity};
use crate::requests::{Mode, Request};
use crate::synth::reverse::{returns_shadow, takes_return_adjoint, ReverseKey};
use crate::rules::RuleKind;
use crate::synth::{ForwardKey, Synthesizer};
use inkwell::module::Module;
use inkwell::types::BasicTypeEnum;
use inkwell::values::{BasicValue, BasicValueEnum, FunctionValue, InstructionOpcode, InstructionValue};
use llvm_sys::LLVMOpcode;

/// Orders requests so that a request inside code another request differentiates (higher-order
/// derivatives) is replaced first: its derivative is then ordinary code to differentiate.
pub fn inner_requests_first<'ctx>(calls: &[InstructionValue<'ctx>]) -> Vec<InstructionValue<'ctx>> {
    let host = |c: &InstructionValue<'ctx>| c.get_parent().and_then(|b| b.get_parent());
    let mut pending: Vec<InstructionValue<'ctx>> = calls.to_vec();
    let mut ordered = Vec::new();
    while !pending.is_empty() {
        let hosts: Vec<FunctionValue<'ctx>> = pending.iter().filter_map(host).collect();
        let ready: Vec<InstructionValue<'ctx>> = pending
            .iter()
            .copied()
            .filter(|c| {
                let target = ir::operand(*c, 0).map(ir::through_local_copies).and_then(ir::as_function);
                target.is_none_or(|t| !reaches_any(t, &hosts))
            })
            .collect();
        // A cycle (a function that differentiates itself) is left to report its own error.
        let next = if ready.is_empty() { pending.clone() } else { ready };
        pending.retain(|c| !next.contains(c));
        ordered.extend(next);
    }
    ordered
}

/// Whether `from` is one of `targets` or calls one of them, directly or not.
fn reaches_any<'ctx>(from: FunctionValue<'ctx>, targets: &[FunctionValue<'ctx>]) -> bool {
    let mut seen = std::collections::HashSet::new();
    let mut work = vec![from];
    while let Some(f) = work.pop() {
        if !seen.insert(f) {
            continue;
        }
        if targets.contains(&f) {
            return true;
        }
        for inst in f.get_basic_block_iter().flat_map(|b| b.get_instructions()) {
            work.extend(ir::called_function(inst));
        }
    }
    false
}

/// Bytes a user must allocate for a tape (`__enzyme_augmentsize`, `enzyme_allocated`).
const TAPE_HANDLE_BYTES: u64 = 8;

/// Replaces a request with calls of its derivative. Returns the operands of those calls that are
/// constant `enzyme_dupnoneed` primals (`(double*)0x1`), whose memory `views` keeps untouched.
pub fn replace_request<'ctx>(synth: &mut Synthesizer<'_, 'ctx>, request: &Request<'ctx>) -> Result<Vec<(InstructionValue<'ctx>, u32)>> {
    let anchor = request.call.get_previous_instruction();
    let after = request.call.get_next_instruction();
    replace_request_call(synth, request)?;
    Ok(made_up_primals(request, anchor, after))
}

/// The derivative calls between `anchor` and `after` take the request's primals and shadows first.
fn made_up_primals<'ctx>(request: &Request<'ctx>, anchor: Option<InstructionValue<'ctx>>, after: Option<InstructionValue<'ctx>>) -> Vec<(InstructionValue<'ctx>, u32)> {
    let leading = primal_and_shadows(request);
    let mut positions = Vec::new();
    let mut index = 0u32;
    for arg in &request.args {
        let made_up = ir::is_pointer_like(arg.primal.get_type()) && ir::is_constant(arg.primal) && ir::global_base(arg.primal).is_none() && !ir::is_undef(arg.primal);
        if arg.activity == Activity::DupNoNeed && made_up {
            positions.push(index);
        }
        index += 1 + if arg.activity.has_shadow() { arg.shadows.len() as u32 } else { 0 };
    }
    if positions.is_empty() {
        return Vec::new();
    }
    let Some(block) = after.and_then(|a| a.get_parent()) else { return Vec::new() };
    let mut next = match anchor {
        Some(a) => a.get_next_instruction(),
        None => block.get_first_instruction(),
    };
    let mut found = Vec::new();
    while let Some(inst) = next.filter(|i| Some(*i) != after) {
        let takes_leading = ir::called_function(inst).is_some() && ir::call_arg_count(inst) as usize >= leading.len() && leading.iter().enumerate().all(|(k, v)| ir::operand(inst, k as u32) == Some(*v));
        if takes_leading {
            found.extend(positions.iter().map(|p| (inst, *p)));
        }
        next = inst.get_next_instruction();
    }
    found
}

fn replace_request_call<'ctx>(synth: &mut Synthesizer<'_, 'ctx>, request: &Request<'ctx>) -> Result<()> {
    let anchor = request.call.get_previous_instruction();
    let caller = request.call.get_parent().and_then(|b| b.get_parent()).expect("request inside a function");
    let location = location_of(caller, request.call);
    let builder = synth.module.get_context().create_builder();
    if request.mode == Mode::AugmentSize {
        // The tape llad hands out is one pointer (the stack lives on the heap behind it).
        let size = match ir::result_of(request.call).map(|r| r.get_type()) {
            Some(BasicTypeEnum::IntType(t)) => Some(t.const_int(TAPE_HANDLE_BYTES, false).into()),
            _ => None,
        };
        ir::replace_and_erase(request.call, size);
        return Ok(());
    }
    if request.width > 1 && request.mode != Mode::Forward {
        return Err(Error::Unsupported {
            location,
            what: format!("batched reverse mode (enzyme_width {}) is not supported yet", request.width),
            hint: "call the gradient once per output".into(),
        });
    }
    // A function with custom rules is differentiated as a call (the rules answer it in every
    // mode, as they do inside any other derivative): the request asks for its caller's derivative.
    let has_rules = [RuleKind::Forward, RuleKind::Augmented, RuleKind::Reverse].into_iter().any(|k| !synth.custom.of_kind(request.function, k).is_empty());
    if has_rules {
        let caller_of_rules = ir::caller_of(synth.module, request.function);
        let through_caller = Request { function: caller_of_rules, ..request.clone() };
        // What goes wrong at the call inside the caller is this request's doing.
        return replace_request_call(synth, &through_caller).map_err(|e| e.moved_from(&ir::function_name(caller_of_rules), &location));
    }
    let value = match request.mode {
        Mode::Forward | Mode::ErrorEstimate => {
            let key = ForwardKey {
                function: request.function,
                args: request.args.iter().map(|a| a.activity).collect(),
                ret_tangent: request.ret_activity.has_shadow(),
                ret_primal: request.primal_return,
                top_level: true,
                width: request.width,
                error: request.mode == Mode::ErrorEstimate,
            };
            let derivative = synth.forward(key)?;
            builder.position_before(&request.call);
            Ops::new(&builder, synth.module).call(derivative, &primal_and_shadows(request)).1
        }
        Mode::ReverseCombined | Mode::AugmentedPrimal | Mode::ReverseSplit => reverse_request(synth, request, &builder, &location)?,
        Mode::AugmentSize => unreachable!("handled above"),
    };
    let ops = Ops::new(&builder, synth.module);
    let adapted = adapt_result(&ops, request, value, location)?;
    zero_shadow_globals(synth, request, anchor)?;
    ir::replace_and_erase(request.call, adapted);
    Ok(())
}

/// Shadow globals start every request at zero: a global's value on entry is not an input.
fn zero_shadow_globals<'ctx>(synth: &Synthesizer<'_, 'ctx>, request: &Request<'ctx>, anchor: Option<InstructionValue<'ctx>>) -> Result<()> {
    if request.mode == Mode::ReverseSplit {
        return Ok(());
    }
    let builder = synth.module.get_context().create_builder();
    let ops = Ops::new(&builder, synth.module);
    // Right where the request's code starts (after the instruction that preceded the request).
    match anchor {
        Some(before) => ops.position_after(before),
        None => {
            let block = request.call.get_parent().expect("request in a block");
            builder.position_before(&block.get_first_instruction().expect("non-empty block"));
        }
    }
    for shadow in synth.shadow_globals() {
        let ty = inkwell::types::BasicTypeEnum::try_from(shadow.get_value_type()).map_err(|_| Error::Internal("unsized shadow global".into()))?;
        let bytes = synth.module.get_context().i64_type().const_int(ir::store_size(synth.module, ty), false);
        ops.memset_zero(shadow.as_pointer_value().into(), bytes.into())?;
    }
    Ok(())
}

fn primal_and_shadows<'ctx>(request: &Request<'ctx>) -> Vec<BasicValueEnum<'ctx>> {
    let mut args = Vec::new();
    for arg in &request.args {
        args.push(arg.primal);
        if arg.activity.has_shadow() {
            args.extend(arg.shadows.iter().copied());
        }
    }
    args
}

fn reverse_request<'ctx>(
    synth: &mut Synthesizer<'_, 'ctx>,
    request: &Request<'ctx>,
    builder: &inkwell::builder::Builder<'ctx>,
    location: &Location,
) -> Result<Option<BasicValueEnum<'ctx>>> {
    let key = ReverseKey {
        hands_out: true,
        parallel: false,
        function: request.function,
        args: request.args.iter().map(|a| a.activity).collect(),
        ret_active: request.ret_activity != Activity::Const,
        // Combined mode runs the reverse right after the augmented primal; in split mode the
        // caller may change anything in between.
        overwritten: vec![request.mode != Mode::ReverseCombined; request.args.len()],
        top_level: true,
    };
    let pair = synth.reverse(key.clone())?;
    let module = synth.module;
    let ctx = module.get_context();
    builder.position_before(&request.call);
    let ops = Ops::new(builder, module);
    let runtime = |name: &str| module.get_function(name).ok_or_else(|| Error::Internal(format!("missing {name}")));
    // 1.0 in every float of the return type (the seed of `__enzyme_autodiff`), as the reverse
    // takes it: integer fields (which may hold float bits) as floats of their width.
    let return_type = request.function.get_type().get_return_type();
    let seed = |ops: &Ops<'_, 'ctx>| {
        let ty = return_type.expect("float return");
        ops.reinterpret(ops.const_float(ty, 1.0), ir::integers_as_floats(ty)).expect("same size")
    };
    match request.mode {
        Mode::ReverseCombined => {
            // The tape lives in the caller's frame for the duration of the call.
            // (Its layout is tape.ll's: the stack, then the list of kept shadows.)
            let (ptr, i64t) = (ctx.ptr_type(inkwell::AddressSpace::default()), ctx.i64_type());
            let tape_ty = ctx.struct_type(&[ptr.into(), i64t.into(), i64t.into(), ptr.into(), i64t.into(), i64t.into()], false);
            let tape = ops.alloca(tape_ty.into());
            ops.store(tape_ty.const_zero().into(), tape);
            let mut args = primal_and_shadows(request);
            args.push(tape);
            let (_, primal) = ops.call(pair.augmented, &args);
            let mut rev_args = primal_and_shadows(request);
            if takes_return_adjoint(&key) {
                rev_args.push(seed(&ops));
            }
            rev_args.push(tape);
            let (_, adjoints) = ops.call(pair.reverse, &rev_args);
            // The returned pointer's shadow goes to nobody in combined mode: if the tape keeps it
            // (fresh memory), it is released with the tape.
            if let (Some(p), true) = (primal, returns_shadow(&key)) {
                ops.call(runtime("llad.tape.freed")?, &[tape, ops.extract_value(p, 1)]);
            }
            ops.call(runtime("llad.tape.release")?, &[tape]);
            if request.primal_return {
                let primal = primal.map(|p| if returns_shadow(&key) { ops.extract_value(p, 0) } else { p });
                return Ok(Some(pack(&ops, primal.into_iter().chain(unpack(&ops, adjoints)).collect())));
            }
            Ok(adjoints)
        }
        Mode::AugmentedPrimal => {
            let (_, tape) = ops.call(runtime("llad.tape.new")?, &[]);
            let tape = tape.expect("tape pointer");
            let mut args = primal_and_shadows(request);
            args.push(tape);
            let (_, result) = ops.call(pair.augmented, &args);
            let mut fields = Vec::new();
            match request.tape {
                // `enzyme_tape, p`: the tape goes to *p instead of the result.
                Some(p) => {
                    if let Some(n) = request.allocated.filter(|n| u64::from(*n) < TAPE_HANDLE_BYTES) {
                        return Err(Error::BadRequest {
                            location: location.clone(),
                            what: format!("the tape needs {TAPE_HANDLE_BYTES} bytes but enzyme_allocated gives {n}"),
                            hint: "allocate __enzyme_augmentsize(f, ...) bytes".into(),
                        });
                    }
                    ops.store(tape, p);
                }
                None => fields.push(tape),
            }
            match result {
                Some(r) if returns_shadow(&key) => {
                    if !request.noret {
                        fields.push(ops.extract_value(r, 0));
                    }
                    fields.push(ops.extract_value(r, 1));
                }
                Some(r) if !request.noret => fields.push(r),
                _ => {}
            }
            Ok(match fields.len() {
                0 => None,
                1 => Some(fields[0]),
                _ => Some(pack(&ops, fields)),
            })
        }
        Mode::ReverseSplit => {
            let ptr_ty = ctx.ptr_type(inkwell::AddressSpace::default());
            let stored_tape = request.tape.map(|p| ops.load(ptr_ty.into(), p));
            let (seed_value, tape) = match (takes_return_adjoint(&key), request.trailing.as_slice(), stored_tape) {
                (true, [d], Some(t)) => (Some(*d), t),
                (true, [], Some(t)) => (Some(seed(&ops)), t),
                (false, [], Some(t)) => (None, t),
                (true, [d, t], None) => (Some(*d), *t),
                (true, [t], None) if ir::is_pointer_like(t.get_type()) => (Some(seed(&ops)), *t),
                (false, [t], None) => (None, *t),
                _ => {
                    return Err(Error::BadRequest {
                        location: location.clone(),
                        what: format!("__enzyme_reverse expects the arguments, then {}the tape; got {} extra operand(s)", if takes_return_adjoint(&key) { "the return's adjoint (optional), then " } else { "" }, request.trailing.len()),
                        hint: "pass the tape returned by __enzyme_augmentfwd as the last argument".into(),
                    })
                }
            };
            if !ir::is_pointer_like(tape.get_type()) {
                return Err(Error::BadRequest { location: location.clone(), what: "the tape must be a pointer".into(), hint: "pass the void* returned by __enzyme_augmentfwd".into() });
            }
            let mut rev_args = primal_and_shadows(request);
            if let Some(d) = seed_value {
                let want = return_type.expect("float return");
                if d.get_type() != want {
                    return Err(Error::BadRequest { location: location.clone(), what: format!("the return's adjoint must have type {}", want.print_to_string()), hint: "pass it with the function's return type".into() });
                }
                rev_args.push(ops.reinterpret(d, ir::integers_as_floats(want)).expect("same size"));
            }
            rev_args.push(tape);
            let (_, adjoints) = ops.call(pair.reverse, &rev_args);
            ops.call(runtime("llad.tape.delete")?, &[tape]);
            Ok(adjoints)
        }
        Mode::Forward | Mode::ErrorEstimate | Mode::AugmentSize => unreachable!("handled by the caller"),
    }
}

fn unpack<'ctx>(ops: &Ops<'_, 'ctx>, value: Option<BasicValueEnum<'ctx>>) -> Vec<BasicValueEnum<'ctx>> {
    match value {
        Some(v @ BasicValueEnum::StructValue(s)) => (0..s.get_type().count_fields()).map(|i| ops.extract_value(v, i)).collect(),
        Some(v) => vec![v],
        None => Vec::new(),
    }
}

fn pack<'ctx>(ops: &Ops<'_, 'ctx>, fields: Vec<BasicValueEnum<'ctx>>) -> BasicValueEnum<'ctx> {
    let types: Vec<BasicTypeEnum> = fields.iter().map(|f| f.get_type()).collect();
    let ty = ops.module.get_context().struct_type(&types, false);
    let mut v: BasicValueEnum = ty.const_zero().into();
    for (i, f) in fields.into_iter().enumerate() {
        v = ops.insert_value(v, f, i as u32);
    }
    v
}

/// Adapts the derivative's result to the request's declared return type (Enzyme's rules).
fn adapt_result<'ctx>(ops: &Ops<'_, 'ctx>, request: &Request<'ctx>, value: Option<BasicValueEnum<'ctx>>, location: Location) -> Result<Option<BasicValueEnum<'ctx>>> {
    let wanted: Option<BasicTypeEnum> = ir::result_of(request.call).map(|r| r.get_type());
    if let Some(buffer) = request.sret {
        // The declared struct is returned through memory: store the derivative's result there.
        let Some(v) = value else {
            return Err(Error::BadRequest { location, what: "the request returns a struct but the derivative returns nothing".into(), hint: "declare the request void".into() });
        };
        ops.store(v, buffer);
        return Ok(None);
    }
    let unused = never_read(request.call);
    Ok(match (wanted, value) {
        (None, _) => None,
        // Enzyme programs often declare one `double` prototype for every request.
        (Some(w), _) if unused => Some(ir::undef(w)),
        (Some(w), Some(v)) if w == v.get_type() => Some(v),
        // A prototype returning one scalar gets element 0 of a struct (Enzyme's rule).
        (Some(w), Some(v)) if matches!(v.get_type(), BasicTypeEnum::StructType(s) if s.get_field_type_at_index(0) == Some(w)) => Some(ops.extract_value(v, 0)),
        (Some(w), Some(v)) if same_layout(ops.module, w, v.get_type()) => Some(ops.cast(LLVMOpcode::LLVMBitCast, v, w)),
        // The C ABI may pass a small struct as a vector or integer ({float, float} as <2 x float>):
        // reinterpret the bytes through memory when the sizes agree.
        (Some(w), Some(v)) if ir::store_size(ops.module, w) == ir::store_size(ops.module, v.get_type()) && !is_struct_with_same_fields(w, v.get_type()) => {
            let slot = ops.alloca(v.get_type());
            ops.store(v, slot);
            Some(ops.load(w, slot))
        }
        (Some(w), Some(v)) if is_struct_with_same_fields(w, v.get_type()) => {
            let mut out: BasicValueEnum = w.const_zero();
            for (i, f) in unpack(ops, Some(v)).into_iter().enumerate() {
                out = ops.insert_value(out, f, i as u32);
            }
            Some(out)
        }
        (Some(w), v) => {
            return Err(Error::BadRequest {
                location,
                what: format!(
                    "the request is declared to return {} but the derivative returns {}",
                    w.print_to_string().to_string(),
                    v.map(|v| v.get_type().print_to_string().to_string()).unwrap_or_else(|| "void".into())
                ),
                hint: "declare the request with the derivative's return type (forward: the tangent, or {primal, tangent} with enzyme_primal_return; reverse: the adjoints of the active arguments)".into(),
            })
        }
    })
}

/// Whether the request's result is never read: no use, or only stored into local variables that
/// nothing reads (`double d = __enzyme_autodiff(...)` at -O0, `d` unused).
fn never_read(call: InstructionValue<'_>) -> bool {
    ir::users(call).into_iter().all(|u| {
        let into_slot = u.get_opcode() == InstructionOpcode::Store && ir::operand(u, 1).and_then(|p| p.as_instruction_value()).is_some_and(|slot| {
            slot.get_opcode() == InstructionOpcode::Alloca && ir::users(slot).iter().all(|w| w.get_opcode() == InstructionOpcode::Store && ir::operand(*w, 1).and_then(|p| p.as_instruction_value()) == Some(slot))
        });
        into_slot && ir::operand(u, 0).and_then(|v| v.as_instruction_value()) == Some(call)
    })
}

fn is_struct_with_same_fields(a: BasicTypeEnum<'_>, b: BasicTypeEnum<'_>) -> bool {
    match (a, b) {
        (BasicTypeEnum::StructType(x), BasicTypeEnum::StructType(y)) => x.get_field_types() == y.get_field_types(),
        _ => false,
    }
}

fn same_layout(module: &Module<'_>, a: BasicTypeEnum<'_>, b: BasicTypeEnum<'_>) -> bool {
    let scalar = |t: BasicTypeEnum<'_>| matches!(t, BasicTypeEnum::FloatType(_) | BasicTypeEnum::IntType(_) | BasicTypeEnum::VectorType(_));
    scalar(a) && scalar(b) && ir::store_size(module, a) == ir::store_size(module, b)
}

/// Erases unused loads of `enzyme_*` marker globals (and the local variables they were copied
/// through), then unused marker and request declarations, so that programs link without defining
/// them.
pub fn remove_request_leftovers(module: &Module<'_>) {
    remove_marker_copies(module);
    // `__enzyme_iter(n, k)` outside derivatives is `n` (`synth::ITERATION_COUNT`).
    if let Some(iter) = module.get_function(crate::synth::ITERATION_COUNT) {
        let calls: Vec<InstructionValue> = module.get_functions().flat_map(|f| f.get_basic_block_iter()).flat_map(|b| b.get_instructions()).filter(|i| ir::called_function(*i) == Some(iter)).collect();
        for call in calls {
            // (an invoke, in C++ with exceptions: a call first, then gone)
            ir::invoke_to_call(call);
        }
        let calls: Vec<InstructionValue> = module.get_functions().flat_map(|f| f.get_basic_block_iter()).flat_map(|b| b.get_instructions()).filter(|i| ir::called_function(*i) == Some(iter)).collect();
        for call in calls {
            let n = ir::operand(call, 0);
            ir::replace_and_erase(call, n);
        }
        ir::delete_function_if_unused(iter);
    }
    for global in module.get_globals() {
        let name = ir::cstr_lossy(global.get_name());
        // Also what llad's clang front end left for the pass: registrations (read by now; one for
        // a declaration never defined would otherwise keep an undefined reference) and its marker.
        let from_front_end = (name.starts_with("__enzyme_") && name.contains("_llad_")) || name.contains(crate::source_attributes::MARKER);
        if (crate::requests::is_marker_global_name(&name) && global.is_declaration()) || from_front_end {
            ir::delete_global_if_unused(global);
        }
    }
    for function in module.get_functions() {
        let name = ir::function_name(function);
        // Request declarations, and the callers of rule functions (`ir::caller_of`) whose
        // derivatives now stand alone.
        // (and the normal-path copies of functions with invokes, `ir::normal_path_copy`)
        if (name.contains("__enzyme_") && function.get_first_basic_block().is_none()) || name.ends_with(".llad.call") || name.ends_with(".llad.normal") {
            ir::delete_function_if_unused(function);
        }
    }
}

/// Erases what carried `enzyme_*` markers to the replaced requests: unused loads of the marker
/// globals, and local variables only ever written with markers (clang -O0 copies every argument
/// of an inlined helper, such as `<enzyme/enzyme>`'s, through one), until nothing is left.
fn remove_marker_copies(module: &Module<'_>) {
    let is_marker_global = |v: BasicValueEnum<'_>| ir::as_global_variable(ir::strip_casts(v)).is_some_and(|g| crate::requests::is_marker_global_name(&ir::cstr_lossy(g.get_name())));
    // A marker value: a load of a marker global, or of a local variable that holds one.
    let carries_marker = |v: BasicValueEnum<'_>| {
        let v = ir::through_local_copies(v);
        v.as_instruction_value().filter(|i| i.get_opcode() == InstructionOpcode::Load).and_then(|l| ir::operand(l, 0)).is_some_and(is_marker_global)
    };
    loop {
        let mut dead = Vec::new();
        for inst in module.get_functions().flat_map(|f| f.get_basic_block_iter()).flat_map(|b| b.get_instructions()) {
            match inst.get_opcode() {
                InstructionOpcode::Load if inst.get_first_use().is_none() => {
                    let from = ir::operand(inst, 0);
                    if from.is_some_and(is_marker_global) || ir::result_of(inst).is_some_and(carries_marker) {
                        dead.push(inst);
                    }
                }
                InstructionOpcode::Alloca => {
                    let users = ir::users(inst);
                    let write_only = users.iter().all(|u| u.get_opcode() == InstructionOpcode::Store && ir::operand(*u, 1).and_then(|p| p.as_instruction_value()) == Some(inst));
                    if !users.is_empty() && write_only && users.iter().all(|u| ir::operand(*u, 0).is_some_and(carries_marker)) {
                        dead.extend(users);
                        dead.push(inst);
                    }
                }
                _ => {}
            }
        }
        if dead.is_empty() {
            return;
        }
        for inst in dead {
            ir::replace_and_erase(inst, None);
        }
    }
}
