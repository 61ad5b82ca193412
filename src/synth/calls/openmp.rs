//! OpenMP parallel regions (`#pragma omp parallel`, `parallel for`): clang outlines the region's
//! body into a function that `__kmpc_fork_call(loc, n, outlined, args...)` runs on every thread as
//! `outlined(&gtid, &btid, args...)`.
//!
//! Forward mode forks the outlined function's derivative instead, its shadows passed beside the
//! arguments they shadow, so every thread computes the tangents of the iterations it runs (the
//! scheduling calls inside run as in the primal, and the derivative runs with as many threads).
//!
//! Reverse mode forks the augmented primal of the body, each thread pushing on a tape of its own
//! (`synth/omp_runtime.c`), and in the reverse sweep forks the body's reverse with the same number
//! of threads, thread i popping tape i: every thread replays backwards the iterations it ran,
//! whatever the schedule, and meets the team's barriers and critical sections in reverse order.
//! The body's derivative is keyed `parallel`: adjoints it adds into memory that is not the
//! thread's own (shared arrays) go in with atomic adds, and adjoints of scalars the region got by
//! value are summed over the team.
//!
//! Reductions (`reduction(+:s)`) take their atomic path in derivatives, where each thread adds its
//! private value (and its tangent) atomically: the runtime's other path combines private copies
//! with a function of the primal only. In reverse, every thread's private copy gets the adjoint of
//! the shared result.
use super::defined::{forward_activities, with_tangents};
use super::{Adjoints, CallHandler, CallSite, Need, Shadows, Tangents};
use crate::analysis::activity::ActivityFacts;
use crate::analysis::calls::{OpenMpCall, OPENMP_FORK_ARGS};
use crate::diag::{Error, Result};
use crate::ir::{self, Ops};
use crate::model::Activity;
use crate::rules::MathTable;
use crate::synth::keys::{out_types, returns_arg_adjoint, ReverseKey, ForwardKey};
use inkwell::module::Module;
use inkwell::types::BasicTypeEnum;
use inkwell::values::{BasicValueEnum, FunctionValue, InstructionOpcode, InstructionValue};

pub struct ParallelRegion<'ctx>(pub FunctionValue<'ctx>);

/// The fork call's operands before the captured values, the microtask replaced.
fn fork_prefix<'ctx>(call: InstructionValue<'ctx>, microtask: FunctionValue<'ctx>) -> Vec<BasicValueEnum<'ctx>> {
    let mut args: Vec<BasicValueEnum<'ctx>> = (0..OPENMP_FORK_ARGS).map(|i| ir::operand(call, i).expect("fork call operand")).collect();
    args[2] = microtask.as_global_value().as_pointer_value().into();
    args
}

/// Calls `__kmpc_fork_call` like `like` with `args` (the prefix, then what the microtask takes
/// after the two thread ids), their count set.
/// In a copy of the primal's code (`in_copy`), the fork keeps the call's debug location.
fn fork<'ctx>(ops: &Ops<'_, 'ctx>, like: InstructionValue<'ctx>, mut args: Vec<BasicValueEnum<'ctx>>, in_copy: bool) {
    let ctx = ops.module.get_context();
    args[1] = ctx.i32_type().const_int((args.len() - OPENMP_FORK_ARGS as usize) as u64, false).into();
    let runtime = ir::called_function(like).expect("the fork call's callee");
    let (inst, _) = ops.call(runtime, &args);
    if in_copy {
        ir::copy_debug_location(like, inst);
    }
}

fn runtime_function<'ctx>(module: &Module<'ctx>, name: &str) -> Result<FunctionValue<'ctx>> {
    ir::link_omp_runtime(module)?;
    module.get_function(name).ok_or_else(|| Error::Internal(format!("OpenMP runtime function {name} missing")))
}

