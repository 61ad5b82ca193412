//! Synthesis of derivative functions, memoized per key (design §1).
pub mod checks;
pub mod expr;
pub mod forward;

use crate::diag::Result;
use crate::requests::Activity;
use crate::rules::MathTable;
use inkwell::module::Module;
use inkwell::values::FunctionValue;
use std::collections::HashMap;

/// Everything that makes two forward derivatives of one function different.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ForwardKey<'ctx> {
    pub function: FunctionValue<'ctx>,
    pub args: Vec<Activity>,
    /// The caller wants the tangent of the return value.
    pub ret_tangent: bool,
    /// The caller wants the primal return value.
    pub ret_primal: bool,
    /// Called from a request (not from differentiated code): its constant pointer arguments are
    /// the user's memory, which nothing differentiated reads after the call.
    pub top_level: bool,
}

/// Shared state of one run: the module, the rules, and what has been synthesized already.
pub struct Synthesizer<'a, 'ctx> {
    pub module: &'a Module<'ctx>,
    pub table: &'a MathTable,
    forward: HashMap<ForwardKey<'ctx>, FunctionValue<'ctx>>,
    pub(crate) log_types: bool,
    pub(crate) log_activity: bool,
    pub(crate) log: String,
}

impl<'a, 'ctx> Synthesizer<'a, 'ctx> {
    pub fn new(module: &'a Module<'ctx>, table: &'a MathTable) -> Self {
        Synthesizer { module, table, forward: HashMap::new(), log_types: false, log_activity: false, log: String::new() }
    }

    /// The forward derivative for `key`, synthesizing it (and its callees) on first use.
    pub fn forward(&mut self, key: ForwardKey<'ctx>) -> Result<FunctionValue<'ctx>> {
        if let Some(f) = self.forward.get(&key) {
            return Ok(*f);
        }
        let function = forward::declare(self.module, &key, self.forward.len());
        // Registered before the body is built so that recursion finds it.
        self.forward.insert(key.clone(), function);
        forward::build(self, &key, function)?;
        Ok(function)
    }

    /// Every function synthesized so far (for printing and tests).
    pub fn synthesized(&self) -> Vec<FunctionValue<'ctx>> {
        let mut all: Vec<_> = self.forward.values().copied().collect();
        all.sort_by_key(|f| crate::ir::function_name(*f));
        all
    }
}

impl<'a, 'ctx> Synthesizer<'a, 'ctx> {
    /// Turns on printing of the analyses of every function synthesized from now on.
    pub fn log_analyses(&mut self, types: bool, activity: bool) {
        self.log_types = types;
        self.log_activity = activity;
    }

    pub fn take_log(&mut self) -> String {
        std::mem::take(&mut self.log)
    }
}
