//! Reverse mode of BLAS calls: the adjoint of each routine as BLAS calls on the shadows. The
//! arrays an adjoint reads (A for the adjoint of x in gemv, ...) are read after the whole forward
//! pass: where their memory may change before that (the call's own output may alias them, or
//! later code or the caller overwrites them), the augmented primal copies them first (`lacpy` for
//! matrices, `copy` for vectors) and hands the copy to the reverse; otherwise the reverse reads
//! them in place.
use super::{BlasCall, Emitter};
use crate::diag::Result;
use crate::ir;
use crate::rules::blas::Routine;
use inkwell::values::BasicValueEnum;
use llvm_sys::LLVMOpcode;

/// The routines with reverse rules; the others are differentiated through their code where the
/// module has it.
pub fn has_reverse(routine: &Routine) -> bool {
    matches!(routine.name, "dot" | "nrm2" | "axpy" | "scal" | "copy" | "gemv" | "symv" | "gemm")
}

/// How an array argument is laid out, in the call's own terms.
enum Geometry<'ctx> {
    Vector { len: BasicValueEnum<'ctx>, inc: BasicValueEnum<'ctx> },
    Matrix { rows: BasicValueEnum<'ctx>, cols: BasicValueEnum<'ctx>, ld: BasicValueEnum<'ctx> },
}

/// An array as the reverse reads it: in place, or its copy.
#[derive(Clone, Copy)]
struct Kept<'ctx> {
    ptr: BasicValueEnum<'ctx>,
    /// Increment (vectors) or leading dimension (matrices) of `ptr`.
    step: BasicValueEnum<'ctx>,
    /// What to free after the adjoint (null when read in place).
    owned: BasicValueEnum<'ctx>,
}