/// `name(ptr gtid, ptr btid, ptr tapes, [ptr adjoints,] rest...)`, the microtask a derivative's
/// fork runs: it finds the thread's tape (with `tape_of`) and calls `derivative(gtid, btid,
/// rest..., tape)`; with `adjoints`, it adds what the derivative returns (the adjoints of values
/// the region got by value) atomically into the struct `adjoints` points to.
fn microtask<'ctx>(module: &Module<'ctx>, name: &str, derivative: FunctionValue<'ctx>, tape_of: &str, with_adjoints: bool) -> Result<FunctionValue<'ctx>> {
    if let Some(f) = module.get_function(name) {
        return Ok(f);
    }
    let tape_of = runtime_function(module, tape_of)?;
    let ctx = module.get_context();
    let ptr: BasicTypeEnum = ctx.ptr_type(inkwell::AddressSpace::default()).into();
    let params = derivative.get_type().get_param_types();
    // The derivative's own parameters: gtid, btid, the captured values and shadows, the tape.
    let rest: Vec<BasicTypeEnum> = params[2..params.len() - 1].iter().map(|t| BasicTypeEnum::try_from(*t).expect("basic parameter")).collect();
    let mut types: Vec<BasicTypeEnum> = vec![ptr, ptr, ptr];
    if with_adjoints {
        types.push(ptr);
    }
    types.extend(rest.iter().copied());
    let metadata: Vec<_> = types.iter().map(|t| (*t).into()).collect();
    let f = module.add_function(name, ctx.void_type().fn_type(&metadata, false), Some(inkwell::module::Linkage::Internal));
    let builder = ctx.create_builder();
    builder.position_at_end(ctx.append_basic_block(f, "entry"));
    let ops = Ops::new(&builder, module);
    let param = |i: u32| f.get_nth_param(i).expect("microtask parameter");
    let (_, tape) = ops.call(tape_of, &[param(2)]);
    let first_rest = if with_adjoints { 4 } else { 3 };
    let mut args = vec![param(0), param(1)];
    args.extend((0..rest.len() as u32).map(|i| param(first_rest + i)));
    args.push(tape.expect("a tape"));
    let (_, adjoints) = ops.call(derivative, &args);
    if let (true, Some(adjoints)) = (with_adjoints, adjoints) {
        ops.atomic_add_into(param(3), adjoints);
    }
    builder.build_return(None).map_err(|e| Error::Internal(e.to_string()))?;
    Ok(f)
}

/// The team size a `num_threads` clause asked for, and the call that asks: clang pushes it before
/// the fork, in the same block (a `proc_bind` push may come between).
fn requested_threads<'ctx>(fork_call: InstructionValue<'ctx>) -> Option<(InstructionValue<'ctx>, BasicValueEnum<'ctx>)> {
    let mut at = fork_call.get_previous_instruction();
    while let Some(inst) = at {
        let callee = (inst.get_opcode() == InstructionOpcode::Call).then(|| ir::called_function(inst)).flatten().map(ir::function_name);
        match callee.as_deref() {
            Some("__kmpc_push_num_threads") => return ir::operand(inst, 2).map(|n| (inst, n)),
            Some(name) if name.starts_with("__kmpc_fork") => return None,
            _ => at = inst.get_previous_instruction(),
        }
    }
    None
}

impl<'ctx> ParallelRegion<'ctx> {
    /// Values the region gets by value whose adjoints the reverse must sum over the team: floats
    /// (or integers holding float bits), whose atomic sum is an `atomicrmw fadd`.
    fn check_summable(&self, call: &CallSite<'ctx>, key: &ReverseKey<'ctx>) -> Result<()> {
        for ty in out_types(key) {
            let floats = match ty {
                BasicTypeEnum::FloatType(_) => true,
                BasicTypeEnum::VectorType(v) => v.get_element_type().is_float_type(),
                _ => false,
            };
            if !floats {
                return Err(call.unsupported(
                    format!("OpenMP parallel region ('{}') that gets an active aggregate by value ({}) in reverse mode", ir::function_name(self.0), ty.print_to_string()),
                    "share it (a pointer) or make it firstprivate scalar by scalar",
                ));
            }
        }
        Ok(())
    }
}

