//! Custom derivative rules and inactive markers written by users, from every source, lowered into
//! one table (design §3): `!llad.rules` / `!llad.inactive` metadata, `include/llad.h`'s
//! `__llad_rule*` globals, and Enzyme's registration globals, metadata and attributes.
use crate::diag::{Error, Location, Result};
use crate::ir::{self, meta, meta::MdOperand};
use crate::model::Activity;
use inkwell::attributes::AttributeLoc;
use inkwell::module::Module;
use inkwell::values::{BasicValueEnum, FunctionValue, GlobalValue};
use std::collections::HashMap;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleKind {
    Forward,
    Augmented,
    Reverse,
}

impl RuleKind {
    pub fn name(self) -> &'static str {
        match self {
            RuleKind::Forward => "forward",
            RuleKind::Augmented => "augmented",
            RuleKind::Reverse => "reverse",
        }
    }
}

/// How the rule is called: llad's (config first, shadows only where the pattern admits one) or
/// Enzyme's (shadow slots by argument type, no config).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Convention {
    Llad,
    Enzyme,
}

/// The activities a rule accepts, for the return and each argument (alternatives per position).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    pub ret: Vec<Activity>,
    pub args: Vec<Vec<Activity>>,
}

impl Pattern {
    pub fn matches(&self, ret: Activity, args: &[Activity]) -> bool {
        self.ret.contains(&ret) && self.args.len() == args.len() && self.args.iter().zip(args).all(|(allowed, a)| allowed.contains(a))
    }

    /// Whether argument `i` gets a shadow slot (the pattern admits a non-const activity).
    pub fn has_shadow_slot(&self, i: usize) -> bool {
        self.args.get(i).is_some_and(|alts| alts.iter().any(|a| *a != Activity::Const && *a != Activity::Out))
    }

    pub fn parse(text: &str, arity: usize) -> std::result::Result<Pattern, String> {
        let mut ret = None;
        let mut args = None;
        for part in text.split_whitespace() {
            let (key, value) = part.split_once('=').ok_or_else(|| format!("expected 'ret=...' or 'args=...', found '{part}'"))?;
            let alternatives = |s: &str| -> std::result::Result<Vec<Activity>, String> {
                s.split('|')
                    .map(|a| match a {
                        "const" => Ok(Activity::Const),
                        "dup" => Ok(Activity::Dup),
                        "dupnoneed" => Ok(Activity::DupNoNeed),
                        "active" => Ok(Activity::Out),
                        other => Err(format!("unknown activity '{other}' (const, dup, dupnoneed, active)")),
                    })
                    .collect()
            };
            match key {
                "ret" => ret = Some(alternatives(value)?),
                "args" => args = Some(if value.is_empty() { Vec::new() } else { value.split(',').map(alternatives).collect::<std::result::Result<_, _>>()? }),
                other => return Err(format!("unknown key '{other}' (ret, args)")),
            }
        }
        let ret = ret.ok_or("missing 'ret='")?;
        let args = args.unwrap_or_default();
        if args.len() != arity {
            return Err(format!("the pattern lists {} argument(s) but the function takes {arity}", args.len()));
        }
        Ok(Pattern { ret, args })
    }

    /// Enzyme-form rules accept every activity; the calling convention adapts.
    pub fn any(arity: usize) -> Pattern {
        let all = vec![Activity::Const, Activity::Dup, Activity::DupNoNeed, Activity::Out];
        Pattern { ret: all.clone(), args: vec![all; arity] }
    }
}

impl fmt::Display for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let alts = |v: &[Activity]| v.iter().map(|a| a.name()).collect::<Vec<_>>().join("|");
        write!(f, "ret={} args={}", alts(&self.ret), self.args.iter().map(|a| alts(a)).collect::<Vec<_>>().join(","))
    }
}

#[derive(Debug, Clone)]
pub struct CustomRule<'ctx> {
    pub kind: RuleKind,
    pub rule: FunctionValue<'ctx>,
    pub pattern: Pattern,
    pub convention: Convention,
}

/// Every rule of the module, by primal function.
#[derive(Debug, Default)]
pub struct RuleTable<'ctx> {
    rules: HashMap<FunctionValue<'ctx>, Vec<CustomRule<'ctx>>>,
}

