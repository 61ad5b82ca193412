//! Rewrites of the code to differentiate into forms llad has rules for, done before analysis.
//! Unused vector lanes get defined values (see `ir::define_poison_lanes`).
//! Vector reductions other than fadd (which is linear) become chains of scalar operations: their
//! derivatives then follow from the rules for extractelement, fmul and maxnum/minnum.
//! `posix_memalign(&p, align, size)` becomes `p = aligned_alloc(align, size)`: an allocation whose
//! result is stored, which allocation handling and activity analysis know. Complex multiplication
//! through the C runtime (`__muldc3`) gets a body in the module (`synth/complex_runtime.c`).
use crate::ir::{self, Ops};
use inkwell::module::Module;
use inkwell::values::{BasicValueEnum, FunctionValue, InstructionValue};
use std::collections::HashSet;

/// What a reduction becomes: `fmul` chains, or chains of a binary intrinsic.
enum Step {
    FMul,
    Intrinsic(&'static str),
}

fn reduction(name: &str) -> Option<(Step, bool)> {
    // (step, has a start operand)
    let base = name.strip_prefix("llvm.vector.reduce.")?.split('.').next()?;
    Some(match base {
        "fmul" => (Step::FMul, true),
        "fmax" => (Step::Intrinsic("maxnum"), false),
        "fmin" => (Step::Intrinsic("minnum"), false),
        "fmaximum" => (Step::Intrinsic("maximum"), false),
        "fminimum" => (Step::Intrinsic("minimum"), false),
        _ => return None,
    })
}

/// The C runtime's complex multiplications (clang's lowering of `*` on `_Complex` values).
const COMPLEX_MULTIPLICATIONS: [&str; 2] = ["__muldc3", "__mulsc3"];

/// Whether a function reachable from `roots` through direct calls calls the C runtime's complex
/// multiplication (declared, not defined, in the module).
fn reaches_complex_multiplication(roots: &[FunctionValue<'_>]) -> bool {
    let mut seen = HashSet::new();
    let mut work = roots.to_vec();
    while let Some(f) = work.pop() {
        if !seen.insert(f) {
            continue;
        }
        for callee in f.get_basic_block_iter().flat_map(|b| b.get_instructions()).filter_map(ir::called_function) {
            if callee.get_first_basic_block().is_some() {
                work.push(callee);
            } else if COMPLEX_MULTIPLICATIONS.contains(&ir::function_name(callee).as_str()) {
                return true;
            }
        }
    }
    false
}

/// Prepares every function reachable from `roots`: lowers its reductions and gives its unused
/// vector lanes defined values (`ir::define_poison_lanes`). A module that multiplies complex
/// numbers through the C runtime gets a body for that multiplication to differentiate (the
/// runtime's own algorithm, so the primal computes the same values).
pub fn prepare<'ctx>(module: &Module<'ctx>, roots: &[FunctionValue<'ctx>]) -> crate::diag::Result<()> {
    // (linked before the walk below: linking replaces the declaration a walk would be holding)
    if reaches_complex_multiplication(roots) {
        ir::link_complex_runtime(module)?;
    }
    let mut seen = HashSet::new();
    let mut work: Vec<FunctionValue<'ctx>> = roots.to_vec();
    let builder = module.get_context().create_builder();
    while let Some(f) = work.pop() {
        if !seen.insert(f) {
            continue;
        }
        ir::define_poison_lanes(f);
        work.extend(crate::dispatch::dispatch_indirect_calls(module, f)?);
        let insts: Vec<InstructionValue<'ctx>> = f.get_basic_block_iter().flat_map(|b| b.get_instructions()).collect();
        for inst in insts {
            let Some(callee) = ir::called_function(inst) else { continue };
            if callee.get_first_basic_block().is_some() {
                work.push(callee);
                continue;
            }
            if ir::function_name(callee) == "posix_memalign" {
                builder.position_before(&inst);
                allocation_returned(&Ops::new(&builder, module), inst);
                continue;
            }
            let Some((step, has_start)) = reduction(&ir::function_name(callee)) else { continue };
            let (start, vector) = if has_start { (ir::operand(inst, 0), ir::operand(inst, 1)) } else { (None, ir::operand(inst, 0)) };
            let Some(BasicValueEnum::VectorValue(vector)) = vector else { continue };
            builder.position_before(&inst);
            let ops = Ops::new(&builder, module);
            let lanes = vector.get_type().get_size();
            let mut acc = start;
            for lane in 0..lanes {
                let element = ops.extract_element(vector.into(), lane);
                acc = Some(match (acc, &step) {
                    (None, _) => element,
                    (Some(a), Step::FMul) => ops.fmul(a, element),
                    (Some(a), Step::Intrinsic(name)) => ops.intrinsic(name, &[element.get_type()], &[a, element])?,
                });
            }
            ir::replace_and_erase(inst, acc);
        }
    }
    Ok(())
}

/// Replaces `posix_memalign(memptr, align, size)` by `*memptr = aligned_alloc(align, size)`, its
/// result by 0, or ENOMEM where the allocation failed (glibc's aligned_alloc takes any size).
fn allocation_returned<'ctx>(ops: &Ops<'_, 'ctx>, call: InstructionValue<'ctx>) {
    let (Some(memptr), Some(align), Some(size)) = (ir::operand(call, 0), ir::operand(call, 1), ir::operand(call, 2)) else { return };
    let ctx = ops.module.get_context();
    let ptr = ctx.ptr_type(inkwell::AddressSpace::default());
    let aligned_alloc = ops.declare("aligned_alloc", Some(ptr.into()), &[align.get_type(), size.get_type()]);
    let Some(fresh) = ops.call(aligned_alloc, &[align, size]).1 else { return };
    ops.store(fresh, memptr);
    let result = ir::result_of(call).map(|r| {
        const ENOMEM: u64 = 12;
        let int = r.get_type().into_int_type();
        let failed = ops.icmp_eq(fresh, ptr.const_null().into());
        ops.select(failed, int.const_int(ENOMEM, false).into(), int.const_zero().into())
    });
    ir::replace_and_erase(call, result);
}