impl<'a, 'ctx> Emitter<'a, 'ctx> {
    fn geometry(&self, name: &str) -> Geometry<'ctx> {
        let routine = self.blas.routine.name;
        let vector = |len: &str, inc: &str| Geometry::Vector { len: self.arg(len), inc: self.arg(inc) };
        match (routine, name) {
            ("gemv", "a") => Geometry::Matrix { rows: self.arg("m"), cols: self.arg("n"), ld: self.arg("lda") },
            ("symv", "a") => Geometry::Matrix { rows: self.arg("n"), cols: self.arg("n"), ld: self.arg("lda") },
            ("gemv", "x") | ("gemv", "y") => {
                let normal = self.is_normal(self.arg("trans"));
                let (along, across) = if name == "x" { ("n", "m") } else { ("m", "n") };
                Geometry::Vector { len: self.ops.select(normal, self.arg(along), self.arg(across)), inc: self.arg(if name == "x" { "incx" } else { "incy" }) }
            }
            ("gemm", "a") | ("gemm", "b") => {
                let (trans, first, second, ld) = if name == "a" { ("transa", "m", "k", "lda") } else { ("transb", "k", "n", "ldb") };
                let normal = self.is_normal(self.arg(trans));
                let rows = self.ops.select(normal, self.arg(first), self.arg(second));
                let cols = self.ops.select(normal, self.arg(second), self.arg(first));
                Geometry::Matrix { rows, cols, ld: self.arg(ld) }
            }
            (_, "y") => vector("n", "incy"),
            _ => vector("n", "incx"),
        }
    }

    /// The leading dimension of a dense copy of a rows×cols matrix: rows in column major; in row
    /// major at least cols (rows when that is enough, as Enzyme's copies have it).
    fn copy_ld(&self, rows: BasicValueEnum<'ctx>, cols: BasicValueEnum<'ctx>) -> BasicValueEnum<'ctx> {
        let wider = self.ops.select(self.signed_less(rows, cols), cols, rows);
        let ld = self.ops.select(self.row_major(), wider, rows);
        // BLAS wants a leading dimension of at least 1, also for an empty matrix.
        let one = self.int_like(ld, 1);
        self.ops.select(self.signed_less(ld, one), one, ld)
    }

    fn signed_less(&self, a: BasicValueEnum<'ctx>, b: BasicValueEnum<'ctx>) -> BasicValueEnum<'ctx> {
        self.ops.builder.build_int_compare(inkwell::IntPredicate::SLT, a.into_int_value(), b.into_int_value(), "").expect("integer comparison").into()
    }

    fn row_major(&self) -> BasicValueEnum<'ctx> {
        let layout = self.arg("layout");
        self.eq(layout, super::code::ROW_MAJOR)
    }

    /// A copy of array argument `name` (malloc'd; freed after the adjoint).
    fn copy_of(&self, name: &str) -> Result<BasicValueEnum<'ctx>> {
        let source = self.arg(name);
        match self.geometry(name) {
            Geometry::Vector { len, inc } => {
                let buffer = self.malloc(self.ops.as_i64(len));
                self.blas("copy", &[len, source, inc, buffer, self.int_like(inc, 1)])?;
                Ok(buffer)
            }
            Geometry::Matrix { rows, cols, ld } => {
                let copy_ld = self.copy_ld(rows, cols);
                let row_size = self.ops.select(self.row_major(), copy_ld, cols);
                let column_size = self.ops.select(self.row_major(), rows, copy_ld);
                let buffer = self.malloc(self.ops.binary(LLVMOpcode::LLVMMul, self.ops.as_i64(row_size), self.ops.as_i64(column_size)));
                let all = self.int_like(self.arg("layout"), 0);
                self.blas("lacpy", &[self.arg("layout"), all, rows, cols, source, ld, buffer, copy_ld])?;
                Ok(buffer)
            }
        }
    }

    /// Array `name` as the reverse reads it, given what the augmented primal kept (`kept`: its
    /// copy, or the argument itself).
    fn kept(&self, name: &str, kept: BasicValueEnum<'ctx>) -> Kept<'ctx> {
        let original = self.arg(name);
        let in_place = self.ops.icmp_eq(self.ops.cast(LLVMOpcode::LLVMPtrToInt, kept, self.ops.module.get_context().i64_type().into()), self.ops.cast(LLVMOpcode::LLVMPtrToInt, original, self.ops.module.get_context().i64_type().into()));
        let step = match self.geometry(name) {
            Geometry::Vector { inc, .. } => self.ops.select(in_place, inc, self.int_like(inc, 1)),
            Geometry::Matrix { rows, cols, ld } => self.ops.select(in_place, ld, self.copy_ld(rows, cols)),
        };
        let null = kept.get_type().const_zero();
        Kept { ptr: kept, step, owned: self.ops.select(in_place, null, kept) }
    }
}

/// What the adjoint of a level-2/3 routine reads: the emitter, the arrays as the reverse reads
/// them, the shadows (`d`), and which arguments are varied (`v`).
struct Inputs<'r, 'e, 'ctx> {
    e: &'r Emitter<'e, 'ctx>,
    kept: &'r std::collections::HashMap<&'r str, Kept<'ctx>>,
    d: &'r dyn Fn(&str) -> BasicValueEnum<'ctx>,
    v: &'r dyn Fn(&str) -> bool,
}

impl BlasCall {
    /// Whether an adjoint flows back through the call: into its scalar result or its output.
    fn carries_adjoint<'ctx>(&self, call: &CallSite<'ctx>, varied: &dyn Fn(BasicValueEnum<'ctx>) -> bool) -> bool {
        let routine = self.0.routine;
        if routine.returns_scalar {
            call.result_active
        } else {
            routine.output_index().is_some_and(|o| varied(call.args[o]))
        }
    }

