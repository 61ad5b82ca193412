//! Emits the math-rule expressions of `rules/` as IR at a given float type (scalar or vector).
use crate::diag::{Error, Result};
use crate::ir::Ops;
use crate::rules::linear::Algebra;
use crate::rules::{Expr, MathTable};
use inkwell::types::BasicTypeEnum;
use inkwell::values::BasicValueEnum;
use llvm_sys::{LLVMOpcode, LLVMRealPredicate};

pub struct ExprContext<'a, 'b, 'ctx> {
    pub ops: &'a Ops<'b, 'ctx>,
    pub table: &'a MathTable,
    /// The float type the rule is evaluated at (the call's result type).
    pub float_ty: BasicTypeEnum<'ctx>,
    pub args: &'a [BasicValueEnum<'ctx>],
    pub result: BasicValueEnum<'ctx>,
}

fn is_int(v: BasicValueEnum<'_>) -> bool {
    matches!(v, BasicValueEnum::IntValue(_))
}

impl<'ctx> ExprContext<'_, '_, 'ctx> {
    pub fn emit(&self, expr: &Expr) -> Result<BasicValueEnum<'ctx>> {
        self.emit_hint(expr, None)
    }

    /// `int_hint`: the integer type a bare number should take (inside integer arithmetic).
    fn emit_hint(&self, expr: &Expr, int_hint: Option<BasicValueEnum<'ctx>>) -> Result<BasicValueEnum<'ctx>> {
        let ops = self.ops;
        Ok(match expr {
            Expr::Number(x) => match int_hint {
                Some(BasicValueEnum::IntValue(i)) => i.get_type().const_int(*x as i64 as u64, true).into(),
                _ => ops.const_float(self.float_ty, *x),
            },
            Expr::Arg(i) => *self.args.get(*i).ok_or_else(|| Error::Internal(format!("rule uses argument {i}")))?,
            Expr::Result => self.result,
            Expr::Tangent(_) => return Err(Error::Internal("a tangent inside a coefficient".into())),
            Expr::Neg(e) => {
                let v = self.emit_hint(e, int_hint)?;
                if is_int(v) {
                    ops.binary(LLVMOpcode::LLVMSub, v.get_type().const_zero(), v)
                } else {
                    ops.fneg(v)
                }
            }
            Expr::Binary(op, a, b) => {
                let left = self.emit_hint(a, int_hint)?;
                let right = self.emit_hint(b, if is_int(left) { Some(left) } else { None })?;
                let (left, right) = if is_int(left) && is_int(right) {
                    (left, right)
                } else {
                    (self.to_float(left), self.to_float(right))
                };
                let int = is_int(left);
                let opcode = match (op, int) {
                    ('+', false) => LLVMOpcode::LLVMFAdd,
                    ('-', false) => LLVMOpcode::LLVMFSub,
                    ('*', false) => LLVMOpcode::LLVMFMul,
                    ('/', false) => LLVMOpcode::LLVMFDiv,
                    ('+', true) => LLVMOpcode::LLVMAdd,
                    ('-', true) => LLVMOpcode::LLVMSub,
                    ('*', true) => LLVMOpcode::LLVMMul,
                    _ => LLVMOpcode::LLVMSDiv,
                };
                ops.binary(opcode, left, right)
            }
            Expr::Call(name, args) => self.call(name, args)?,
        })
    }

    /// Integers used in float arithmetic are converted (and splatted for vector types).
    fn to_float(&self, v: BasicValueEnum<'ctx>) -> BasicValueEnum<'ctx> {
        if !is_int(v) {
            return v;
        }
        match self.float_ty {
            BasicTypeEnum::VectorType(vt) => {
                let scalar = self.ops.cast(LLVMOpcode::LLVMSIToFP, v, vt.get_element_type());
                let mut out = self.ops.const_float(self.float_ty, 0.0);
                for lane in 0..vt.get_size() {
                    out = self.ops.insert_element(out, scalar, lane);
                }
                out
            }
            ty => self.ops.cast(LLVMOpcode::LLVMSIToFP, v, ty),
        }
    }

    fn call(&self, name: &str, args: &[Expr]) -> Result<BasicValueEnum<'ctx>> {
        let ops = self.ops;
        let compare = |pred| -> Result<BasicValueEnum<'ctx>> {
            let a = self.to_float(self.emit(&args[0])?);
            let b = self.to_float(self.emit(&args[1])?);
            Ok(ops.fcmp(pred, a, b))
        };
        match name {
            "lt" => return compare(LLVMRealPredicate::LLVMRealOLT),
            "le" => return compare(LLVMRealPredicate::LLVMRealOLE),
            "gt" => return compare(LLVMRealPredicate::LLVMRealOGT),
            "ge" => return compare(LLVMRealPredicate::LLVMRealOGE),
            "select" => {
                let c = self.emit(&args[0])?;
                let a = self.to_float(self.emit(&args[1])?);
                let b = self.to_float(self.emit(&args[2])?);
                return Ok(ops.select(c, a, b));
            }
            _ => {}
        }
        let values: Vec<BasicValueEnum<'ctx>> = args.iter().map(|a| self.emit(a)).collect::<Result<_>>()?;
        let rule = self.table.rule(name).ok_or_else(|| Error::Internal(format!("rule expression calls unknown '{name}'")))?;
        // Float arguments at the rule's type; `_` arguments (integers) keep theirs.
        let values: Vec<BasicValueEnum<'ctx>> =
            values.into_iter().zip(&rule.partials).map(|(v, p)| if p.is_some() { self.to_float(v) } else { v }).collect();
        call_math(ops, name, self.float_ty, &values)
    }
}