impl<'ctx> CallHandler<'ctx> for ParallelRegion<'ctx> {
    /// One fork of the batched derivative serves every lane.
    fn per_lane(&self) -> bool {
        false
    }

    fn tangent<'s>(&self, cx: &mut dyn Tangents<'s, 'ctx>, call: &CallSite<'ctx>) -> Result<()>
    where
        'ctx: 's,
    {
        if !call.carries_derivatives(|a| cx.varied(a)) {
            return Ok(());
        }
        let clone = call.clone_inst();
        let captured = &call.args[OPENMP_FORK_ARGS as usize..];
        // The outlined function takes &gtid and &btid first (constant), then the captured values.
        let captured_activities = forward_activities(cx, captured);
        let mut activities = vec![Activity::Const, Activity::Const];
        activities.extend(captured_activities.iter().copied());
        let width = cx.width();
        let key = ForwardKey { function: self.0, args: activities.clone(), ret_tangent: false, ret_primal: false, top_level: false, width: width as u32, error: cx.error_mode() };
        let derivative = cx.derivative(key)?;
        let ops = cx.ops();
        ops.position_before(clone);
        let mut fork_args = fork_prefix(clone, derivative);
        fork_args.extend(with_tangents(cx, call, OPENMP_FORK_ARGS as usize, &captured_activities)?);
        fork(&ops, clone, fork_args, true);
        cx.replace_call(call, None);
        Ok(())
    }

    /// Forks the body's augmented primal, each thread with its own tape; the tapes are kept for
    /// the reverse.
    fn augmented<'s>(&self, cx: &mut dyn Shadows<'s, 'ctx>, call: &CallSite<'ctx>) -> Result<()>
    where
        'ctx: 's,
    {
        if !call.carries_derivatives(|a| cx.varied(a)) {
            return Ok(());
        }
        let key = cx.callee_key(call, self.0);
        self.check_summable(call, &key)?;
        let pair = cx.derivatives(key.clone())?;
        let clone = call.clone_inst();
        let ops = cx.ops();
        let module = ops.module;
        let task = microtask(module, &format!("llad.omp.task.{}", ir::function_name(pair.augmented)), pair.augmented, "llad_omp_thread_tape", false)?;
        // (Before a num_threads clause's push: nothing may come between that request and the fork
        // that asks the runtime for threads.)
        let requested = requested_threads(clone);
        ops.position_before(requested.map_or(clone, |(push, _)| push));
        let requested = requested.map_or_else(|| module.get_context().i32_type().const_zero().into(), |(_, n)| n);
        let (_, tapes) = ops.call(runtime_function(module, "llad_omp_tapes_new")?, &[requested]);
        let tapes = tapes.expect("tapes");
        ops.position_before(clone);
        let mut fork_args = fork_prefix(clone, task);
        fork_args.push(tapes);
        for (param, activity) in key.args.iter().enumerate().skip(2) {
            let operand = param as u32 + OPENMP_FORK_ARGS - 2;
            fork_args.push(ir::operand(clone, operand).expect("captured value"));
            if activity.has_shadow() {
                fork_args.push(cx.shadow(call.args[operand as usize], call.inst)?);
            }
        }
        fork(&ops, clone, fork_args, true);
        cx.record_rule_scratch(call.inst, 0, tapes);
        cx.replace_call(call, None);
        Ok(())
    }

    fn needs(&self, call: &CallSite<'ctx>, act: &ActivityFacts, _: &MathTable) -> Vec<Need<'ctx>> {
        if !call.carries_derivatives(|a| act.is_varied(a)) {
            return Vec::new();
        }
        let mut out = vec![Need::RuleScratch(0, "thread tapes of an OpenMP parallel region"), Need::Primal(call.args[0], "OpenMP source location")];
        for a in &call.args[OPENMP_FORK_ARGS as usize..] {
            out.push(Need::Primal(*a, "value an OpenMP region captures"));
            if act.is_varied(*a) && ir::contains_pointer(a.get_type()) {
                out.push(Need::Shadow(*a, "shadow an OpenMP region captures"));
            }
        }
        out
    }

    /// Forks the body's reverse with the team the augmented primal had, then sums the adjoints
    /// of values the region got by value and frees the tapes.
    fn adjoint<'s>(&self, cx: &mut dyn Adjoints<'s, 'ctx>, call: &CallSite<'ctx>) -> Result<()>
    where
        'ctx: 's,
    {
        if !call.carries_derivatives(|a| cx.varied(a)) {
            return Ok(());
        }
        let key = cx.callee_key(call, self.0);
        let pair = cx.derivatives(key.clone())?;
        let outs = out_types(&key);
        let module = cx.ops().module;
        let task = microtask(module, &format!("llad.omp.task.{}", ir::function_name(pair.reverse)), pair.reverse, "llad_omp_thread_tape_reverse", !outs.is_empty())?;
        let tapes = cx.rule_scratch(call.inst, 0)?;
        let loc = cx.primal(call.args[0], call.inst)?;
        let mut fork_args = fork_prefix(call.inst, task);
        fork_args[0] = loc;
        fork_args.push(tapes);
        let sums = (!outs.is_empty()).then(|| {
            let ops = cx.ops();
            let ty: BasicTypeEnum = module.get_context().struct_type(&outs, false).into();
            let slot = ops.alloca(ty);
            ops.store(ty.const_zero(), slot);
            (slot, ty)
        });
        if let Some((slot, _)) = sums {
            fork_args.push(slot);
        }
        for (param, activity) in key.args.iter().enumerate().skip(2) {
            let arg = call.args[param + OPENMP_FORK_ARGS as usize - 2];
            fork_args.push(cx.primal(arg, call.inst)?);
            if activity.has_shadow() {
                fork_args.push(cx.shadow(arg, call.inst)?);
            }
        }
        let ops = cx.ops();
        ops.call(runtime_function(module, "llad_omp_push_team")?, &[tapes, loc]);
        fork(&ops, call.inst, fork_args, false);
        let release = module.get_function("llad.tape.release").ok_or_else(|| Error::Internal("tape runtime missing".into()))?;
        ops.call(runtime_function(module, "llad_omp_tapes_free")?, &[tapes, release.as_global_value().as_pointer_value().into()]);
        if let Some((slot, ty)) = sums {
            let sums = ops.load(ty, slot);
            let mut field = 0;
            for param in 2..key.args.len() {
                if returns_arg_adjoint(&key, param) {
                    let adjoint = cx.ops().extract_value(sums, field);
                    cx.add(call.args[param + OPENMP_FORK_ARGS as usize - 2], adjoint)?;
                    field += 1;
                }
            }
        }
        Ok(())
    }
}