impl<'ctx> RuleTable<'ctx> {
    pub fn of_kind(&self, f: FunctionValue<'ctx>, kind: RuleKind) -> Vec<&CustomRule<'ctx>> {
        self.rules.get(&f).map(|v| v.iter().filter(|r| r.kind == kind).collect()).unwrap_or_default()
    }

    pub fn has_rules(&self, f: FunctionValue<'ctx>) -> bool {
        self.rules.get(&f).is_some_and(|v| !v.is_empty())
    }

    pub fn functions(&self) -> impl Iterator<Item = FunctionValue<'ctx>> + '_ {
        self.rules.keys().copied()
    }

    fn add(&mut self, primal: FunctionValue<'ctx>, rule: CustomRule<'ctx>) {
        self.rules.entry(primal).or_default().push(rule);
    }

    /// The first rule of `kind` for `f` whose pattern accepts the activities, or an error that
    /// names the function, the call, what was needed and what is available. `Ok(None)`: `f` has
    /// no rule of that kind.
    pub fn select(&self, f: FunctionValue<'ctx>, kind: RuleKind, ret: Activity, args: &[Activity], location: &Location) -> Result<Option<&CustomRule<'ctx>>> {
        let candidates = self.of_kind(f, kind);
        if candidates.is_empty() {
            return Ok(None);
        }
        if let Some(rule) = candidates.iter().find(|r| r.pattern.matches(ret, args)) {
            return Ok(Some(rule));
        }
        let needed = format!("ret={} args={}", ret.name(), args.iter().map(|a| a.name()).collect::<Vec<_>>().join(","));
        let available: Vec<String> = candidates.iter().map(|r| format!("{} ({})", r.pattern, ir::function_name(r.rule))).collect();
        Err(Error::Unsupported {
            location: location.clone(),
            what: format!(
                "no {} rule of '{}' accepts the activities of this call: needed {needed}; available: {}",
                kind.name(),
                ir::function_name(f),
                available.join("; ")
            ),
            hint: "add a rule for these activities (or widen a pattern with |), or change the activities of the call".into(),
        })
    }
}

fn rule_error(function: FunctionValue<'_>, what: String) -> Error {
    Error::BadRule {
        location: Location { function: ir::function_name(function), ..Default::default() },
        what,
        hint: "see README 'Custom rules' for the forms llad reads".into(),
    }
}

fn as_function<'ctx>(v: Option<BasicValueEnum<'ctx>>) -> Option<FunctionValue<'ctx>> {
    v.map(ir::strip_casts).and_then(ir::as_function)
}

fn kind_of(name: &str) -> Option<RuleKind> {
    match name {
        "forward" => Some(RuleKind::Forward),
        "augmented" => Some(RuleKind::Augmented),
        "reverse" => Some(RuleKind::Reverse),
        _ => None,
    }
}

