//! Tangent rules of instructions (`rules/instructions.rules`): expressions linear in the operands'
//! tangents. One generic walk gives the forward tangent and another its transpose (the reverse
//! adjoints); both run over any [`Algebra`], so the same code emits IR, records what a reverse
//! sweep reads (the plan), and computes numbers (the unit tests).
use super::math::Expr;
use crate::diag::Result;

/// The operations a tangent rule needs, over some kind of value.
pub trait Algebra {
    type V: Copy;
    /// A coefficient: an expression over the operands and the result, without tangents.
    fn coefficient(&mut self, e: &Expr) -> Result<Self::V>;
    fn add(&mut self, a: Self::V, b: Self::V) -> Self::V;
    fn sub(&mut self, a: Self::V, b: Self::V) -> Self::V;
    fn mul(&mut self, a: Self::V, b: Self::V) -> Self::V;
    fn div(&mut self, a: Self::V, b: Self::V) -> Self::V;
    fn neg(&mut self, a: Self::V) -> Self::V;
}

/// The tangent rule of one instruction.
#[derive(Debug, Clone, PartialEq)]
pub struct TangentRule {
    pub name: String,
    pub params: Vec<String>,
    pub tangent: Expr,
}

/// Whether `e` mentions the tangent of a varied operand (`None`: any operand).
fn has_tangent(e: &Expr, varied: Option<&[bool]>) -> bool {
    let mut found = false;
    e.visit(&mut |x| {
        if let Expr::Tangent(i) = x {
            found |= varied.map_or(true, |v| v.get(*i).copied().unwrap_or(false));
        }
    });
    found
}

/// Checks that `e` is linear in the tangents: every term carries exactly one tangent factor, and
/// tangents appear only as numerators and outside function calls.
pub fn check_linear(e: &Expr) -> std::result::Result<(), String> {
    match e {
        Expr::Tangent(_) => Ok(()),
        Expr::Neg(x) => check_linear(x),
        Expr::Binary('+' | '-', a, b) => {
            if !has_tangent(a, None) || !has_tangent(b, None) {
                return Err("each term of a sum must carry a tangent (the rule must be linear)".into());
            }
            check_linear(a)?;
            check_linear(b)
        }
        Expr::Binary('*', a, b) => match (has_tangent(a, None), has_tangent(b, None)) {
            (true, false) => check_linear(a),
            (false, true) => check_linear(b),
            (true, true) => Err("a product of two tangents is not linear".into()),
            (false, false) => Err("a term without a tangent".into()),
        },
        Expr::Binary('/', a, b) if !has_tangent(b, None) => check_linear(a),
        Expr::Binary('/', _, _) => Err("a tangent in a divisor is not linear".into()),
        _ => Err("a term without a tangent, or a tangent inside a function call".into()),
    }
}

/// The forward tangent: the rule with `tangents[i]` for operand i (`None` is zero, and its terms
/// vanish). `None` when every term vanished.
pub fn tangent<A: Algebra>(alg: &mut A, e: &Expr, tangents: &[Option<A::V>]) -> Result<Option<A::V>> {
    let varied: Vec<bool> = tangents.iter().map(Option::is_some).collect();
    if !has_tangent(e, Some(&varied)) {
        return Ok(None);
    }
    Ok(Some(match e {
        Expr::Tangent(i) => tangents[*i].expect("varied"),
        Expr::Neg(x) => {
            let t = tangent(alg, x, tangents)?.expect("varied");
            alg.neg(t)
        }
        Expr::Binary(op @ ('+' | '-'), a, b) => match (tangent(alg, a, tangents)?, tangent(alg, b, tangents)?) {
            (Some(ta), Some(tb)) if *op == '+' => alg.add(ta, tb),
            (Some(ta), Some(tb)) => alg.sub(ta, tb),
            (Some(ta), None) => ta,
            (None, Some(tb)) if *op == '+' => tb,
            (None, Some(tb)) => alg.neg(tb),
            (None, None) => unreachable!("has a varied tangent"),
        },
        Expr::Binary('*', a, b) if has_tangent(a, None) => {
            let ta = tangent(alg, a, tangents)?.expect("varied");
            let cb = alg.coefficient(b)?;
            alg.mul(ta, cb)
        }
        Expr::Binary('*', a, b) => {
            let ca = alg.coefficient(a)?;
            let tb = tangent(alg, b, tangents)?.expect("varied");
            alg.mul(ca, tb)
        }
        Expr::Binary('/', a, b) => {
            let ta = tangent(alg, a, tangents)?.expect("varied");
            let cb = alg.coefficient(b)?;
            alg.div(ta, cb)
        }
        other => return Err(crate::diag::Error::Internal(format!("tangent rule is not linear at {other:?}"))),
    }))
}