    /// The arrays whose values the adjoint reads, in parameter order.
    fn reverse_reads<'ctx>(&self, call: &CallSite<'ctx>, varied: &dyn Fn(BasicValueEnum<'ctx>) -> bool) -> Vec<&'static str> {
        let routine = self.0.routine;
        if !self.carries_adjoint(call, varied) {
            return Vec::new();
        }
        let v = |name: &str| varied(call.args[routine.index(name)]);
        let mut reads = Vec::new();
        match routine.name {
            "dot" => {
                if v("y") {
                    reads.push("x");
                }
                if v("x") {
                    reads.push("y");
                }
            }
            "nrm2" if v("x") => reads.push("x"),
            "axpy" | "scal" if v("alpha") => reads.push("x"),
            "gemv" | "symv" => {
                if v("x") || v("alpha") {
                    reads.push("a");
                }
                if v("a") || v("alpha") {
                    reads.push("x");
                }
                if v("beta") {
                    reads.push("y");
                }
            }
            "gemm" => {
                if v("b") {
                    reads.push("a");
                }
                if v("a") {
                    reads.push("b");
                }
            }
            _ => {}
        }
        reads
    }

    pub(super) fn reverse_augmented<'s, 'ctx: 's>(&self, cx: &mut dyn Shadows<'s, 'ctx>, call: &CallSite<'ctx>) -> Result<()> {
        let routine = self.0.routine;
        let output = routine.output_index();
        let inputs_varied = !self.varied_inputs(call, &|v| cx.varied(v)).is_empty();
        if let Some(o) = output.filter(|o| inputs_varied && !cx.varied(call.args[*o])) {
            return cx.checks().check_write_to_constant_memory(call.inst, call.args[o]);
        }
        self.check_supported(cx.checks(), call, &|v| cx.varied(v))?;
        let reads = self.reverse_reads(call, &|v| cx.varied(v));
        if reads.is_empty() {
            return Ok(());
        }
        let overwritten = cx.call_overwritten(call.inst);
        let function = call.caller();
        let copy: Vec<bool> = {
            let checks = cx.checks();
            reads
                .iter()
                .map(|name| {
                    let i = routine.index(name);
                    overwritten.get(i).copied().unwrap_or(true) || Some(i) == output || output.is_some_and(|o| crate::analysis::overwritten::pointers_may_alias(function, call.args[i], call.args[o], checks.table))
                })
                .collect()
        };
        let clone = call.clone_inst();
        let ops = cx.ops();
        ops.position_before(clone);
        let e = Emitter::at(ops, self.0, call, clone);
        for (name, copy) in reads.iter().zip(copy) {
            let kept = if copy { e.copy_of(name)? } else { e.arg(name) };
            cx.record_rule_scratch(call.inst, routine.index(name) as u32, kept);
        }
        Ok(())
    }

