//! llad: automatic differentiation of LLVM 19 IR.
//!
//! The pipeline (design §1): read the requests (`__enzyme_*` calls) and the rules, then for each
//! request synthesize the derivative (type analysis → activity analysis → synthesis, recursively for
//! callees), replace the request call with a call to it, and verify the module. Each construct's
//! derivative is written once and every mode derives from it: float instructions' tangents in
//! `rules/instructions.rules` (reverse mode uses their transposes), structural instructions in
//! `rules::structure`, calls in one handler per call kind (`synth::calls`).
pub mod analysis;
pub mod batch;
pub mod check;
pub mod diag;
pub mod dispatch;
pub mod ir;
pub mod lower;
pub mod model;
pub mod plugin;
pub mod requests;
pub mod rewrite;
pub mod rules;
pub mod runtime_activity;
pub mod source_attributes;
pub mod synth;
pub mod views;

use diag::{Error, Result};
use inkwell::module::Module;
use std::path::PathBuf;

/// What the caller (CLI or plugin) asks for besides the derivatives.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Extra rules files, read after the built-in `rules/`.
    pub rules_files: Vec<PathBuf>,
    /// Print type analysis of every differentiated function.
    pub print_types: bool,
    /// Print activity analysis of every differentiated function.
    pub print_activity: bool,
    /// Print what each reverse-mode function saves on the tape, and why.
    pub print_tape: bool,
    /// Run LLVM's lint on the result and fail on anything it reports (a self-check for tests).
    pub lint: bool,
}

/// What a run did.
#[derive(Debug, Default)]
pub struct Report {
    pub requests: usize,
    /// Analysis printouts requested by the options.
    pub analyses: String,
}

/// Loads the built-in math rules plus the user's extra files.
pub fn load_rules(options: &Options) -> Result<rules::MathTable> {
    let mut table = rules::MathTable::builtin()?;
    for path in &options.rules_files {
        let text = std::fs::read_to_string(path).map_err(|e| Error::Input { path: path.display().to_string(), what: e.to_string() })?;
        table.add_source(&path.display().to_string(), &text)?;
    }
    Ok(table)
}

/// At the start of clang's pipeline: functions that carry rules or inactive markers must reach
/// differentiation as calls, so they are made `noinline` until then (the old state is kept in
/// the `llad-inline` attribute and restored by `differentiate_module`).
pub fn protect_rule_functions(module: &Module<'_>) -> Result<bool> {
    // A malformed rule is reported once, when differentiating; here it just protects nothing.
    let Ok(custom) = rules::custom::collect(module) else { return Ok(false) };
    let mut changed = false;
    for f in module.get_functions() {
        let marked = ["enzyme_inactive", "enzyme_math"].iter().any(|a| f.get_string_attribute(inkwell::attributes::AttributeLoc::Function, a).is_some());
        if custom.has_rules(f) || marked {
            ir::protect_from_inlining(f);
            changed = true;
        }
    }
    Ok(changed)
}

/// Differentiates every request in `module` in place.
pub fn differentiate_module(module: &Module<'_>, options: &Options) -> Result<Report> {
    let table = load_rules(options)?;
    // What lint says of the input is the user's; only what llad adds counts against it.
    // (Findings are compared without value names: a derivative's copy of the user's own code
    // repeats the user's findings under other names.)
    let lint_before = options.lint.then(|| lint_findings(&ir::lint(module)).iter().map(|f| without_value_names(f)).collect::<Vec<_>>());
    for call in requests::find_request_calls(module) {
        // A request made with `invoke` (C++ or -fexceptions) becomes a call: derivatives don't throw.
        ir::invoke_to_call(call);
    }
    // Checks against finite differences: ordinary requests inside thunks the check runtime runs.
    check::expand_requests(module)?;
    // `enzyme_runtime_activity`: one ordinary request per pattern of runtime-inactive arguments.
    runtime_activity::expand_requests(module)?;
    let calls = requests::find_request_calls(module);
    source_attributes::check_not_dropped(module, &calls)?;
    // The function is operand 0, or 1 after an sret buffer.
    let roots: Vec<_> = calls.iter().flat_map(|c| [0, 1].map(|i| ir::operand(*c, i))).flatten().map(ir::through_local_copies).filter_map(ir::as_function).collect();
    lower::prepare(module, &roots)?;
    let custom = rules::custom::collect(module)?;
    let mut synth = synth::Synthesizer::new(module, &table, &custom);
    synth.log_analyses(options.print_types, options.print_activity, options.print_tape);
    // Operands of derivative calls that are made-up `enzyme_dupnoneed` primals (`(double*)0x1`).
    let mut made_up_primals = Vec::new();
    for call in rewrite::inner_requests_first(&calls) {
        let caller = call.get_parent().and_then(|b| b.get_parent());
        let outcome = if batch::is_batch(call) {
            batch::replace(module, call)
        } else if dispatch::is_virtual_reverse(call) {
            dispatch::replace_virtual_reverse(call)
        } else {
            requests::parse(module, call)
                .and_then(|request| rewrite::replace_request(&mut synth, &request))
                .and_then(|found| synth.check_globals_tracked().map(|()| made_up_primals.extend(found)))
        };
        if let Err(e) = outcome {
            let e = check::explain(caller, e);
            // What the analyses printed so far explains the error (`--print-types` and friends).
            let log = synth.take_log();
            if !log.is_empty() {
                eprint!("{log}");
            }
            // The host (clang, opt) goes on with this module after the error: leave it valid,
            // and the user's code as it was.
            for f in synth.synthesized() {
                ir::delete_body(f);
            }
            dispatch::restore_indirect_calls(module);
            return Err(e);
        }
    }
    // `__enzyme_todense` pointers and made-up primals reach memory only inside the derivatives.
    views::lower(module, &made_up_primals)?;
    rewrite::remove_request_leftovers(module);
    dispatch::restore_indirect_calls(module);
    for f in module.get_functions() {
        ir::restore_inlining(f);
    }
    module.verify().map_err(|e| Error::InvalidOutput(e.to_string()))?;
    if let Some(before) = lint_before {
        let new: Vec<String> = lint_findings(&ir::lint(module)).into_iter().filter(|f| !before.contains(&without_value_names(f))).collect();
        if !new.is_empty() {
            return Err(Error::Lint(new.join("\n")));
        }
    }
    Ok(Report { requests: calls.len(), analyses: synth.take_log() })
}

/// A lint finding with every local value name (`%12`, `%x.addr`) replaced by `%_`.
fn without_value_names(finding: &str) -> String {
    let mut out = String::with_capacity(finding.len());
    let mut chars = finding.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(c);
        if c == '%' {
            out.push('_');
            while chars.peek().is_some_and(|n| n.is_alphanumeric() || matches!(n, '.' | '_' | '-')) {
                chars.next();
            }
        }
    }
    out
}

/// Lint's report split into findings (a message line and the indented lines that follow it).
fn lint_findings(report: &str) -> Vec<String> {
    let mut findings: Vec<String> = Vec::new();
    for line in report.lines().filter(|l| !l.trim().is_empty()) {
        match findings.last_mut() {
            Some(last) if line.starts_with(' ') => {
                last.push('\n');
                last.push_str(line);
            }
            _ => findings.push(line.to_string()),
        }
    }
    findings
}
