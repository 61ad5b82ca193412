//! Synthesis of derivative functions, memoized per key (design §1).
pub mod calls;
pub mod checks;
pub mod custom_calls;
pub mod error_estimate;
pub mod expr;
pub mod forward;
pub mod heap;
pub mod keys;
pub mod reverse;
pub mod signature;
pub mod shadows;

use crate::analysis::{activity, types};
use crate::diag::Result;
pub use keys::{ForwardKey, ReverseKey, ReversePair};
use reverse::{augmented, plan::Plan, sweep};
use crate::rules::MathTable;
use inkwell::module::Module;
use inkwell::values::{BasicValueEnum, FunctionValue, GlobalValue};
use std::collections::HashMap;

/// Enzyme's `__enzyme_iter(n, k)`: an iteration count that grows by `k` with each order of
/// differentiation (a truncated series keeps its accuracy in higher derivatives). In a derivative
/// the count is one order higher; what is left in the program at the end is `n`
/// (`rewrite::remove_request_leftovers`).
pub const ITERATION_COUNT: &str = "__enzyme_iter";

fn one_order_higher(derivatives: &[FunctionValue<'_>]) {
    for f in derivatives {
        let calls: Vec<_> = f
            .get_basic_block_iter()
            .flat_map(|b| b.get_instructions())
            .filter(|i| crate::ir::called_function(*i).is_some_and(|c| crate::ir::function_name(c) == ITERATION_COUNT))
            .collect();
        for call in calls {
            let (Some(n), Some(k)) = (crate::ir::operand(call, 0), crate::ir::operand(call, 1)) else { continue };
            if n.get_type() != k.get_type() {
                continue;
            }
            let builder = f.get_type().get_context().create_builder();
            builder.position_before(&call);
            let (BasicValueEnum::IntValue(n), BasicValueEnum::IntValue(k)) = (n, k) else { continue };
            if let Ok(sum) = builder.build_int_add(n, k, "") {
                crate::ir::set_operand(call, 0, sum.into());
            }
        }
    }
}

/// Shared state of one run: the module, the rules, and what has been synthesized already.
pub struct Synthesizer<'a, 'ctx> {
    pub module: &'a Module<'ctx>,
    pub table: &'a MathTable,
    /// The users' custom rules.
    pub custom: &'a crate::rules::RuleTable<'ctx>,
    forward: HashMap<ForwardKey<'ctx>, FunctionValue<'ctx>>,
    reverse: HashMap<ReverseKey<'ctx>, ReversePair<'ctx>>,
    /// Functions with invokes, by the copy of their normal path their derivatives are built from.
    normal_paths: HashMap<FunctionValue<'ctx>, FunctionValue<'ctx>>,
    /// Shadow globals of mutable globals that carry derivatives, by global.
    shadow_globals: std::cell::RefCell<HashMap<GlobalValue<'ctx>, GlobalValue<'ctx>>>,
    /// Accesses to globals that the accessing function's activity analysis does not track
    /// (refused once such a global turns out to carry derivatives: [`Self::check_globals_tracked`]).
    untracked: Vec<crate::analysis::globals::UntrackedAccess<'ctx>>,
    global_reach: crate::analysis::globals::GlobalReach<'ctx>,
    pub(crate) log_tape: bool,
    pub(crate) log_types: bool,
    pub(crate) log_activity: bool,
    pub(crate) log: String,
}

impl<'a, 'ctx> Synthesizer<'a, 'ctx> {
    pub fn new(module: &'a Module<'ctx>, table: &'a MathTable, custom: &'a crate::rules::RuleTable<'ctx>) -> Self {
        Synthesizer { module, table, custom, forward: HashMap::new(), reverse: HashMap::new(), normal_paths: HashMap::new(), shadow_globals: Default::default(), untracked: Vec::new(), global_reach: Default::default(), log_tape: false, log_types: false, log_activity: false, log: String::new() }
    }

    /// The forward derivative for `key`, synthesizing it (and its callees) on first use.
    pub fn forward(&mut self, key: ForwardKey<'ctx>) -> Result<FunctionValue<'ctx>> {
        if let Some(f) = self.forward.get(&key) {
            return Ok(*f);
        }
        let function = forward::declare(self.module, &key, self.forward.len());
        // Registered before the body is built so that recursion finds it.
        self.forward.insert(key.clone(), function);
        let body = ForwardKey { function: self.normal_path(key.function), ..key.clone() };
        forward::build(self, &body, function).map_err(|e| self.in_original(e, key.function))?;
        self.abort_on_unwind(key.function, &[function])?;
        one_order_higher(&[function]);
        Ok(function)
    }

    /// The augmented primal and reverse for `key`, synthesizing them (and their callees) on first use.
    pub fn reverse(&mut self, key: ReverseKey<'ctx>) -> Result<ReversePair<'ctx>> {
        if let Some(pair) = self.reverse.get(&key) {
            return Ok(*pair);
        }
        crate::ir::link_tape_runtime(self.module)?;
        let fname = crate::ir::function_name(key.function);
        let suffix = if self.module.get_function(&format!("augmented_{fname}")).is_none() { String::new() } else { format!(".{}", self.reverse.len()) };
        let pair = ReversePair {
            augmented: augmented::declare(self.module, &key, &format!("augmented_{fname}{suffix}")),
            reverse: sweep::declare(self.module, &key, &format!("reverse_{fname}{suffix}")),
        };
        // Registered before the bodies are built so that recursion finds it.
        self.reverse.insert(key.clone(), pair);
        let original = key.function;
        let key = ReverseKey { function: self.normal_path(key.function), ..key };
        self.build_reverse(&key, pair).map_err(|e| self.in_original(e, original))?;
        self.abort_on_unwind(original, &[pair.augmented, pair.reverse])?;
        one_order_higher(&[pair.augmented, pair.reverse]);
        Ok(pair)
    }

    fn build_reverse(&mut self, key: &ReverseKey<'ctx>, pair: ReversePair<'ctx>) -> Result<()> {
        let fname = crate::ir::function_name(key.function);
        let types = types::analyze(self.module, key.function);
        let boundary = activity::Boundary { arg_active: key.args.iter().map(|a| *a != crate::model::Activity::Const).collect(), ret_active: key.ret_active };
        let act = activity::analyze(key.function, &boundary, &types, self.table);
        // (Logged before the checks: the analyses explain an error too.)
        if self.log_types {
            self.log.push_str(&types::print(key.function, &types));
        }
        if self.log_activity {
            self.log.push_str(&activity::print(key.function, &act));
        }
        checks::Checks { function: key.function, act: &act, types: &types, table: self.table, top_level: key.top_level }.check_every_instruction()?;
        self.note_global_accesses(key.function, &act);
        let shadowed: Vec<bool> = key.args.iter().map(|a| a.has_shadow()).collect();
        let plan = Plan::build(key.function, &act, self.table, self.custom, &shadowed, &key.overwritten)?;
        if self.log_tape {
            let overwritten: Vec<String> = key
                .function
                .get_param_iter()
                .zip(&key.overwritten)
                .enumerate()
                .filter(|(_, (p, o))| **o && crate::ir::contains_pointer(p.get_type()))
                .map(|(i, (p, _))| match crate::ir::value_name(p) {
                    name if name.is_empty() => format!("argument {i}"),
                    name => format!("argument {i} (%{name})"),
                })
                .collect();
            let overwritten = if overwritten.is_empty() { "none".to_string() } else { overwritten.join(", ") };
            self.log.push_str(&format!(
                "tape for {} (pushed by {}, popped by {}; memory the caller may overwrite afterwards: {overwritten}):\n{plan}{}",
                fname,
                crate::ir::function_name(pair.augmented),
                crate::ir::function_name(pair.reverse),
                plan.bytes_report(self.module)
            ));
        }
        augmented::build(self, key, pair.augmented, augmented::Inputs { plan: &plan, act: &act, types: &types })?;
        sweep::build(self, key, pair.reverse, &plan, &act, &types)?;
        Ok(())
    }

    /// What derivatives of `f` are built from: `f`, or for a function with invokes (C++ with
    /// exceptions) a copy of its normal path, made once.
    fn normal_path(&mut self, f: FunctionValue<'ctx>) -> FunctionValue<'ctx> {
        if !crate::ir::has_invokes(f) {
            return f;
        }
        *self.normal_paths.entry(f).or_insert_with(|| crate::ir::normal_path_copy(f))
    }

    /// In a module with C++ exception handling, derivatives abort where an exception would
    /// unwind through them (with the personality of `original`, or of any function that has one).
    fn abort_on_unwind(&self, original: FunctionValue<'ctx>, derivatives: &[FunctionValue<'ctx>]) -> Result<()> {
        let with_personality = std::iter::once(original).chain(self.module.get_functions()).find(|f| crate::ir::has_personality(*f));
        let Some(with_personality) = with_personality else { return Ok(()) };
        crate::ir::link_tape_runtime(self.module)?;
        let abort = self.module.get_function("llad.unwind.abort").ok_or_else(|| crate::diag::Error::Internal("tape runtime lacks llad.unwind.abort".into()))?;
        for d in derivatives {
            crate::ir::abort_on_unwind(*d, with_personality, abort);
        }
        Ok(())
    }

    /// An error found in the normal-path copy of `original` names `original`.
    fn in_original(&self, e: crate::diag::Error, original: FunctionValue<'ctx>) -> crate::diag::Error {
        match self.normal_paths.get(&original) {
            Some(copy) => e.renamed(&crate::ir::function_name(*copy), &crate::ir::function_name(original)),
            None => e,
        }
    }

    /// The shadow of a constant address into a mutable global: the same address in the global's
    /// shadow (the user's `!enzyme_shadow`, or a zeroed `<name>_shadow` made on first use).
    pub fn shadow_of_constant(&self, v: inkwell::values::BasicValueEnum<'ctx>) -> Option<inkwell::values::BasicValueEnum<'ctx>> {
        let global = crate::ir::global_base(v)?;
        let shadow = *self.shadow_globals.borrow_mut().entry(global).or_insert_with(|| {
            let named = crate::ir::meta::variable_metadata(global, "enzyme_shadow").and_then(|ops| {
                ops.into_iter().find_map(|o| match o {
                    crate::ir::meta::MdOperand::Value(v) => crate::ir::as_global_variable(crate::ir::strip_casts(v)),
                    _ => None,
                })
            });
            named.unwrap_or_else(|| {
                let ty = global.get_value_type();
                let name = format!("{}_shadow", crate::ir::cstr_lossy(global.get_name()));
                let basic = inkwell::types::BasicTypeEnum::try_from(ty).expect("global of a sized type");
                let shadow = self.module.add_global(basic, None, &name);
                shadow.set_initializer(&basic.const_zero());
                shadow.set_linkage(inkwell::module::Linkage::Internal);
                shadow.set_alignment(global.get_alignment());
                shadow
            })
        });
        crate::ir::rebase_constant(v, shadow)
    }

    /// The shadow of an address into a global marked inactive, where it meets shadowed pointers
    /// (`select c, @inactive, %p` at -O2): a zeroed `<name>_shadow` like any global's. Under the
    /// promise `enzyme_inactive` makes, nothing written there reaches a result, and shadow globals
    /// are zeroed before each request, so no derivative leaks from one call into the next. Only
    /// for globals whose type holds no pointers (or raw bytes that might): a shadow full of null
    /// pointers would be dereferenced.
    pub fn shadow_of_inactive_global(&self, v: inkwell::values::BasicValueEnum<'ctx>) -> Option<inkwell::values::BasicValueEnum<'ctx>> {
        let global = crate::ir::global_base(v)?;
        crate::ir::meta::variable_metadata(global, "llad.inactive")?;
        let ty = inkwell::types::BasicTypeEnum::try_from(global.get_value_type()).ok()?;
        if crate::ir::contains_pointer(ty) || !crate::ir::carries_float(ty) {
            return None;
        }
        self.shadow_of_constant(v)
    }

    /// Records where `function` reaches globals its activity analysis `act` does not track.
    pub(crate) fn note_global_accesses(&mut self, function: FunctionValue<'ctx>, act: &activity::ActivityFacts) {
        let found = crate::analysis::globals::untracked_accesses(function, act, self.table, &mut self.global_reach);
        self.untracked.extend(found);
    }

    /// A global carries derivatives where active data is stored into it (it has a shadow global);
    /// activity analysis tracks it only in that function. Anywhere else a derivative reaches it
    /// (a callee reads it, the caller reads it after a call stored into it), its derivatives would
    /// be lost: an error rather than a silently wrong derivative.
    pub fn check_globals_tracked(&self) -> Result<()> {
        let carrying: std::collections::HashSet<GlobalValue<'ctx>> = self.shadow_globals.borrow().keys().copied().collect();
        let carries = |g: &GlobalValue<'ctx>| carrying.contains(g) || crate::analysis::globals::has_user_shadow(*g);
        let Some(access) = self.untracked.iter().find(|a| carries(&a.global)) else { return Ok(()) };
        let name = crate::ir::cstr_lossy(access.global.get_name());
        let why = if crate::analysis::globals::has_user_shadow(access.global) { "its shadow is named with !enzyme_shadow" } else { "active data is stored into it" };
        let what = if access.through_call {
            format!(
                "this call reaches global '@{name}' (the callee, or a function it calls, reads or writes it), which carries derivatives in this differentiation ({why}); a call without active arguments gets no derivatives, so they would be lost"
            )
        } else {
            format!(
                "global '@{name}' is read or written here, and carries derivatives in this differentiation (active data is stored into it in another function); llad follows a global's derivatives only in the function that stores them into it, so they would be lost here"
            )
        };
        Err(crate::diag::Error::Unsupported {
            location: crate::model::location_of(access.function, access.inst),
            what,
            hint: if access.through_call {
                "pass the data as an argument instead of through the global; if the callee carries no derivative (it only prints or counts), mark it inactive (enzyme_inactive); if the global carries none, mark the global inactive".into()
            } else {
                "pass the data as an argument instead of through the global (or mark the global inactive if it carries no derivative)".into()
            },
        })
    }

    /// The shadow globals llad made so far (zeroed before each request: derivatives start at
    /// zero). A shadow the user named (`!enzyme_shadow`) is the user's, as in Enzyme: it holds the
    /// global's tangent going into forward mode, and reverse mode adds the adjoint into it.
    pub fn shadow_globals(&self) -> Vec<GlobalValue<'ctx>> {
        self.shadow_globals.borrow().iter().filter(|(g, _)| !crate::analysis::globals::has_user_shadow(**g)).map(|(_, s)| *s).collect()
    }

    /// Every function synthesized so far (for printing and tests).
    pub fn synthesized(&self) -> Vec<FunctionValue<'ctx>> {
        let mut all: Vec<_> = self.forward.values().copied().collect();
        all.extend(self.reverse.values().flat_map(|p| [p.augmented, p.reverse]));
        all.sort_by_key(|f| crate::ir::function_name(*f));
        all
    }
}

impl<'a, 'ctx> Synthesizer<'a, 'ctx> {
    /// Turns on printing of the analyses of every function synthesized from now on.
    pub fn log_analyses(&mut self, types: bool, activity: bool, tape: bool) {
        self.log_tape = tape;
        self.log_types = types;
        self.log_activity = activity;
    }

    pub fn take_log(&mut self) -> String {
        std::mem::take(&mut self.log)
    }
}