/// Reads every rule and inactive marker of the module. Inactive functions get the
/// `"enzyme_inactive"` attribute and inactive globals `!llad.inactive`, so later stages see one
/// form; rules go into the returned table.
pub fn collect<'ctx>(module: &Module<'ctx>) -> Result<RuleTable<'ctx>> {
    let mut table = RuleTable::default();
    for f in module.get_functions() {
        // !llad.rules = !{!{!"forward", ptr @rule, !"pattern"}, ...}
        if let Some(entries) = meta::function_metadata(f, "llad.rules") {
            for entry in entries {
                let MdOperand::Node(parts) = entry else { return Err(rule_error(f, "!llad.rules must list nodes !{!\"kind\", ptr @rule, !\"pattern\"}".into())) };
                let (Some(MdOperand::String(kind)), Some(MdOperand::Value(rule)), Some(MdOperand::String(pattern))) = (parts.first(), parts.get(1), parts.get(2)) else {
                    return Err(rule_error(f, "a !llad.rules entry must be !{!\"kind\", ptr @rule, !\"pattern\"}".into()));
                };
                add_llad_rule(&mut table, f, kind, as_function(Some(*rule)), pattern)?;
            }
        }
        if meta::function_metadata(f, "llad.inactive").is_some() {
            mark_inactive(f);
        }
        for (md, kind) in [("enzyme_derivative", RuleKind::Forward), ("enzyme_augment", RuleKind::Augmented), ("enzyme_gradient", RuleKind::Reverse)] {
            if let Some(ops) = meta::function_metadata(f, md) {
                let rule = ops.iter().find_map(|o| if let MdOperand::Value(v) = o { as_function(Some(*v)) } else { None });
                let rule = rule.ok_or_else(|| rule_error(f, format!("!{md} must name a function")))?;
                table.add(f, CustomRule { kind, rule, pattern: Pattern::any(f.count_params() as usize), convention: Convention::Enzyme });
            }
        }
    }
    for global in module.get_globals() {
        let name = ir::cstr_lossy(global.get_name());
        if meta::variable_metadata(global, "enzyme_inactive").is_some() {
            meta::mark_global(global, "llad.inactive");
        }
        if name.starts_with("__llad_rule") {
            read_llad_registration(&mut table, global)?;
        } else if name.contains("__enzyme_register_derivative") {
            let (f, rules) = read_registration(global, 2)?;
            table.add(f, CustomRule { kind: RuleKind::Forward, rule: rules[0], pattern: Pattern::any(f.count_params() as usize), convention: Convention::Enzyme });
        } else if name.contains("__enzyme_register_gradient") {
            let (f, rules) = read_registration(global, 3)?;
            let any = Pattern::any(f.count_params() as usize);
            table.add(f, CustomRule { kind: RuleKind::Augmented, rule: rules[0], pattern: any.clone(), convention: Convention::Enzyme });
            table.add(f, CustomRule { kind: RuleKind::Reverse, rule: rules[1], pattern: any, convention: Convention::Enzyme });
        } else if name.contains("__enzyme_inactivefn") {
            let f = first_entry(global).and_then(|v| as_function(Some(v)));
            mark_inactive(f.ok_or_else(|| registration_error(global, "must hold a function"))?);
        } else if name.contains("__enzyme_inactive_global") {
            let target = first_entry(global).map(ir::strip_casts).and_then(ir::as_global_variable);
            meta::mark_global(target.ok_or_else(|| registration_error(global, "must hold the address of a global"))?, "llad.inactive");
        } else if name.contains("__enzyme_function_like") {
            // {f, "log1p"}: calls to f are differentiated as calls to that math function.
            let init = meta::initializer(global);
            let f = as_function(init.and_then(|i| meta::constant_element(i, 0)));
            let like = init.and_then(|i| meta::constant_element(i, 1)).and_then(meta::c_string);
            let (Some(f), Some(like)) = (f, like) else { return Err(registration_error(global, "must be {function, \"math function name\"}")) };
            let attr = f.get_type().get_context().create_string_attribute("enzyme_math", &like);
            f.add_attribute(AttributeLoc::Function, attr);
        }
    }
    read_annotations(module);
    Ok(table)
}

/// `__attribute__((annotate("enzyme_inactive")))` on functions and globals, and
/// `annotate("enzyme_function_like=<math function>")` on functions (llvm.global.annotations; llad's
/// clang front end writes both for Enzyme's attributes).
fn read_annotations(module: &Module<'_>) {
    let Some(annotations) = module.get_global("llvm.global.annotations") else { return };
    let Some(init) = meta::initializer(annotations) else { return };
    for i in 0.. {
        let Some(entry) = meta::constant_element(init, i) else { break };
        let target = meta::constant_element(entry, 0).map(ir::strip_casts);
        let text = meta::constant_element(entry, 1).and_then(meta::c_string);
        let (Some(target), Some(text)) = (target, text) else { continue };
        if let Some(state) = text.strip_prefix("llad_inline=") {
            // llad's front end made the function noinline until differentiation is done.
            if let Some(f) = ir::as_function(target) {
                ir::remember_inlining(f, state);
            }
            continue;
        }
        if let Some(like) = text.strip_prefix("enzyme_function_like=") {
            // Written by llad's clang front end for __attribute__((enzyme_function_like("log1p"))).
            if let Some(f) = ir::as_function(target) {
                f.add_attribute(AttributeLoc::Function, f.get_type().get_context().create_string_attribute("enzyme_math", like));
            }
            continue;
        }
        if text != "enzyme_inactive" {
            continue;
        }
        if let Some(f) = ir::as_function(target) {
            mark_inactive(f);
        } else if let Some(g) = ir::as_global_variable(target) {
            meta::mark_global(g, "llad.inactive");
        }
    }
}

fn mark_inactive(f: FunctionValue<'_>) {
    let attr = f.get_type().get_context().create_string_attribute("enzyme_inactive", "");
    f.add_attribute(AttributeLoc::Function, attr);
}

fn registration_error(global: GlobalValue<'_>, what: &str) -> Error {
    Error::BadRule {
        location: Location { global: Some(ir::cstr_lossy(global.get_name())), ..Default::default() },
        what: format!("registration global '{}' {what}", ir::cstr_lossy(global.get_name())),
        hint: "see README 'Custom rules' for Enzyme's registration globals".into(),
    }
}

/// The initializer itself (a single pointer) or its first element (an array).
fn first_entry<'ctx>(global: GlobalValue<'ctx>) -> Option<BasicValueEnum<'ctx>> {
    let init = meta::initializer(global)?;
    match init {
        BasicValueEnum::PointerValue(_) => Some(init),
        _ => meta::constant_element(init, 0),
    }
}

