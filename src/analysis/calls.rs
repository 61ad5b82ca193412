//! What a call does, as far as derivatives are concerned.
use crate::ir;
use crate::rules::{MathRule, MathTable};
use inkwell::values::{FunctionValue, InstructionValue};

#[derive(Debug, Clone)]
pub enum CallKind<'ctx> {
    /// Never carries a derivative (printing, timing, lifetime markers, inactive functions).
    Inactive,
    /// A math function with a rule in `rules/`.
    Math(MathRule),
    /// llvm.memcpy / llvm.memmove
    MemCopy,
    /// llvm.memset
    MemSet,
    /// malloc/calloc/realloc-like allocation (result is fresh memory; realloc moves its argument's).
    Alloc(&'static str),
    /// free
    Free,
    /// A function with a body in this module: differentiated recursively.
    Defined(FunctionValue<'ctx>),
    /// An external function without body or rule.
    Unknown(String),
    /// A call through a function pointer.
    Indirect,
}

pub fn classify<'ctx>(call: InstructionValue<'ctx>, table: &MathTable) -> CallKind<'ctx> {
    let Some(callee) = ir::called_function(call) else { return CallKind::Indirect };
    let name = ir::function_name(callee);
    if callee.get_string_attribute(inkwell::attributes::AttributeLoc::Function, "enzyme_inactive").is_some() || table.is_inactive(&name) {
        return CallKind::Inactive;
    }
    // `"enzyme_math"="log1p"` (Enzyme's __enzyme_function_like): differentiated as that function.
    if let Some(like) = callee.get_string_attribute(inkwell::attributes::AttributeLoc::Function, "enzyme_math") {
        if let Some(rule) = table.lookup(&like.get_string_value().to_string_lossy()) {
            return CallKind::Math(rule.clone());
        }
    }
    if name.starts_with("llvm.memcpy") || name.starts_with("llvm.memmove") {
        return CallKind::MemCopy;
    }
    if name.starts_with("llvm.memset") {
        return CallKind::MemSet;
    }
    match name.as_str() {
        // C++ operator new / new[] (plain and nothrow) allocate like malloc.
        "malloc" | "_Znwm" | "_Znam" | "_ZnwmRKSt9nothrow_t" | "_ZnamRKSt9nothrow_t" => return CallKind::Alloc("malloc"),
        "calloc" => return CallKind::Alloc("calloc"),
        "realloc" => return CallKind::Alloc("realloc"),
        "free" | "_ZdlPv" | "_ZdaPv" | "_ZdlPvm" | "_ZdaPvm" => return CallKind::Free,
        _ => {}
    }
    if let Some(rule) = table.lookup(&name) {
        return CallKind::Math(rule.clone());
    }
    if callee.get_first_basic_block().is_some() {
        return CallKind::Defined(callee);
    }
    CallKind::Unknown(name)
}
