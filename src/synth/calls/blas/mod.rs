//! Calls of BLAS routines (`rules/blas.rs`): differentiated by rule, as sequences of BLAS calls on
//! the shadows, instead of through the routine's code (which is usually not in the module). In
//! forward mode the tangent of an output `y` that the routine overwrites is computed in its shadow
//! before the call (it needs the old `y`): each varied input adds its term, the first one also
//! scaling the old tangent by `beta`. A routine whose code is in the module is differentiated
//! The reverse rules are in `reverse.rs`; a routine without one is differentiated through its
//! code where the module has it, and is a clear error in reverse mode otherwise.
mod reverse;

use super::{Adjoints, CallHandler, CallSite, Need, Shadows, Tangents};
use crate::analysis::activity::ActivityFacts;
use crate::rules::MathTable;
pub use reverse::has_reverse;
use crate::diag::Result;
use crate::ir::{self, Ops};
use crate::rules::blas::{BlasRoutine, Role};
use inkwell::module::Linkage;
use inkwell::types::{BasicType, BasicTypeEnum};
use inkwell::values::{BasicValueEnum, FunctionValue, InstructionValue};
use llvm_sys::LLVMOpcode;

pub struct BlasCall(pub BlasRoutine);

/// CBLAS enumeration values, beside the Fortran characters the same routines accept.
mod code {
    pub const ROW_MAJOR: u64 = 101;
    pub const NO_TRANS: u64 = 111;
    pub const TRANS: u64 = 112;
    pub const CONJ_TRANS: u64 = 113;
    pub const UPPER: u64 = 121;
    pub const LOWER: u64 = 122;
    pub const NON_UNIT: u64 = 131;
    pub const LEFT: u64 = 141;
    pub const RIGHT: u64 = 142;
}

/// Emits BLAS calls for one call site, positioned by `ops`.
struct Emitter<'a, 'ctx> {
    ops: Ops<'a, 'ctx>,
    blas: BlasRoutine,
    /// The instruction whose debug location emitted calls take: the call's copy in the function
    /// being built (none in the reverse sweep and in llad's helpers, which have no debug scope).
    call: Option<InstructionValue<'ctx>>,
    /// The original call (for errors).
    site: InstructionValue<'ctx>,
    /// The call's arguments as the derivative sees them (operands of the primal's copy).
    primal: Vec<BasicValueEnum<'ctx>>,
    float: BasicTypeEnum<'ctx>,
}

impl BlasCall {
    /// The routine's floating-point type, as the call has it.
    fn float_type<'ctx>(&self, ops: &Ops<'_, 'ctx>, call: &CallSite<'ctx>) -> BasicTypeEnum<'ctx> {
        let routine = self.0.routine;
        let from_call = if routine.returns_scalar {
            call.result.map(|r| r.get_type())
        } else {
            routine.params.iter().position(|(_, r)| *r == Role::Scalar).map(|i| call.args[i].get_type())
        };
        from_call.unwrap_or_else(|| match self.0.precision {
            crate::rules::blas::Precision::Double => ops.module.get_context().f64_type().as_basic_type_enum(),
            crate::rules::blas::Precision::Single => ops.module.get_context().f32_type().as_basic_type_enum(),
        })
    }
}

impl BlasCall {
    /// The routine's inputs (arrays and scalars other than its output) that are varied.
    fn varied_inputs<'ctx>(&self, call: &CallSite<'ctx>, varied: &dyn Fn(BasicValueEnum<'ctx>) -> bool) -> Vec<&'static str> {
        let routine = self.0.routine;
        let output = routine.output_index();
        routine
            .params
            .iter()
            .enumerate()
            .filter(|(i, (_, role))| matches!(role, Role::Array | Role::Scalar) && Some(*i) != output && varied(call.args[*i]))
            .map(|(_, (name, _))| *name)
            .collect()
    }
}

impl<'a, 'ctx> Emitter<'a, 'ctx> {
    /// An emitter for `call`, whose copy `clone` holds the arguments as the derivative sees them.
    fn at(ops: Ops<'a, 'ctx>, blas: BlasRoutine, call: &CallSite<'ctx>, clone: InstructionValue<'ctx>) -> Self {
        let float = BlasCall(blas).float_type(&ops, call);
        let primal = (0..call.args.len() as u32).map(|i| ir::operand(clone, i).expect("call argument")).collect();
        Emitter { ops, blas, call: Some(clone), site: call.inst, primal, float }
    }