/// A call of the OpenMP runtime that derivatives treat specially (see [`OpenMpCall`]).
pub struct RuntimeCall(pub OpenMpCall);

impl RuntimeCall {
    fn error<'ctx>(&self, call: &CallSite<'ctx>, what: &str) -> Error {
        call.unsupported(format!("OpenMP reduction: {what}"), "use reduction(+:...) on scalars, or a critical section")
    }

    /// Derivatives take a reduction's atomic path: `__kmpc_reduce*` becomes 2 without calling the
    /// runtime; the blocking variant's end, whose barrier the protocol promises, becomes a
    /// barrier; the other end is on the path no longer taken. Other calls stay.
    fn take_atomic_path<'ctx>(&self, ops: &Ops<'_, 'ctx>, call: &CallSite<'ctx>, replace: &mut dyn FnMut(Option<BasicValueEnum<'ctx>>)) -> Result<()> {
        let clone = call.clone_inst();
        match self.0 {
            OpenMpCall::ReduceStart => {
                let has_atomic_path = ir::users(call.inst).iter().all(|u| u.get_opcode() == InstructionOpcode::Switch && ir::switch_cases(*u).contains(&2));
                if !has_atomic_path {
                    return Err(self.error(call, "this reduction has no atomic path (clang gives one to scalar +, *, min, max)"));
                }
                let two = clone.get_type().into_int_type().const_int(2, false);
                replace(Some(two.into()));
            }
            OpenMpCall::ReduceEnd => {
                ops.position_before(clone);
                barrier(ops, ir::operand(clone, 0).expect("loc"), ir::operand(clone, 1));
                replace(None);
            }
            OpenMpCall::ReduceEndNowait => replace(None),
            OpenMpCall::Barrier | OpenMpCall::Critical | OpenMpCall::EndCritical | OpenMpCall::Ordered => {}
        }
        Ok(())
    }
}

/// The current thread's global id (what `__kmpc_*` calls take), asked of the runtime.
fn thread_id<'ctx>(ops: &Ops<'_, 'ctx>, loc: BasicValueEnum<'ctx>) -> BasicValueEnum<'ctx> {
    let i32t: BasicTypeEnum = ops.module.get_context().i32_type().into();
    let gtid = ops.declare("__kmpc_global_thread_num", Some(i32t), &[loc.get_type()]);
    ops.call(gtid, &[loc]).1.expect("thread id")
}

