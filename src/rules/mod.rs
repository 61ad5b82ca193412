//! Derivative knowledge that comes from data rather than code: the `rules/` math tables.
pub mod math;

pub use math::{Expr, MathRule, MathTable};