    fn arg(&self, name: &str) -> BasicValueEnum<'ctx> {
        self.primal[self.blas.routine.index(name)]
    }

    fn float(&self, x: f64) -> BasicValueEnum<'ctx> {
        self.ops.const_float(self.float, x)
    }

    /// An integer constant of the type of `like`.
    fn int_like(&self, like: BasicValueEnum<'ctx>, x: u64) -> BasicValueEnum<'ctx> {
        like.into_int_value().get_type().const_int(x, false).into()
    }

    fn eq(&self, v: BasicValueEnum<'ctx>, x: u64) -> BasicValueEnum<'ctx> {
        self.ops.icmp_eq(v, self.int_like(v, x))
    }

    fn any_of(&self, v: BasicValueEnum<'ctx>, values: &[u64]) -> BasicValueEnum<'ctx> {
        let tests: Vec<_> = values.iter().map(|x| self.eq(v, *x)).collect();
        tests.into_iter().reduce(|a, b| self.ops.binary(LLVMOpcode::LLVMOr, a, b)).expect("at least one value")
    }

    /// `v` mapped through `pairs` (a select chain); values not listed map to `default`.
    fn map(&self, v: BasicValueEnum<'ctx>, pairs: &[(u64, u64)], default: u64) -> BasicValueEnum<'ctx> {
        pairs.iter().fold(self.int_like(v, default), |acc, (from, to)| self.ops.select(self.eq(v, *from), self.int_like(v, *to), acc))
    }

    fn is_normal(&self, trans: BasicValueEnum<'ctx>) -> BasicValueEnum<'ctx> {
        self.any_of(trans, &[b'N' as u64, b'n' as u64, code::NO_TRANS])
    }

    /// Whether a `trans` argument is a Fortran character ('N', 't', ...) rather than a CBLAS enum.
    fn is_trans_character(&self, trans: BasicValueEnum<'ctx>) -> BasicValueEnum<'ctx> {
        self.any_of(trans, &[b'N' as u64, b'n' as u64, b'T' as u64, b't' as u64, b'C' as u64, b'c' as u64])
    }

    /// No transposition (`transposed` false) or transposition, in the convention `like` uses.
    fn trans_constant(&self, like: BasicValueEnum<'ctx>, transposed: bool) -> BasicValueEnum<'ctx> {
        let (character, cblas) = if transposed { (b'T', code::TRANS) } else { (b'N', code::NO_TRANS) };
        self.ops.select(self.is_trans_character(like), self.int_like(like, character as u64), self.int_like(like, cblas))
    }

    fn transpose(&self, trans: BasicValueEnum<'ctx>) -> BasicValueEnum<'ctx> {
        let (n, t, sn, st) = (b'N' as u64, b'T' as u64, b'n' as u64, b't' as u64);
        // For real matrices a conjugate transpose is a transpose: its transpose is no transpose.
        let (c, sc) = (b'C' as u64, b'c' as u64);
        self.map(trans, &[(n, t), (t, n), (sn, st), (st, sn), (c, n), (sc, sn), (code::TRANS, code::NO_TRANS), (code::CONJ_TRANS, code::NO_TRANS)], code::TRANS)
    }

    /// Whether an `uplo` argument is a Fortran character ('U', 'l', ...) rather than a CBLAS enum.
    fn is_character(&self, uplo: BasicValueEnum<'ctx>) -> BasicValueEnum<'ctx> {
        self.any_of(uplo, &[b'U' as u64, b'u' as u64, b'L' as u64, b'l' as u64])
    }

    /// The constant `character` (or `cblas`) in the convention `uplo` uses.
    fn option(&self, uplo: BasicValueEnum<'ctx>, character: u8, cblas: u64) -> BasicValueEnum<'ctx> {
        self.ops.select(self.is_character(uplo), self.int_like(uplo, character as u64), self.int_like(uplo, cblas))
    }

    fn flip_uplo(&self, uplo: BasicValueEnum<'ctx>) -> BasicValueEnum<'ctx> {
        let (u, l, su, sl) = (b'U' as u64, b'L' as u64, b'u' as u64, b'l' as u64);
        self.map(uplo, &[(u, l), (l, u), (su, sl), (sl, su), (code::UPPER, code::LOWER)], code::UPPER)
    }

    /// The transposition that makes a triangular solve/multiply by the `uplo` factor act as L
    /// (lower: as is, upper: transposed), and the other one.
    fn uplo_as_lower(&self, uplo: BasicValueEnum<'ctx>, transposed: bool) -> BasicValueEnum<'ctx> {
        let (n, t, sn, st) = (b'N' as u64, b'T' as u64, b'n' as u64, b't' as u64);
        let (lower, upper) = if transposed { ((t, st, code::TRANS), (n, sn, code::NO_TRANS)) } else { ((n, sn, code::NO_TRANS), (t, st, code::TRANS)) };
        self.map(uplo, &[(b'L' as u64, lower.0), (b'l' as u64, lower.1), (b'U' as u64, upper.0), (b'u' as u64, upper.1), (code::UPPER, upper.2)], lower.2)
    }

    fn uplo_to_side(&self, uplo: BasicValueEnum<'ctx>) -> BasicValueEnum<'ctx> {
        let (l, r) = (b'L' as u64, b'R' as u64);
        self.map(uplo, &[(b'L' as u64, l), (b'l' as u64, l), (b'U' as u64, r), (b'u' as u64, r), (code::UPPER, code::RIGHT)], code::LEFT)
    }

    /// Calls routine `name` (in this call's interface and precision) with `args`, declaring it
    /// when the module does not have it; integer arguments are fitted to its parameters.
    fn blas(&self, name: &str, args: &[BasicValueEnum<'ctx>]) -> Result<Option<BasicValueEnum<'ctx>>> {
        let function = self.function(name, args)?;
        let params = function.get_type().get_param_types();
        // A routine the module declares differently from what the rule passes (an `int *info`
        // where the rule gives an integer): an error, not a call of the wrong type.
        let same_kind = |a: &BasicValueEnum<'ctx>, p: &inkwell::types::BasicMetadataTypeEnum<'ctx>| match p {
            inkwell::types::BasicMetadataTypeEnum::IntType(_) => a.is_int_value(),
            inkwell::types::BasicMetadataTypeEnum::FloatType(t) => a.get_type() == (*t).into(),
            inkwell::types::BasicMetadataTypeEnum::PointerType(_) => a.is_pointer_value(),
            _ => false,
        };
        if params.len() != args.len() || function.get_type().is_var_arg() || !args.iter().zip(&params).all(|(a, p)| same_kind(a, p)) {
            return Err(crate::diag::Error::Unsupported {
                location: crate::model::location_of(self.site.get_parent().and_then(|b| b.get_parent()).expect("call in a function"), self.site),
                what: format!("the module declares {} with parameters that differ from the BLAS routine's, which the derivative calls", ir::function_name(function)),
                hint: "declare it with the standard CBLAS signature".into(),
            });
        }
        let fitted: Vec<BasicValueEnum<'ctx>> = args
            .iter()
            .zip(params)
            .map(|(a, p)| match (a, p) {
                (BasicValueEnum::IntValue(v), inkwell::types::BasicMetadataTypeEnum::IntType(t)) if v.get_type().get_bit_width() != t.get_bit_width() => {
                    let op = if v.get_type().get_bit_width() > t.get_bit_width() { LLVMOpcode::LLVMTrunc } else { LLVMOpcode::LLVMSExt };
                    self.ops.cast(op, *a, t.into())
                }
                _ => *a,
            })
            .collect();
        let (inst, result) = self.ops.call(function, &fitted);
        ir::copy_declared_attributes(function, inst);
        if let Some(call) = self.call {
            ir::copy_debug_location(call, inst);
        }
        Ok(result)
    }

    fn function(&self, name: &str, args: &[BasicValueEnum<'ctx>]) -> Result<FunctionValue<'ctx>> {
        let full = self.blas.function_name(name);
        // LAPACK's lacpy and lascl are not CBLAS: the module's if it has them (Enzyme's form),
        // llad's own otherwise.
        if matches!(name, "lacpy" | "lascl") && self.ops.module.get_function(&full).is_none() {
            return crate::synth::heap::runtime_function(self.ops.module, &format!("llad.blas.{}.{name}", self.blas.precision.letter()));
        }
        let returns = crate::rules::blas::routine(name).is_some_and(|r| r.returns_scalar);
        let types: Vec<BasicTypeEnum<'ctx>> = args.iter().map(|a| a.get_type()).collect();
        Ok(self.ops.declare(&full, returns.then_some(self.float), &types))
    }

    fn malloc(&self, count: BasicValueEnum<'ctx>) -> BasicValueEnum<'ctx> {
        let ptr = self.ops.module.get_context().ptr_type(Default::default());
        let i64t = self.ops.module.get_context().i64_type();
        let malloc = self.ops.declare("malloc", Some(ptr.into()), &[i64t.into()]);
        let bytes = self.ops.size_of(self.float, count);
        self.ops.call(malloc, &[bytes]).1.expect("malloc returns")
    }

    fn free(&self, p: BasicValueEnum<'ctx>) {
        let ptr = self.ops.module.get_context().ptr_type(Default::default());
        let free = self.ops.declare("free", None, &[ptr.into()]);
        self.ops.call(free, &[p]);
    }

    /// The tangent of an output `out = alpha·f(a, x) + beta·out` that is linear in each factor:
    /// one call of `routine` per varied factor (in `order`) with that factor replaced by its
    /// tangent; the first call also scales the old tangent by beta, the later ones add to it.
    fn product_terms(
        &self,
        routine: &str,
        order: &[&str],
        tangents: &std::collections::HashMap<&'static str, BasicValueEnum<'ctx>>,
        args: impl Fn(&dyn Fn(&str) -> BasicValueEnum<'ctx>, BasicValueEnum<'ctx>) -> Vec<BasicValueEnum<'ctx>>,
    ) -> Result<()> {
        let mut beta = self.arg("beta");
        for input in order {
            let Some(t) = tangents.get(input) else { continue };
            let value = |name: &str| if name == *input { *t } else { self.arg(name) };
            self.blas(routine, &args(&value, beta))?;
            beta = self.float(1.0);
        }
        Ok(())
    }

}

impl<'ctx> CallHandler<'ctx> for BlasCall {
    fn tangent<'s>(&self, cx: &mut dyn Tangents<'s, 'ctx>, call: &CallSite<'ctx>) -> Result<()>
    where
        'ctx: 's,
    {
        let routine = self.0.routine;
        if cx.error_mode() && call.carries_derivatives(|a| cx.varied(a)) {
            let callee = ir::called_function(call.inst).map(ir::function_name).unwrap_or_default();
            return Err(cx.checks().error(call.inst, format!("floating-point error estimation through {callee}"), "estimate the error of code without BLAS calls"));
        }
        let output = routine.output_index();
        let varied_inputs = self.varied_inputs(call, &|v| cx.varied(v));
        let output_varied = output.is_some_and(|o| cx.varied(call.args[o]));
        if let Some(o) = output {
            if !varied_inputs.is_empty() && !output_varied {
                // Derivatives written into memory without a shadow: harmless only where nothing reads them.
                return cx.checks().check_write_to_constant_memory(call.inst, call.args[o]);
            }
        }
        if varied_inputs.is_empty() && !output_varied {
            return Ok(());
        }
        let clone = call.clone_inst();
        let ops = cx.ops();
        ops.position_before(clone);
        let e = Emitter::at(ops, self.0, call, clone);
        let d = |name: &str| -> Result<BasicValueEnum<'ctx>> { cx.tangent(call.args[routine.index(name)], call.inst) };
        let varied = |name: &str| varied_inputs.contains(&name);
        // The tangents of the varied ones among `names`.
        let tangents_of = |names: &[&'static str]| -> Result<std::collections::HashMap<&'static str, BasicValueEnum<'ctx>>> {
            names.iter().filter(|n| varied(n)).map(|n| Ok((*n, d(n)?))).collect()
        };
        let callee = ir::called_function(call.inst).map(ir::function_name).unwrap_or_default();
        let unsupported = |what: &str| Err(cx.checks().error(call.inst, format!("forward mode of {callee} with respect to {what}"), "keep that argument constant (enzyme_const)"));
        match routine.name {
            "dot" => {
                let mut terms = Vec::new();
                if varied("x") {
                    terms.extend(e.blas("dot", &[e.arg("n"), d("x")?, e.arg("incx"), e.arg("y"), e.arg("incy")])?);
                }
                if varied("y") {
                    terms.extend(e.blas("dot", &[e.arg("n"), e.arg("x"), e.arg("incx"), d("y")?, e.arg("incy")])?);
                }
                let t = terms.into_iter().reduce(|a, b| e.ops.fadd(a, b)).unwrap_or_else(|| e.float(0.0));
                if let Some(r) = call.result.filter(|_| call.result_active) {
                    cx.set_tangent(r, t);
                }
            }
            "nrm2" => {
                // d‖x‖ = x·dx / ‖x‖, computed before the call as every forward rule is (the norm
                // again rather than the call's result, as Enzyme's rule does).
                let dot = e.blas("dot", &[e.arg("n"), e.arg("x"), e.arg("incx"), d("x")?, e.arg("incx")])?.expect("dot returns");
                let norm = e.blas("nrm2", &[e.arg("n"), e.arg("x"), e.arg("incx")])?.expect("nrm2 returns");
                let t = e.ops.fdiv(dot, norm);
                if let Some(r) = call.result.filter(|_| call.result_active) {
                    cx.set_tangent(r, t);
                }
            }
            "axpy" => {
                let dy = d("y")?;
                if varied("x") {
                    e.blas("axpy", &[e.arg("n"), e.arg("alpha"), d("x")?, e.arg("incx"), dy, e.arg("incy")])?;
                }
                if varied("alpha") {
                    e.blas("axpy", &[e.arg("n"), d("alpha")?, e.arg("x"), e.arg("incx"), dy, e.arg("incy")])?;
                }
            }
            "scal" => {
                let dx = d("x")?;
                e.blas("scal", &[e.arg("n"), e.arg("alpha"), dx, e.arg("incx")])?;
                if varied("alpha") {
                    e.blas("axpy", &[e.arg("n"), d("alpha")?, e.arg("x"), e.arg("incx"), dx, e.arg("incx")])?;
                }
            }
            "copy" => {
                let dy = d("y")?;
                if varied("x") {
                    e.blas("copy", &[e.arg("n"), d("x")?, e.arg("incx"), dy, e.arg("incy")])?;
                } else {
                    e.blas("scal", &[e.arg("n"), e.float(0.0), dy, e.arg("incy")])?;
                }
            }
            "gemv" | "symv" => {
                let dy = d("y")?;
                let head: Vec<BasicValueEnum<'ctx>> = if routine.name == "gemv" {
                    vec![e.arg("layout"), e.arg("trans"), e.arg("m"), e.arg("n")]
                } else {
                    vec![e.arg("layout"), e.arg("uplo"), e.arg("n")]
                };
                let tangents = tangents_of(&["x", "a", "alpha"])?;
                e.product_terms(routine.name, &["x", "a", "alpha"], &tangents, |v, beta| {
                    let mut args = head.clone();
                    args.extend([v("alpha"), v("a"), e.arg("lda"), v("x"), e.arg("incx"), beta, dy, e.arg("incy")]);
                    args
                })?;
                let rows = if routine.name == "gemv" { e.ops.select(e.is_normal(e.arg("trans")), e.arg("m"), e.arg("n")) } else { e.arg("n") };
                if varied_inputs.iter().all(|v| *v == "beta") {
                    e.blas("scal", &[rows, e.arg("beta"), dy, e.arg("incy")])?;
                }
                if varied("beta") {
                    e.blas("axpy", &[rows, d("beta")?, e.arg("y"), e.arg("incy"), dy, e.arg("incy")])?;
                }
            }
            "gemm" => {
                if varied("beta") {
                    return unsupported("beta");
                }
                let dc = d("c")?;
                let tangents = tangents_of(&["b", "a", "alpha"])?;
                e.product_terms("gemm", &["b", "a", "alpha"], &tangents, |v, beta| {
                    vec![e.arg("layout"), e.arg("transa"), e.arg("transb"), e.arg("m"), e.arg("n"), e.arg("k"), v("alpha"), v("a"), e.arg("lda"), v("b"), e.arg("ldb"), beta, dc, e.arg("ldc")]
                })?;
                if varied_inputs.is_empty() {
                    let general = e.int_like(e.arg("layout"), b'G' as u64);
                    e.lascl(e.arg("layout"), general, e.arg("m"), e.arg("n"), e.arg("beta"), dc, e.arg("ldc"))?;
                }
            }
            "syrk" => {
                if varied("beta") {
                    return unsupported("beta");
                }
                let dc = d("c")?;
                let head = [e.arg("layout"), e.arg("uplo"), e.arg("trans"), e.arg("n"), e.arg("k")];
                let mut beta = e.arg("beta");
                if varied("a") {
                    let mut args = head.to_vec();
                    args.extend([e.arg("alpha"), e.arg("a"), e.arg("lda"), d("a")?, e.arg("lda"), beta, dc, e.arg("ldc")]);
                    e.blas("syr2k", &args)?;
                    beta = e.float(1.0);
                }
                if varied("alpha") {
                    let mut args = head.to_vec();
                    args.extend([d("alpha")?, e.arg("a"), e.arg("lda"), beta, dc, e.arg("ldc")]);
                    e.blas("syrk", &args)?;
                }
                if varied_inputs.is_empty() {
                    e.lascl(e.arg("layout"), e.arg("uplo"), e.arg("n"), e.arg("n"), e.arg("beta"), dc, e.arg("ldc"))?;
                }
            }
            "potrf" => {
                let da = d("a")?;
                e.ops.position_after(clone);
                e.potrf_tangent(da)?;
            }
            other => return Err(crate::diag::Error::Internal(format!("no forward rule for BLAS routine {other}"))),
        }
        Ok(())
    }

    fn augmented<'s>(&self, cx: &mut dyn Shadows<'s, 'ctx>, call: &CallSite<'ctx>) -> Result<()>
    where
        'ctx: 's,
    {
        self.reverse_augmented(cx, call)
    }

    fn needs(&self, call: &CallSite<'ctx>, act: &ActivityFacts, _: &MathTable) -> Vec<Need<'ctx>> {
        self.reverse_needs(call, act)
    }

    fn adjoint<'s>(&self, cx: &mut dyn Adjoints<'s, 'ctx>, call: &CallSite<'ctx>) -> Result<()>
    where
        'ctx: 's,
    {
        super::check_no_shared_adjoints(cx, call, "BLAS routine")?;
        self.reverse_adjoint(cx, call)
    }
}

impl<'a, 'ctx> Emitter<'a, 'ctx> {
    /// `A := (cto / cfrom) A` on the `kind` part ('G' all, 'U'/'L' a triangle) of an m×n matrix:
    /// LAPACK's lascl, as Enzyme's BLAS rules call it (`cblas_<p>lascl`).
    #[allow(clippy::too_many_arguments)]
    fn lascl(&self, layout: BasicValueEnum<'ctx>, kind: BasicValueEnum<'ctx>, m: BasicValueEnum<'ctx>, n: BasicValueEnum<'ctx>, cto: BasicValueEnum<'ctx>, a: BasicValueEnum<'ctx>, lda: BasicValueEnum<'ctx>) -> Result<()> {
        let zero = self.int_like(m, 0);
        self.blas("lascl", &[layout, kind, zero, zero, self.float(1.0), cto, m, n, a, lda, zero])?;
        Ok(())
    }

    /// The tangent of a Cholesky factor, after the factorization: with A = L Lᵀ (lower; upper is
    /// the transpose), dL = L Φ(L⁻¹ dA L⁻ᵀ), Φ keeping the lower triangle with the diagonal halved.
    /// dA holds its symmetric input in the `uplo` triangle; the other triangle is kept as it was.
    fn potrf_tangent(&self, da: BasicValueEnum<'ctx>) -> Result<()> {
        let (layout, uplo, n, a, lda) = (self.arg("layout"), self.arg("uplo"), self.arg("n"), self.arg("a"), self.arg("lda"));
        let other = self.flip_uplo(uplo);
        let one = self.int_like(n, 1);
        let diagonal_step = self.ops.binary(LLVMOpcode::LLVMAdd, lda, self.int_like(lda, 1));
        let saved = self.malloc(self.ops.binary(LLVMOpcode::LLVMMul, self.ops.as_i64(n), self.ops.as_i64(n)));
        // Keep the other triangle, then fill it from the `uplo` one (dA symmetric).
        self.blas("lacpy", &[layout, other, n, n, da, lda, saved, n])?;
        let symmetrize = self.symmetrize_function(&[layout, uplo, n, da, lda])?;
        let (inst, _) = self.ops.call(symmetrize, &[layout, uplo, n, da, lda]);
        if let Some(call) = self.call {
            ir::copy_debug_location(call, inst);
        }
        let non_unit = self.option(uplo, b'N', code::NON_UNIT);
        let (left, right) = (self.option(uplo, b'L', code::LEFT), self.option(uplo, b'R', code::RIGHT));
        let one_f = self.float(1.0);
        self.blas("trsm", &[layout, left, uplo, self.uplo_as_lower(uplo, false), non_unit, n, n, one_f, a, lda, da, lda])?;
        self.blas("trsm", &[layout, right, uplo, self.uplo_as_lower(uplo, true), non_unit, n, n, one_f, a, lda, da, lda])?;
        self.blas("scal", &[n, self.float(0.5), da, diagonal_step])?;
        // Zero the other triangle, keeping the diagonal.
        let diagonal = self.malloc(self.ops.as_i64(n));
        self.blas("copy", &[n, da, diagonal_step, diagonal, one])?;
        self.lascl(layout, other, n, n, self.float(0.0), da, lda)?;
        self.blas("copy", &[n, diagonal, one, da, diagonal_step])?;
        let no_trans = self.option(uplo, b'N', code::NO_TRANS);
        self.blas("trmm", &[layout, self.uplo_to_side(uplo), uplo, no_trans, non_unit, n, n, one_f, a, lda, da, lda])?;
        // Put the other triangle back (lacpy copies the diagonal too).
        self.blas("copy", &[n, da, diagonal_step, diagonal, one])?;
        self.blas("lacpy", &[layout, other, n, n, saved, n, da, lda])?;
        self.blas("copy", &[n, diagonal, one, da, diagonal_step])?;
        self.free(saved);
        self.free(diagonal);
        Ok(())
    }

    /// `llad.blas.<p>.symmetrize(layout, uplo, n, a, lda)`: copies the `uplo` triangle of the
    /// n×n matrix `a` into the other one, one row/column per copy call.
    fn symmetrize_function(&self, args: &[BasicValueEnum<'ctx>]) -> Result<FunctionValue<'ctx>> {
        let types: Vec<BasicTypeEnum<'ctx>> = args.iter().map(|a| a.get_type()).collect();
        let widths: Vec<String> = types.iter().map(|t| if t.is_int_type() { t.into_int_type().get_bit_width().to_string() } else { "p".into() }).collect();
        let name = format!("llad.blas.{}.symmetrize.{}", self.blas.precision.letter(), widths.join("."));
        let module = self.ops.module;
        if let Some(f) = module.get_function(&name) {
            return Ok(f);
        }
        let ctx = module.get_context();
        let params: Vec<_> = types.iter().map(|t| (*t).into()).collect();
        let function = module.add_function(&name, ctx.void_type().fn_type(&params, false), Some(Linkage::Internal));
        let builder = ctx.create_builder();
        let ops = Ops::new(&builder, module);
        let inner = Emitter { ops, blas: self.blas, call: None, site: self.site, primal: Vec::new(), float: self.float };
        let p = |i: u32| function.get_nth_param(i).expect("parameter");
        let (layout, uplo, n, a, lda) = (p(0), p(1), p(2), p(3), p(4));
        let entry = ctx.append_basic_block(function, "entry");
        let body = ctx.append_basic_block(function, "copy");
        let exit = ctx.append_basic_block(function, "exit");
        builder.position_at_end(entry);
        let i64t = ctx.i64_type();
        let n64 = inner.ops.cast(LLVMOpcode::LLVMSExt, n, i64t.into());
        let lda64 = inner.ops.cast(LLVMOpcode::LLVMSExt, lda, i64t.into());
        let last = inner.ops.binary(LLVMOpcode::LLVMSub, n64, i64t.const_int(1, false).into());
        let row_major = inner.eq(layout, code::ROW_MAJOR);
        let unit: BasicValueEnum = i64t.const_int(1, false).into();
        // Element steps along a column (to the next row) and along a row (to the next column).
        let down = inner.ops.select(row_major, lda64, unit);
        let across = inner.ops.select(row_major, unit, lda64);
        let lower = inner.any_of(uplo, &[b'L' as u64, b'l' as u64, code::LOWER]);
        let any = builder.build_int_compare(inkwell::IntPredicate::SGT, last.into_int_value(), i64t.const_zero(), "").map_err(|e| crate::diag::Error::Internal(e.to_string()))?;
        builder.build_conditional_branch(any, body, exit).map_err(|e| crate::diag::Error::Internal(e.to_string()))?;
        builder.position_at_end(body);
        let i = inner.ops.phi(i64t.into());
        let next = inner.ops.binary(LLVMOpcode::LLVMAdd, i, unit);
        let diag = inner.ops.binary(LLVMOpcode::LLVMMul, i, inner.ops.binary(LLVMOpcode::LLVMAdd, down, across));
        let below = inner.ops.binary(LLVMOpcode::LLVMAdd, diag, down);
        let right = inner.ops.binary(LLVMOpcode::LLVMAdd, diag, across);
        let (src, src_step) = (inner.ops.select(lower, below, right), inner.ops.select(lower, down, across));
        let (dst, dst_step) = (inner.ops.select(lower, right, below), inner.ops.select(lower, across, down));
        let bytes = |offset| inner.ops.binary(LLVMOpcode::LLVMMul, offset, i64t.const_int(ir::store_size(module, self.float), false).into());
        let count = inner.ops.binary(LLVMOpcode::LLVMSub, last, i);
        let int = n.get_type();
        let narrow = |v| inner.ops.cast(LLVMOpcode::LLVMTrunc, v, int);
        inner.blas("copy", &[narrow(count), inner.ops.byte_offset_by(a, bytes(src)), narrow(src_step), inner.ops.byte_offset_by(a, bytes(dst)), narrow(dst_step)])?;
        let done = builder.build_int_compare(inkwell::IntPredicate::SGE, next.into_int_value(), last.into_int_value(), "").map_err(|e| crate::diag::Error::Internal(e.to_string()))?;
        builder.build_conditional_branch(done, exit, body).map_err(|e| crate::diag::Error::Internal(e.to_string()))?;
        inner.ops.add_incoming(i, &[(i64t.const_zero().into(), entry), (next, body)]);
        builder.position_at_end(exit);
        builder.build_return(None).map_err(|e| crate::diag::Error::Internal(e.to_string()))?;
        Ok(function)
    }
}