/// `__kmpc_barrier(loc, gtid)`, the thread's id given or asked for.
fn barrier<'ctx>(ops: &Ops<'_, 'ctx>, loc: BasicValueEnum<'ctx>, gtid: Option<BasicValueEnum<'ctx>>) {
    let gtid = gtid.unwrap_or_else(|| thread_id(ops, loc));
    let barrier = ops.declare("__kmpc_barrier", None, &[loc.get_type(), gtid.get_type()]);
    ops.call(barrier, &[loc, gtid]);
}

impl<'ctx> CallHandler<'ctx> for RuntimeCall {
    fn per_lane(&self) -> bool {
        false
    }

    fn tangent<'s>(&self, cx: &mut dyn Tangents<'s, 'ctx>, call: &CallSite<'ctx>) -> Result<()>
    where
        'ctx: 's,
    {
        let ops = cx.ops();
        let mut replaced = None;
        self.take_atomic_path(&ops, call, &mut |v| replaced = Some(v))?;
        if let Some(v) = replaced {
            cx.replace_call(call, v);
        }
        Ok(())
    }

    /// Reductions take their atomic path; the end of a critical section takes the team's next
    /// ticket (while the section still holds its lock), kept for the reverse.
    fn augmented<'s>(&self, cx: &mut dyn Shadows<'s, 'ctx>, call: &CallSite<'ctx>) -> Result<()>
    where
        'ctx: 's,
    {
        let ops = cx.ops();
        if self.0 == OpenMpCall::Ordered {
            return Err(call.unsupported(
                format!("OpenMP ordered ('{}') in a region differentiated in reverse mode is not supported yet", ir::called_function(call.inst).map(ir::function_name).unwrap_or_default()),
                "differentiate it in forward mode, or move the ordered part out of the parallel loop",
            ));
        }
        if self.0 == OpenMpCall::EndCritical {
            let ptr = ops.module.get_context().ptr_type(inkwell::AddressSpace::default());
            let ticket = if cx.parallel() {
                ops.position_before(call.clone_inst());
                let (_, t) = ops.call(runtime_function(ops.module, "llad_omp_ticket")?, &[cx.tape()]);
                ops.cast(llvm_sys::LLVMOpcode::LLVMIntToPtr, t.expect("ticket"), ptr.into())
            } else {
                ptr.const_null().into()
            };
            cx.record_rule_scratch(call.inst, 0, ticket);
            return Ok(());
        }
        let mut replaced = None;
        self.take_atomic_path(&ops, call, &mut |v| replaced = Some(v))?;
        if let Some(v) = replaced {
            cx.replace_call(call, v);
        }
        Ok(())
    }

    fn needs(&self, call: &CallSite<'ctx>, _: &ActivityFacts, _: &MathTable) -> Vec<Need<'ctx>> {
        match self.0 {
            OpenMpCall::EndCritical => vec![Need::RuleScratch(0, "ticket of an OpenMP critical section")],
            OpenMpCall::Barrier | OpenMpCall::ReduceEnd => vec![Need::Primal(call.args[0], "OpenMP source location")],
            _ => Vec::new(),
        }
    }

    /// The team synchronizes where the primal did, in reverse order: a barrier stays a barrier
    /// (so does the end of a blocking reduction; the thread id is asked for again, as the reverse
    /// runs in a team of its own); the reverse of a critical section starts when the reverses of
    /// every section that ran after it are done, and ends by letting the one before it start.
    fn adjoint<'s>(&self, cx: &mut dyn Adjoints<'s, 'ctx>, call: &CallSite<'ctx>) -> Result<()>
    where
        'ctx: 's,
    {
        match self.0 {
            OpenMpCall::Barrier | OpenMpCall::ReduceEnd => {
                let loc = cx.primal(call.args[0], call.inst)?;
                barrier(&cx.ops(), loc, None);
            }
            // (a derivative that does not run in a team has nothing to order)
            OpenMpCall::EndCritical if cx.parallel() => {
                let ticket = cx.rule_scratch(call.inst, 0)?;
                let ops = cx.ops();
                let ticket = ops.cast(llvm_sys::LLVMOpcode::LLVMPtrToInt, ticket, ops.module.get_context().i64_type().into());
                ops.call(runtime_function(ops.module, "llad_omp_ticket_wait")?, &[cx.tape(), ticket]);
            }
            OpenMpCall::Critical if cx.parallel() => {
                let ops = cx.ops();
                ops.call(runtime_function(ops.module, "llad_omp_ticket_done")?, &[cx.tape()]);
            }
            _ => {}
        }
        Ok(())
    }
}