/// The transpose: passes `sink` each adjoint contribution `(operand, value)` of `seed` flowing
/// back through the rule to the varied operands, in the order the rule names them, as soon as it
/// is computed.
pub fn transpose<A: Algebra>(alg: &mut A, e: &Expr, seed: A::V, varied: &[bool], out: &mut dyn FnMut(usize, A::V) -> Result<()>) -> Result<()> {
    if !has_tangent(e, Some(varied)) {
        return Ok(());
    }
    match e {
        Expr::Tangent(i) => out(*i, seed)?,
        Expr::Neg(x) => {
            let s = alg.neg(seed);
            transpose(alg, x, s, varied, out)?;
        }
        Expr::Binary(op @ ('+' | '-'), a, b) => {
            transpose(alg, a, seed, varied, out)?;
            if has_tangent(b, Some(varied)) {
                let s = if *op == '+' { seed } else { alg.neg(seed) };
                transpose(alg, b, s, varied, out)?;
            }
        }
        Expr::Binary('*', a, b) if has_tangent(a, None) => {
            let cb = alg.coefficient(b)?;
            let s = alg.mul(seed, cb);
            transpose(alg, a, s, varied, out)?;
        }
        Expr::Binary('*', a, b) => {
            let ca = alg.coefficient(a)?;
            let s = alg.mul(seed, ca);
            transpose(alg, b, s, varied, out)?;
        }
        Expr::Binary('/', a, b) => {
            let cb = alg.coefficient(b)?;
            let s = alg.div(seed, cb);
            transpose(alg, a, s, varied, out)?;
        }
        other => return Err(crate::diag::Error::Internal(format!("tangent rule is not linear at {other:?}"))),
    }
    Ok(())
}

/// An algebra that computes nothing and records which operands (in the order the transpose first
/// reads them) and whether the result the coefficients read: what a reverse sweep must have on
/// hand for the transpose.
#[derive(Default)]
pub struct References {
    pub args: Vec<usize>,
    pub result: bool,
}

impl Algebra for References {
    type V = ();
    fn coefficient(&mut self, e: &Expr) -> Result<()> {
        e.visit(&mut |x| match x {
            Expr::Arg(i) if !self.args.contains(i) => self.args.push(*i),
            Expr::Result => self.result = true,
            _ => {}
        });
        Ok(())
    }
    fn add(&mut self, _: (), _: ()) {}
    fn sub(&mut self, _: (), _: ()) {}
    fn mul(&mut self, _: (), _: ()) {}
    fn div(&mut self, _: (), _: ()) {}
    fn neg(&mut self, _: ()) {}
}

impl TangentRule {
    /// What the transpose reads when the operands marked `varied` carry derivatives.
    pub fn references(&self, varied: &[bool]) -> References {
        let mut refs = References::default();
        transpose(&mut refs, &self.tangent, (), varied, &mut |_, _| Ok(())).expect("rules are checked linear when read");
        refs
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::MathTable;

    /// Numbers: coefficients evaluated at given operands and result.
    struct Numbers<'a> {
        args: &'a [f64],
        result: f64,
    }

    fn eval(e: &Expr, args: &[f64], result: f64) -> f64 {
        match e {
            Expr::Number(x) => *x,
            Expr::Arg(i) => args[*i],
            Expr::Result => result,
            Expr::Neg(x) => -eval(x, args, result),
            Expr::Binary(op, a, b) => {
                let (a, b) = (eval(a, args, result), eval(b, args, result));
                match op {
                    '+' => a + b,
                    '-' => a - b,
                    '*' => a * b,
                    _ => a / b,
                }
            }
            Expr::Call(name, xs) if name == "trunc" => eval(&xs[0], args, result).trunc(),
            other => panic!("test evaluator lacks {other:?}"),
        }
    }