/// Calls math function `name` at `float_ty`: the LLVM intrinsic when there is one, otherwise the
/// libm function (lane by lane for vectors).
pub fn call_math<'ctx>(ops: &Ops<'_, 'ctx>, name: &str, float_ty: BasicTypeEnum<'ctx>, args: &[BasicValueEnum<'ctx>]) -> Result<BasicValueEnum<'ctx>> {
    if Ops::has_intrinsic(name) {
        let mut overloads = vec![float_ty];
        overloads.extend(args.iter().filter(|a| is_int(**a)).map(|a| a.get_type()));
        return ops.intrinsic(name, &overloads, args);
    }
    match float_ty {
        BasicTypeEnum::VectorType(vt) => {
            let mut out = ops.const_float(float_ty, 0.0);
            for lane in 0..vt.get_size() {
                let lane_args: Vec<_> = args.iter().map(|a| if is_int(*a) { *a } else { ops.extract_element(*a, lane) }).collect();
                let r = call_math(ops, name, vt.get_element_type(), &lane_args)?;
                out = ops.insert_element(out, r, lane);
            }
            Ok(out)
        }
        BasicTypeEnum::FloatType(ft) => {
            let symbol = match ft.print_to_string().to_string().as_str() {
                "double" => name.to_string(),
                "float" => format!("{name}f"),
                "x86_fp80" => format!("{name}l"),
                other => return Err(Error::Internal(format!("no libm {name} for {other}"))),
            };
            let params: Vec<BasicTypeEnum> = args.iter().map(|a| a.get_type()).collect();
            let f = ops.declare(&symbol, Some(float_ty), &params);
            ops.call(f, args).1.ok_or_else(|| Error::Internal(format!("{symbol} returned void")))
        }
        _ => Err(Error::Internal(format!("math function {name} at a non-float type"))),
    }
}

/// Tangent rules over IR: coefficients are emitted by the expression context.
pub struct IrAlgebra<'a, 'b, 'c, 'ctx>(pub &'a ExprContext<'b, 'c, 'ctx>);

impl<'ctx> Algebra for IrAlgebra<'_, '_, '_, 'ctx> {
    type V = BasicValueEnum<'ctx>;
    fn coefficient(&mut self, e: &Expr) -> Result<Self::V> {
        self.0.emit(e)
    }
    // (Sums of tangent or adjoint terms: reassociable.)
    fn add(&mut self, a: Self::V, b: Self::V) -> Self::V {
        self.0.ops.fadd_reassoc(a, b)
    }
    fn sub(&mut self, a: Self::V, b: Self::V) -> Self::V {
        self.0.ops.fsub_reassoc(a, b)
    }
    fn mul(&mut self, a: Self::V, b: Self::V) -> Self::V {
        self.0.ops.fmul(a, b)
    }
    fn div(&mut self, a: Self::V, b: Self::V) -> Self::V {
        self.0.ops.fdiv(a, b)
    }
    fn neg(&mut self, a: Self::V) -> Self::V {
        self.0.ops.fneg(a)
    }
}