/// `{f, rule1, ...}`: the primal and `count - 1` rules.
fn read_registration<'ctx>(global: GlobalValue<'ctx>, count: u32) -> Result<(FunctionValue<'ctx>, Vec<FunctionValue<'ctx>>)> {
    let init = meta::initializer(global).ok_or_else(|| registration_error(global, "has no initializer"))?;
    let mut functions = Vec::new();
    for i in 0..count {
        let f = as_function(meta::constant_element(init, i));
        functions.push(f.ok_or_else(|| registration_error(global, &format!("must be an array of at least {count} functions")))?);
    }
    let primal = functions.remove(0);
    Ok((primal, functions))
}

/// `include/llad.h`: `struct llad_rule { const char *kind; void *function; void *rule; const char *pattern; }`.
fn read_llad_registration<'ctx>(table: &mut RuleTable<'ctx>, global: GlobalValue<'ctx>) -> Result<()> {
    let init = meta::initializer(global).ok_or_else(|| registration_error(global, "has no initializer"))?;
    let kind = meta::constant_element(init, 0).and_then(meta::c_string);
    let primal = as_function(meta::constant_element(init, 1));
    let rule = as_function(meta::constant_element(init, 2));
    let pattern = meta::constant_element(init, 3).and_then(meta::c_string);
    let (Some(kind), Some(primal), Some(pattern)) = (kind, primal, pattern) else {
        return Err(registration_error(global, "must be {\"kind\", function, rule, \"pattern\"} (use the LLAD_*_RULE macros)"));
    };
    add_llad_rule(table, primal, &kind, rule, &pattern)
}

fn add_llad_rule<'ctx>(table: &mut RuleTable<'ctx>, primal: FunctionValue<'ctx>, kind: &str, rule: Option<FunctionValue<'ctx>>, pattern: &str) -> Result<()> {
    let kind = kind_of(kind).ok_or_else(|| rule_error(primal, format!("unknown rule kind '{kind}' (forward, augmented, reverse)")))?;
    let rule = rule.ok_or_else(|| rule_error(primal, format!("the {} rule is not a function", kind.name())))?;
    let pattern = Pattern::parse(pattern, primal.count_params() as usize)
        .map_err(|e| rule_error(primal, format!("malformed activity pattern '{pattern}' of {} rule '{}': {e}", kind.name(), ir::function_name(rule))))?;
    check_signature(primal, kind, rule, &pattern)?;
    table.add(primal, CustomRule { kind, rule, pattern, convention: Convention::Llad });
    Ok(())
}

/// A rule's parameters must be what its pattern implies: config, each argument and its shadow
/// slot, then (reverse) the return's adjoint and the tape.
fn check_signature<'ctx>(primal: FunctionValue<'ctx>, kind: RuleKind, rule: FunctionValue<'ctx>, pattern: &Pattern) -> Result<()> {
    let base = 1 + (0..primal.count_params() as usize).map(|i| 1 + usize::from(pattern.has_shadow_slot(i))).sum::<usize>();
    let d_ret = usize::from(pattern.ret.contains(&Activity::Out));
    let params = rule.count_params() as usize;
    let expected = match kind {
        RuleKind::Forward | RuleKind::Augmented => vec![base],
        // The tape parameter is there only when the augmented rule keeps one.
        RuleKind::Reverse => vec![base + d_ret, base + d_ret + 1],
    };
    if !expected.contains(&params) {
        let wanted = expected.iter().map(|n| n.to_string()).collect::<Vec<_>>().join(" or ");
        return Err(rule_error(
            primal,
            format!(
                "{} rule '{}' takes {params} parameter(s), but its pattern '{pattern}' means {wanted} (the config, each argument followed by its shadow where the pattern admits dup{})",
                kind.name(),
                ir::function_name(rule),
                if kind == RuleKind::Reverse { ", then d_ret if the return may be active, then the tape" } else { "" }
            ),
        ));
    }
    if kind == RuleKind::Forward {
        if let Some(r) = primal.get_type().get_return_type() {
            let only_const = pattern.ret.iter().all(|a| *a == Activity::Const);
            let returned = rule.get_type().get_return_type();
            let fits = match returned {
                None => false,
                Some(t) if only_const => t == r,
                Some(_) => true,
            };
            if !fits {
                return Err(rule_error(primal, format!("forward rule '{}' must return {}", ir::function_name(rule), if only_const { "the primal" } else { "{primal, shadow}" })));
            }
        }
    }
    Ok(())
}