    impl Algebra for Numbers<'_> {
        type V = f64;
        fn coefficient(&mut self, e: &Expr) -> Result<f64> {
            Ok(eval(e, self.args, self.result))
        }
        fn add(&mut self, a: f64, b: f64) -> f64 {
            a + b
        }
        fn sub(&mut self, a: f64, b: f64) -> f64 {
            a - b
        }
        fn mul(&mut self, a: f64, b: f64) -> f64 {
            a * b
        }
        fn div(&mut self, a: f64, b: f64) -> f64 {
            a / b
        }
        fn neg(&mut self, a: f64) -> f64 {
            -a
        }
    }

    fn primal(name: &str, x: &[f64]) -> f64 {
        match name {
            "fneg" => -x[0],
            "fadd" => x[0] + x[1],
            "fsub" => x[0] - x[1],
            "fmul" => x[0] * x[1],
            "fdiv" => x[0] / x[1],
            "frem" => x[0] % x[1],
            other => panic!("no primal for {other} in the test"),
        }
    }

    /// A small deterministic generator (xorshift), so failures reproduce.
    fn uniform(state: &mut u64) -> f64 {
        *state ^= *state << 13;
        *state ^= *state >> 7;
        *state ^= *state << 17;
        (*state >> 11) as f64 / (1u64 << 53) as f64 * 4.0 - 2.0
    }

    /// Every instruction rule: its tangent matches central finite differences of the instruction,
    /// and the reverse walk is its transpose (<J v, w> = <v, J^T w>), for every subset of varied
    /// operands, on random inputs.
    #[test]
    fn instruction_rules_are_derivatives_and_transposes() {
        let table = MathTable::builtin().expect("rules parse");
        let names = table.instruction_names();
        assert!(names.len() >= 6, "{names:?}");
        let mut state = 0x9E3779B97F4A7C15u64;
        for name in names {
            let rule = table.instruction(&name).expect("listed");
            let n = rule.params.len();
            for mask in 1..(1u32 << n) {
                let varied: Vec<bool> = (0..n).map(|i| mask & (1 << i) != 0).collect();
                for _ in 0..50 {
                    let x: Vec<f64> = (0..n).map(|_| uniform(&mut state)).collect();
                    let v: Vec<f64> = (0..n).map(|i| if varied[i] { uniform(&mut state) } else { 0.0 }).collect();
                    let w = uniform(&mut state);
                    let result = primal(&name, &x);
                    let mut alg = Numbers { args: &x, result };
                    let tangents: Vec<Option<f64>> = (0..n).map(|i| varied[i].then_some(v[i])).collect();
                    let jv = tangent(&mut alg, &rule.tangent, &tangents).expect("tangent").unwrap_or(0.0);
                    let mut out = Vec::new();
                    transpose(&mut alg, &rule.tangent, w, &varied, &mut |i, g| {
                        out.push((i, g));
                        Ok(())
                    })
                    .expect("transpose");
                    let vjtw: f64 = out.iter().map(|(i, g)| v[*i] * g).sum();
                    assert!(out.iter().all(|(i, _)| varied[*i]), "{name}: adjoint for a constant operand");
                    let tol = 1e-12 * (1.0 + jv.abs() * w.abs());
                    assert!((jv * w - vjtw).abs() <= tol, "{name} {varied:?} at {x:?}: <Jv,w> = {} but <v,J^T w> = {vjtw}", jv * w);
                    // Central differences along v (frem jumps where a/b crosses an integer: skip there).
                    let h = 1e-6;
                    let plus: Vec<f64> = x.iter().zip(&v).map(|(a, d)| a + h * d).collect();
                    let minus: Vec<f64> = x.iter().zip(&v).map(|(a, d)| a - h * d).collect();
                    if name == "frem" && (plus[0] / plus[1]).trunc() != (minus[0] / minus[1]).trunc() {
                        continue;
                    }
                    if name == "fdiv" && x[1].abs() < 0.05 {
                        continue;
                    }
                    let fd = (primal(&name, &plus) - primal(&name, &minus)) / (2.0 * h);
                    assert!((fd - jv).abs() <= 1e-6 * (1.0 + jv.abs()), "{name} {varied:?} at {x:?}: tangent {jv}, finite difference {fd}");
                }
            }
        }
    }

    #[test]
    fn references_follow_the_varied_operands() {
        let table = MathTable::builtin().expect("rules parse");
        let fmul = table.instruction("fmul").expect("fmul");
        let r = fmul.references(&[true, false]);
        assert_eq!((r.args, r.result), (vec![1], false));
        let fdiv = table.instruction("fdiv").expect("fdiv");
        let r = fdiv.references(&[true, false]);
        assert_eq!((r.args, r.result), (vec![1], false));
        let r = fdiv.references(&[false, true]);
        assert_eq!((r.args, r.result), (vec![1], true));
        let fadd = table.instruction("fadd").expect("fadd");
        let r = fadd.references(&[true, true]);
        assert!(r.args.is_empty() && !r.result);
    }

    #[test]
    fn nonlinear_rules_are_refused() {
        let mut table = MathTable::default();
        let err = table.add_source("x.rules", "fmul(a, b) = da * db\n").unwrap_err();
        assert!(err.to_string().contains("product of two tangents"), "{err}");
        let err = MathTable::default().add_source("x.rules", "fadd(a, b) = da + 1\n").unwrap_err();
        assert!(err.to_string().contains("must carry a tangent"), "{err}");
        let err = MathTable::default().add_source("x.rules", "fdiv(a, b) = a / db\n").unwrap_err();
        assert!(err.to_string().contains("divisor"), "{err}");
        let err = MathTable::default().add_source("x.rules", "fma(a, b) = da * b\n").unwrap_err();
        assert!(err.to_string().contains("'fma' is not an instruction"), "{err}");
    }
}