    pub(super) fn reverse_needs<'ctx>(&self, call: &CallSite<'ctx>, act: &ActivityFacts) -> Vec<Need<'ctx>> {
        let varied = |v: BasicValueEnum<'ctx>| act.is_varied(v);
        if !self.carries_adjoint(call, &varied) {
            return Vec::new();
        }
        let routine = self.0.routine;
        let mut needs: Vec<Need<'ctx>> = call.args.iter().map(|a| Need::Primal(*a, "argument of a BLAS call")).collect();
        for (i, (_, role)) in routine.params.iter().enumerate() {
            if *role == Role::Array && varied(call.args[i]) {
                needs.push(Need::Shadow(call.args[i], "shadow array of a BLAS call"));
            }
        }
        for name in self.reverse_reads(call, &varied) {
            needs.push(Need::RuleScratch(routine.index(name) as u32, "array a BLAS adjoint reads (or its copy)"));
        }
        needs
    }

    pub(super) fn reverse_adjoint<'s, 'ctx: 's>(&self, cx: &mut dyn Adjoints<'s, 'ctx>, call: &CallSite<'ctx>) -> Result<()> {
        let routine = self.0.routine;
        let varied: Vec<bool> = call.args.iter().map(|a| cx.varied(*a)).collect();
        let is_varied = |v: BasicValueEnum<'ctx>| call.args.iter().position(|a| *a == v).is_some_and(|i| varied[i]);
        if !self.carries_adjoint(call, &is_varied) {
            return Ok(());
        }
        let reads = self.reverse_reads(call, &is_varied);
        let v = |name: &str| varied[routine.index(name)];
        let mut primal = Vec::new();
        for a in &call.args {
            primal.push(cx.primal(*a, call.inst)?);
        }
        let mut shadows = std::collections::HashMap::new();
        for (i, (name, role)) in routine.params.iter().enumerate() {
            if *role == Role::Array && varied[i] {
                shadows.insert(*name, cx.shadow(call.args[i], call.inst)?);
            }
        }
        let mut scratch = std::collections::HashMap::new();
        for name in &reads {
            scratch.insert(*name, cx.rule_scratch(call.inst, routine.index(name) as u32)?);
        }
        let d_result = match call.result.filter(|_| routine.returns_scalar && call.result_active) {
            Some(r) => Some(cx.take(r)?),
            None => None,
        };
        let e = Emitter { ops: cx.ops(), blas: self.0, call: None, site: call.inst, primal, float: self.float_type(&cx.ops(), call) };
        let kept: std::collections::HashMap<&str, Kept<'ctx>> = reads.iter().map(|n| (*n, e.kept(n, scratch[n]))).collect();
        let d = |name: &str| shadows[name];
        // Scalar adjoints, added once the BLAS calls are emitted.
        let mut scalar_adjoints: Vec<(&str, BasicValueEnum<'ctx>)> = Vec::new();
        match routine.name {
            "dot" => {
                let dr = d_result.expect("dot's adjoint");
                if v("x") {
                    e.blas("axpy", &[e.arg("n"), dr, kept["y"].ptr, kept["y"].step, d("x"), e.arg("incx")])?;
                }
                if v("y") {
                    e.blas("axpy", &[e.arg("n"), dr, kept["x"].ptr, kept["x"].step, d("y"), e.arg("incy")])?;
                }
            }
            "nrm2" => {
                let dr = d_result.expect("nrm2's adjoint");
                let x = kept["x"];
                let norm = e.blas("nrm2", &[e.arg("n"), x.ptr, x.step])?.expect("nrm2 returns");
                e.blas("axpy", &[e.arg("n"), e.ops.fdiv(dr, norm), x.ptr, x.step, d("x"), e.arg("incx")])?;
            }
            "axpy" => {
                // alpha's adjoint first: dx may be dy's memory (x and y the same array).
                if v("alpha") {
                    let x = kept["x"];
                    scalar_adjoints.push(("alpha", e.blas("dot", &[e.arg("n"), x.ptr, x.step, d("y"), e.arg("incy")])?.expect("dot returns")));
                }
                if v("x") {
                    e.blas("axpy", &[e.arg("n"), e.arg("alpha"), d("y"), e.arg("incy"), d("x"), e.arg("incx")])?;
                }
            }
            "scal" => {
                if v("alpha") {
                    let x = kept["x"];
                    scalar_adjoints.push(("alpha", e.blas("dot", &[e.arg("n"), x.ptr, x.step, d("x"), e.arg("incx")])?.expect("dot returns")));
                }
                e.blas("scal", &[e.arg("n"), e.arg("alpha"), d("x"), e.arg("incx")])?;
            }
            "copy" => {
                if v("x") {
                    e.blas("axpy", &[e.arg("n"), e.float(1.0), d("y"), e.arg("incy"), d("x"), e.arg("incx")])?;
                }
                e.blas("scal", &[e.arg("n"), e.float(0.0), d("y"), e.arg("incy")])?;
            }
            "gemv" => self.gemv_adjoint(&Inputs { e: &e, kept: &kept, d: &d, v: &v }, &mut scalar_adjoints)?,
            "symv" => self.symv_adjoint(&Inputs { e: &e, kept: &kept, d: &d, v: &v }, &mut scalar_adjoints)?,
            "gemm" => self.gemm_adjoint(&Inputs { e: &e, kept: &kept, d: &d, v: &v })?,
            other => return Err(crate::diag::Error::Internal(format!("no reverse rule for BLAS routine {other}"))),
        }
        for k in kept.values() {
            e.free(k.owned);
        }
        for (name, adjoint) in scalar_adjoints {
            cx.add(call.args[routine.index(name)], adjoint)?;
        }
        Ok(())
    }

    fn gemv_adjoint<'ctx>(&self, inputs: &Inputs<'_, '_, 'ctx>, scalar_adjoints: &mut Vec<(&'static str, BasicValueEnum<'ctx>)>) -> Result<()> {
        let Inputs { e, kept, d, v } = *inputs;
        let (layout, trans, m, n, alpha) = (e.arg("layout"), e.arg("trans"), e.arg("m"), e.arg("n"), e.arg("alpha"));
        let normal = e.is_normal(trans);
        let rows = e.ops.select(normal, m, n);
        let dy = d("y");
        let incy = e.arg("incy");
        if v("a") {
            // dA += alpha dy xᵀ (A x), alpha x dyᵀ (Aᵀ x)
            let x = kept["x"];
            let pick = |a, b| e.ops.select(normal, a, b);
            e.blas("ger", &[layout, m, n, alpha, pick(dy, x.ptr), pick(incy, x.step), pick(x.ptr, dy), pick(x.step, incy), d("a"), e.arg("lda")])?;
        }
        if v("x") {
            let a = kept["a"];
            e.blas("gemv", &[layout, e.transpose(trans), m, n, alpha, a.ptr, a.step, dy, incy, e.float(1.0), d("x"), e.arg("incx")])?;
        }
        self.matvec_scalars(inputs, rows, scalar_adjoints, &|a, x, product| {
            e.blas("gemv", &[layout, trans, m, n, e.float(1.0), a.ptr, a.step, x.ptr, x.step, e.float(0.0), product, e.int_like(incy, 1)]).map(|_| ())
        })
    }

    /// The rest of the adjoint of y = alpha·M·x + beta·y: alpha's (dy·(M x), with `product`
    /// writing M x into a buffer), beta's (dy·y before the call), then dy scaled by beta.
    fn matvec_scalars<'ctx>(
        &self,
        inputs: &Inputs<'_, '_, 'ctx>,
        rows: BasicValueEnum<'ctx>,
        scalar_adjoints: &mut Vec<(&'static str, BasicValueEnum<'ctx>)>,
        product: &dyn Fn(Kept<'ctx>, Kept<'ctx>, BasicValueEnum<'ctx>) -> Result<()>,
    ) -> Result<()> {
        let Inputs { e, kept, d, v } = *inputs;
        let dy = d("y");
        let incy = e.arg("incy");
        let one = e.int_like(incy, 1);
        if v("alpha") {
            let buffer = e.malloc(e.ops.as_i64(rows));
            product(kept["a"], kept["x"], buffer)?;
            scalar_adjoints.push(("alpha", e.blas("dot", &[rows, dy, incy, buffer, one])?.expect("dot returns")));
            e.free(buffer);
        }
        if v("beta") {
            let y = kept["y"];
            scalar_adjoints.push(("beta", e.blas("dot", &[rows, dy, incy, y.ptr, y.step])?.expect("dot returns")));
        }
        e.blas("scal", &[rows, e.arg("beta"), dy, incy])?;
        Ok(())
    }

    /// y = alpha A x + beta y, A symmetric (its `uplo` triangle stored).
    fn symv_adjoint<'ctx>(&self, inputs: &Inputs<'_, '_, 'ctx>, scalar_adjoints: &mut Vec<(&'static str, BasicValueEnum<'ctx>)>) -> Result<()> {
        let Inputs { e, kept, d, v } = *inputs;
        let (layout, uplo, n, alpha) = (e.arg("layout"), e.arg("uplo"), e.arg("n"), e.arg("alpha"));
        let (dy, incy) = (d("y"), e.arg("incy"));
        let one = e.int_like(incy, 1);
        if v("a") {
            // A stored entry off the diagonal stands for A(i,j) and A(j,i): it gets
            // alpha (dy_i x_j + x_i dy_j), which syr2 adds to the triangle; a diagonal entry
            // gets alpha dy_i x_i, half of what syr2 adds there (the old diagonal is averaged in).
            let (da, lda) = (d("a"), e.arg("lda"));
            let diagonal_step = e.ops.binary(LLVMOpcode::LLVMAdd, lda, e.int_like(lda, 1));
            let old = e.malloc(e.ops.as_i64(n));
            e.blas("copy", &[n, da, diagonal_step, old, one])?;
            let x = kept["x"];
            e.blas("syr2", &[layout, uplo, n, alpha, x.ptr, x.step, dy, incy, da, lda])?;
            e.blas("axpy", &[n, e.float(1.0), old, one, da, diagonal_step])?;
            e.blas("scal", &[n, e.float(0.5), da, diagonal_step])?;
            e.free(old);
        }
        if v("x") {
            let a = kept["a"];
            e.blas("symv", &[layout, uplo, n, alpha, a.ptr, a.step, dy, incy, e.float(1.0), d("x"), e.arg("incx")])?;
        }
        self.matvec_scalars(inputs, n, scalar_adjoints, &|a, x, product| {
            e.blas("symv", &[layout, uplo, n, e.float(1.0), a.ptr, a.step, x.ptr, x.step, e.float(0.0), product, one]).map(|_| ())
        })
    }

    fn gemm_adjoint<'ctx>(&self, inputs: &Inputs<'_, '_, 'ctx>) -> Result<()> {
        let Inputs { e, kept, d, v } = *inputs;
        let (layout, transa, transb) = (e.arg("layout"), e.arg("transa"), e.arg("transb"));
        let (m, n, k, alpha) = (e.arg("m"), e.arg("n"), e.arg("k"), e.arg("alpha"));
        let (dc, ldc) = (d("c"), e.arg("ldc"));
        let one = e.float(1.0);
        if v("a") {
            // op(A) = A: dA += dC op(B)ᵀ; op(A) = Aᵀ: dA += op(B) dCᵀ.
            let normal = e.is_normal(transa);
            let pick = |a, b| e.ops.select(normal, a, b);
            let b = kept["b"];
            let first = pick(e.trans_constant(transa, false), transb);
            let second = pick(e.transpose(transb), e.trans_constant(transa, true));
            e.blas("gemm", &[layout, first, second, pick(m, k), pick(k, m), n, alpha, pick(dc, b.ptr), pick(ldc, b.step), pick(b.ptr, dc), pick(b.step, ldc), one, d("a"), e.arg("lda")])?;
        }
        if v("b") {
            // op(B) = B: dB += op(A)ᵀ dC; op(B) = Bᵀ: dB += dCᵀ op(A).
            let normal = e.is_normal(transb);
            let pick = |a, b| e.ops.select(normal, a, b);
            let a = kept["a"];
            let first = pick(e.transpose(transa), e.trans_constant(transb, true));
            let second = pick(e.trans_constant(transb, false), transa);
            e.blas("gemm", &[layout, first, second, pick(k, n), pick(n, k), m, alpha, pick(a.ptr, dc), pick(a.step, ldc), pick(dc, a.ptr), pick(ldc, a.step), one, d("b"), e.arg("ldb")])?;
        }
        let general = e.int_like(layout, b'G' as u64);
        e.lascl(layout, general, m, n, e.arg("beta"), dc, ldc)
    }

    /// Reverse rules not written yet are clear errors (the scalars of gemm).
    fn check_supported<'ctx>(&self, checks: crate::synth::checks::Checks<'_, 'ctx>, call: &CallSite<'ctx>, varied: &dyn Fn(BasicValueEnum<'ctx>) -> bool) -> Result<()> {
        let routine = self.0.routine;
        for scalar in ["alpha", "beta"] {
            if routine.name == "gemm" && varied(call.args[routine.index(scalar)]) {
                let callee = ir::called_function(call.inst).map(ir::function_name).unwrap_or_default();
                return Err(checks.error(call.inst, format!("reverse mode of {callee} with respect to {scalar}"), "keep that argument constant (enzyme_const)"));
            }
        }
        Ok(())
    }
}

use super::super::{Adjoints, CallSite, Need, Shadows};
use crate::analysis::activity::ActivityFacts;
use crate::rules::blas::Role;
