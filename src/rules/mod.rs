//! Derivative knowledge that comes from data rather than code: the `rules/` math tables.
pub mod blas;
pub mod linear;
pub mod math;
pub mod mpi;
pub mod structure;

pub use linear::TangentRule;
pub use math::{Expr, MathRule, MathTable};
pub mod custom;

pub use custom::{Convention, CustomRule, Pattern, RuleKind, RuleTable};
