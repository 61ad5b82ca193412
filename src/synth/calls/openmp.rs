//! OpenMP parallel regions (`#pragma omp parallel`, `parallel for`): clang outlines the region's
//! body into a function that `__kmpc_fork_call(loc, n, outlined, args...)` runs on every thread as
//! `outlined(&gtid, &btid, args...)`. Forward mode forks the outlined function's derivative
//! instead, its shadows passed beside the arguments they shadow, so every thread computes the
//! tangents of the iterations it runs (the scheduling calls inside run as in the primal, and the
//! derivative runs with as many threads). Reductions (`reduction(+:s)`) take their atomic path in
//! derivatives, where each thread adds its private value, and its tangent, atomically: the
//! runtime's other path combines private copies with a function of the primal only. Reverse mode
//! is not supported yet: a clear error.
use super::defined::{forward_activities, with_tangents};
use super::{Adjoints, CallHandler, CallSite, Shadows, Tangents};
use crate::analysis::calls::{ReductionCall, OPENMP_FORK_ARGS};
use crate::diag::{Error, Result};
use crate::ir;
use crate::model::{location_of, Activity};
use crate::synth::keys::ForwardKey;
use inkwell::values::{BasicValueEnum, FunctionValue};

pub struct ParallelRegion<'ctx>(pub FunctionValue<'ctx>);

impl<'ctx> ParallelRegion<'ctx> {
    fn reverse_unsupported(&self, call: &CallSite<'ctx>) -> Error {
        let caller = call.inst.get_parent().and_then(|b| b.get_parent()).expect("call in a function");
        Error::Unsupported {
            location: location_of(caller, call.inst),
            what: format!("OpenMP parallel region ('{}', a `#pragma omp parallel`) with active data in reverse mode is not supported yet", ir::function_name(self.0)),
            hint: "differentiate it in forward mode (__enzyme_fwddiff), or run that part serially for the gradient".into(),
        }
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
        let mut fork_args: Vec<BasicValueEnum<'ctx>> = (0..OPENMP_FORK_ARGS).map(|i| ir::operand(clone, i).expect("fork call operand")).collect();
        fork_args[2] = derivative.as_global_value().as_pointer_value().into();
        fork_args.extend(with_tangents(cx, call, OPENMP_FORK_ARGS as usize, &captured_activities)?);
        // The count of captured values the microtask takes.
        let ctx = derivative.get_type().get_context();
        fork_args[1] = ctx.i32_type().const_int((fork_args.len() - OPENMP_FORK_ARGS as usize) as u64, false).into();
        let fork = ir::called_function(clone).expect("the fork call's callee");
        let (inst, _) = ops.call(fork, &fork_args);
        ir::copy_debug_location(clone, inst);
        cx.replace_call(call, None);
        Ok(())
    }

    fn augmented<'s>(&self, cx: &mut dyn Shadows<'s, 'ctx>, call: &CallSite<'ctx>) -> Result<()>
    where
        'ctx: 's,
    {
        if call.carries_derivatives(|a| cx.varied(a)) {
            return Err(self.reverse_unsupported(call));
        }
        Ok(())
    }

    fn adjoint<'s>(&self, cx: &mut dyn Adjoints<'s, 'ctx>, call: &CallSite<'ctx>) -> Result<()>
    where
        'ctx: 's,
    {
        if call.carries_derivatives(|a| cx.varied(a)) {
            return Err(self.reverse_unsupported(call));
        }
        Ok(())
    }
}

/// A call of the reduction protocol, in a derivative of a region's outlined function.
pub struct Reduction(pub ReductionCall);

impl Reduction {
    fn error<'ctx>(&self, call: &CallSite<'ctx>, what: &str) -> Error {
        let caller = call.inst.get_parent().and_then(|b| b.get_parent()).expect("call in a function");
        Error::Unsupported { location: location_of(caller, call.inst), what: format!("OpenMP reduction: {what}"), hint: "use reduction(+:...) on scalars, or a critical section".into() }
    }
}

impl<'ctx> CallHandler<'ctx> for Reduction {
    fn per_lane(&self) -> bool {
        false
    }

    /// `__kmpc_reduce*` becomes 2 (the atomic path) without calling the runtime; the blocking
    /// variant's end, whose barrier the protocol promises, becomes a barrier; the other end is on
    /// the path no longer taken.
    fn tangent<'s>(&self, cx: &mut dyn Tangents<'s, 'ctx>, call: &CallSite<'ctx>) -> Result<()>
    where
        'ctx: 's,
    {
        let clone = call.clone_inst();
        match self.0 {
            ReductionCall::Start => {
                let has_atomic_path = ir::users(call.inst).iter().all(|u| u.get_opcode() == inkwell::values::InstructionOpcode::Switch && ir::switch_cases(*u).contains(&2));
                if !has_atomic_path {
                    return Err(self.error(call, "this reduction has no atomic path (clang gives one to scalar +, *, min, max)"));
                }
                let two = clone.get_type().into_int_type().const_int(2, false);
                cx.replace_call(call, Some(two.into()));
            }
            ReductionCall::End => {
                let ops = cx.ops();
                ops.position_before(clone);
                let args = [ir::operand(clone, 0).expect("loc"), ir::operand(clone, 1).expect("gtid")];
                let barrier = ops.declare("__kmpc_barrier", None, &[args[0].get_type(), args[1].get_type()]);
                ops.call(barrier, &args);
                cx.replace_call(call, None);
            }
            ReductionCall::EndNowait => cx.replace_call(call, None),
        }
        Ok(())
    }
}
