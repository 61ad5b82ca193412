//! Floating-point error estimation (`__enzyme_error_estimate`): forward mode whose shadow of each
//! value is an estimate of the rounding error it carries, propagated with the first-order model
//! of Menon et al. (https://dl.acm.org/doi/10.1145/3371128), as Enzyme does:
//!
//!   err(r = f(a_1, ..., a_n)) = max(ulp(r), Σ_i |a_i / r · ∂r/∂a_i · err(a_i)|)
//!
//! The partials ∂r/∂a_i are the ones every other mode uses (`rules/instructions.rules` through
//! their transpose, `rules/math.rules`). Copies and other structural instructions move errors
//! unchanged. Where the module declares `enzymeLogError(double res, double err, const char *op,
//! const char *callee, const char *module, const char *function, const char *block)`, each
//! estimate is reported to it.
use crate::diag::Result;
use crate::ir::{self, Ops};
use inkwell::types::BasicTypeEnum;
use inkwell::values::{BasicValueEnum, InstructionValue};
use llvm_sys::LLVMOpcode;

/// One operand's share: its value, the partial of the result with respect to it, its error.
pub struct Term<'ctx> {
    pub operand: BasicValueEnum<'ctx>,
    pub partial: BasicValueEnum<'ctx>,
    pub error: BasicValueEnum<'ctx>,
}

/// Whether values of type `ty` have error estimates: `float` and `double` scalars.
pub fn estimable(module: &inkwell::module::Module<'_>, ty: BasicTypeEnum<'_>) -> bool {
    matches!(ty, BasicTypeEnum::FloatType(_)) && matches!(ir::store_size(module, ty), 4 | 8)
}

/// The error estimate of `result` from its operands' terms.
pub fn estimate<'ctx>(ops: &Ops<'_, 'ctx>, result: BasicValueEnum<'ctx>, terms: &[Term<'ctx>]) -> Result<BasicValueEnum<'ctx>> {
    let ty = result.get_type();
    let mut propagated = ops.zero(ty);
    for t in terms {
        // |a / r · ∂r/∂a · err(a)|
        let share = ops.fdiv(ops.fmul(ops.fmul(t.error, t.operand), t.partial), result);
        let share = ops.intrinsic("fabs", &[ty], &[share])?;
        propagated = ops.fadd(propagated, share);
    }
    let ulp = ulp(ops, result)?;
    ops.intrinsic("maxnum", &[ty], &[ulp, propagated])
}

/// One unit in the last place of `x`: its distance to the float that differs in the last bit.
fn ulp<'ctx>(ops: &Ops<'_, 'ctx>, x: BasicValueEnum<'ctx>) -> Result<BasicValueEnum<'ctx>> {
    let ty = x.get_type();
    let ctx = ops.module.get_context();
    let int = if ir::store_size(ops.module, ty) == 4 { ctx.i32_type() } else { ctx.i64_type() };
    let as_int = ops.cast(LLVMOpcode::LLVMBitCast, x, int.into());
    let neighbour = ops.cast(LLVMOpcode::LLVMBitCast, ops.binary(LLVMOpcode::LLVMXor, as_int, int.const_int(1, false).into()), ty);
    ops.intrinsic("fabs", &[ty], &[ops.fsub(x, neighbour)])
}

/// Reports `error` of `result` (computed by `inst`, an `op` or a call of `callee`) to the
/// program's `enzymeLogError`, if it has one.
pub fn report<'ctx>(ops: &Ops<'_, 'ctx>, inst: InstructionValue<'ctx>, result: BasicValueEnum<'ctx>, error: BasicValueEnum<'ctx>, op: &str, callee: &str) {
    let Some(logger) = ops.module.get_function("enzymeLogError") else { return };
    let double: BasicTypeEnum = ops.module.get_context().f64_type().into();
    let widen = |v: BasicValueEnum<'ctx>| if v.get_type() == double { v } else { ops.cast(LLVMOpcode::LLVMFPExt, v, double) };
    let block = inst.get_parent();
    let function = block.and_then(|b| b.get_parent()).map(ir::function_name).unwrap_or_default();
    let block_name = block.map(|b| b.get_name().to_string_lossy().into_owned()).unwrap_or_default();
    let module = ops.module.get_name().to_string_lossy().into_owned();
    let args = [widen(result), widen(error), ops.c_string(op), ops.c_string(callee), ops.c_string(&module), ops.c_string(&function), ops.c_string(&block_name)];
    if logger.count_params() as usize == args.len() {
        ops.call(logger, &args);
    }
}
