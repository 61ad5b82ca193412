//! BLAS/LAPACK routines llad differentiates by rule instead of through their code (CBLAS names,
//! `cblas_<d|s><routine>`): which argument is what, and which one the routine writes. The
//! derivatives themselves are sequences of BLAS calls (`synth/calls/blas/`).
use Role::*;

/// What an argument of a BLAS routine is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Row or column major (CBLAS only).
    Layout,
    /// 'N'/'T' (or CblasNoTrans/CblasTrans).
    Trans,
    /// 'U'/'L' (or CblasUpper/CblasLower).
    Uplo,
    /// A dimension, leading dimension or increment.
    Int,
    /// A floating-point scalar (alpha, beta).
    Scalar,
    /// A vector or matrix of floating-point numbers.
    Array,
    /// LAPACK's `info` output.
    Info,
}

/// One routine: its parameters (name and role, in order), the array it overwrites, and whether
/// it returns a scalar.
#[derive(Debug)]
pub struct Routine {
    pub name: &'static str,
    pub params: &'static [(&'static str, Role)],
    pub output: Option<&'static str>,
    pub returns_scalar: bool,
}

impl Routine {
    /// The position of parameter `name`.
    pub fn index(&self, name: &str) -> usize {
        self.params.iter().position(|(n, _)| *n == name).unwrap_or_else(|| panic!("BLAS routine {} has no parameter {name}", self.name))
    }

    pub fn output_index(&self) -> Option<usize> {
        self.output.map(|o| self.index(o))
    }
}

/// Floating-point precision of a routine (the `d`/`s` in its name).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Precision {
    Double,
    Single,
}

impl Precision {
    pub fn letter(self) -> char {
        match self {
            Precision::Double => 'd',
            Precision::Single => 's',
        }
    }
}

/// A call of a known routine.
#[derive(Clone, Copy, Debug)]
pub struct BlasRoutine {
    pub routine: &'static Routine,
    pub precision: Precision,
}

impl BlasRoutine {
    /// The function name of `routine` in this call's interface and precision.
    pub fn function_name(&self, routine: &str) -> String {
        format!("cblas_{}{routine}", self.precision.letter())
    }
}

pub const ROUTINES: &[Routine] = &[
    Routine { name: "dot", params: &[("n", Int), ("x", Array), ("incx", Int), ("y", Array), ("incy", Int)], output: None, returns_scalar: true },
    Routine { name: "nrm2", params: &[("n", Int), ("x", Array), ("incx", Int)], output: None, returns_scalar: true },
    Routine { name: "axpy", params: &[("n", Int), ("alpha", Scalar), ("x", Array), ("incx", Int), ("y", Array), ("incy", Int)], output: Some("y"), returns_scalar: false },
    Routine { name: "scal", params: &[("n", Int), ("alpha", Scalar), ("x", Array), ("incx", Int)], output: Some("x"), returns_scalar: false },
    Routine { name: "copy", params: &[("n", Int), ("x", Array), ("incx", Int), ("y", Array), ("incy", Int)], output: Some("y"), returns_scalar: false },
    Routine {
        name: "gemv",
        params: &[("layout", Layout), ("trans", Trans), ("m", Int), ("n", Int), ("alpha", Scalar), ("a", Array), ("lda", Int), ("x", Array), ("incx", Int), ("beta", Scalar), ("y", Array), ("incy", Int)],
        output: Some("y"),
        returns_scalar: false,
    },
    Routine {
        name: "symv",
        params: &[("layout", Layout), ("uplo", Uplo), ("n", Int), ("alpha", Scalar), ("a", Array), ("lda", Int), ("x", Array), ("incx", Int), ("beta", Scalar), ("y", Array), ("incy", Int)],
        output: Some("y"),
        returns_scalar: false,
    },
    Routine {
        name: "gemm",
        params: &[
            ("layout", Layout),
            ("transa", Trans),
            ("transb", Trans),
            ("m", Int),
            ("n", Int),
            ("k", Int),
            ("alpha", Scalar),
            ("a", Array),
            ("lda", Int),
            ("b", Array),
            ("ldb", Int),
            ("beta", Scalar),
            ("c", Array),
            ("ldc", Int),
        ],
        output: Some("c"),
        returns_scalar: false,
    },
    Routine {
        name: "syrk",
        params: &[("layout", Layout), ("uplo", Uplo), ("trans", Trans), ("n", Int), ("k", Int), ("alpha", Scalar), ("a", Array), ("lda", Int), ("beta", Scalar), ("c", Array), ("ldc", Int)],
        output: Some("c"),
        returns_scalar: false,
    },
    // Cholesky factorization in place, in the form Enzyme's BLAS tests declare it.
    Routine { name: "potrf", params: &[("layout", Layout), ("uplo", Uplo), ("n", Int), ("a", Array), ("lda", Int), ("info", Info)], output: Some("a"), returns_scalar: false },
];

/// The routine a function name and argument count stand for.
pub fn lookup(name: &str, arg_count: usize) -> Option<BlasRoutine> {
    let rest = name.strip_prefix("cblas_")?;
    let mut chars = rest.chars();
    let precision = match chars.next()? {
        'd' => Precision::Double,
        's' => Precision::Single,
        _ => return None,
    };
    let routine = ROUTINES.iter().find(|r| r.name == chars.as_str() && r.params.len() == arg_count)?;
    Some(BlasRoutine { routine, precision })
}

/// The parameters of routine `name` (for declaring a routine a derivative calls).
pub fn routine(name: &str) -> Option<&'static Routine> {
    ROUTINES.iter().find(|r| r.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_arities() {
        let dot = lookup("cblas_ddot", 5).expect("ddot");
        assert_eq!(dot.routine.name, "dot");
        assert_eq!(dot.function_name("axpy"), "cblas_daxpy");
        assert_eq!(lookup("cblas_sgemm", 14).map(|r| r.precision), Some(Precision::Single));
        assert!(lookup("cblas_dgemm", 13).is_none(), "wrong argument count");
        assert!(lookup("cblas_zgemm", 14).is_none(), "complex routines have no rules");
        assert!(lookup("ddot", 5).is_none());
        assert_eq!(dot.routine.output_index(), None);
        assert_eq!(routine("gemv").and_then(|r| r.output_index()), Some(10));
    }
}
