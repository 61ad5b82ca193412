//! Rewrites of the code to differentiate into forms llad has rules for, done before analysis.
//! Unused vector lanes get defined values (see `ir::define_poison_lanes`).
//! Vector reductions other than fadd (which is linear) become chains of scalar operations: their
//! derivatives then follow from the rules for extractelement, fmul and maxnum/minnum.
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

/// Prepares every function reachable from `roots`: lowers its reductions and gives its unused
/// vector lanes defined values (`ir::define_poison_lanes`).
pub fn prepare<'ctx>(module: &Module<'ctx>, roots: &[FunctionValue<'ctx>]) -> crate::diag::Result<()> {
    let mut seen = HashSet::new();
    let mut work: Vec<FunctionValue<'ctx>> = roots.to_vec();
    let builder = module.get_context().create_builder();
    while let Some(f) = work.pop() {
        if !seen.insert(f) {
            continue;
        }
        ir::define_poison_lanes(f);
        let insts: Vec<InstructionValue<'ctx>> = f.get_basic_block_iter().flat_map(|b| b.get_instructions()).collect();
        for inst in insts {
            let Some(callee) = ir::called_function(inst) else { continue };
            if callee.get_first_basic_block().is_some() {
                work.push(callee);
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
