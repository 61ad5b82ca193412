//! `llad check`'s driver: for IR from any front end, a function that makes the check requests a
//! C test program would make (`__llad_check_forward(f, "pattern", LLAD_ARRAY(x, 2), ...)`), built
//! from the command line's functions, argument values and patterns. The CLI then differentiates
//! the module and runs the driver in a JIT.
use super::spec::CheckMode;
use super::{FORWARD, REVERSE};
use crate::diag::{Error, Location, Result};
use crate::ir::{self, Ops};
use crate::requests::marker_global;
use crate::rules::custom::RuleKind;
use inkwell::module::{Linkage, Module};
use inkwell::types::{BasicType, BasicTypeEnum};
use inkwell::values::{BasicValueEnum, FunctionValue};

/// The driver function's name.
pub const DRIVER: &str = "llad.check.driver";

/// What `llad check` was asked.
#[derive(Debug, Clone, Default)]
pub struct CheckRequest {
    /// Functions to check; empty: every function that carries rules.
    pub functions: Vec<String>,
    /// `--arg` values: `name=v1,v2`, `v1,v2` (by position), `name=f32:v1,v2`.
    pub args: Vec<String>,
    /// Patterns per mode; none given: both modes, "all".
    pub forward: Option<String>,
    pub reverse: Option<String>,
    /// Words appended to every pattern (`rtol=1e-8 seed=3 verbose`).
    pub options: String,
}

/// One `--arg`.
#[derive(Debug, Clone, PartialEq)]
struct ArgText {
    name: Option<String>,
    element: Option<String>,
    values: Vec<String>,
}

fn parse_arg(text: &str) -> std::result::Result<ArgText, String> {
    let (name, rest) = match text.split_once('=') {
        Some((n, r)) => (Some(n.trim().to_string()), r),
        None => (None, text),
    };
    let (element, rest) = match rest.split_once(':') {
        Some((e, r)) => (Some(e.trim().to_string()), r),
        None => (None, rest),
    };
    let values: Vec<String> = rest.split(',').map(|v| v.trim().to_string()).filter(|v| !v.is_empty()).collect();
    if values.is_empty() {
        return Err(format!("--arg '{text}' gives no value"));
    }
    Ok(ArgText { name, element, values })
}

/// Adds the driver to `module`: `i32 llad.check.driver()` returning the number of failed tests.
pub fn build(module: &Module<'_>, request: &CheckRequest) -> Result<()> {
    let bad = |function: &str, what: String, hint: &str| Error::BadCheck { location: Location { function: function.into(), ..Default::default() }, what, hint: hint.into() };
    let rules = crate::rules::custom::collect(module)?;
    let functions: Vec<FunctionValue> = if request.functions.is_empty() {
        let mut with_rules: Vec<_> = rules.functions().filter(|f| f.get_first_basic_block().is_some()).collect();
        with_rules.sort_by_key(|f| ir::function_name(*f));
        if with_rules.is_empty() {
            return Err(bad("", "no function of the module carries rules".into(), "name the functions to check with --function"));
        }
        with_rules
    } else {
        let mut found = Vec::new();
        for name in &request.functions {
            let f = module.get_function(name).filter(|f| f.get_first_basic_block().is_some());
            found.push(f.ok_or_else(|| bad(name, format!("the module defines no function '{name}'"), "name a function defined in the module (llvm-nm lists them)"))?);
        }
        found
    };
    let args: Vec<ArgText> = request.args.iter().map(|a| parse_arg(a)).collect::<std::result::Result<_, _>>().map_err(|m| bad("", m, "e.g. --arg x=3,1 --arg y=0,0"))?;

    let ctx = module.get_context();
    let i32t = ctx.i32_type();
    let driver = module.add_function(DRIVER, i32t.fn_type(&[], false), Some(Linkage::External));
    let builder = ctx.create_builder();
    builder.position_at_end(ctx.append_basic_block(driver, "entry"));
    let ops = Ops::new(&builder, module);
    let mut failed: BasicValueEnum = i32t.const_zero().into();
    for function in functions {
        let fname = ir::function_name(function);
        let operands = argument_operands(module, &ops, function, &args).map_err(|(what, hint)| bad(&fname, what, &hint))?;
        // No pattern given: "all", in the modes the function has rules for (both without rules).
        let modes: Vec<(CheckMode, String)> = match (&request.forward, &request.reverse) {
            (None, None) => {
                let forward = !rules.of_kind(function, RuleKind::Forward).is_empty();
                let reverse = !rules.of_kind(function, RuleKind::Augmented).is_empty();
                let both = !forward && !reverse;
                [(CheckMode::Forward, forward || both), (CheckMode::Reverse, reverse || both)].into_iter().filter(|(_, on)| *on).map(|(m, _)| (m, "all".to_string())).collect()
            }
            (f, r) => f.iter().map(|p| (CheckMode::Forward, p.clone())).chain(r.iter().map(|p| (CheckMode::Reverse, p.clone()))).collect(),
        };
        for (mode, pattern) in &modes {
            let name = if *mode == CheckMode::Forward { FORWARD } else { REVERSE };
            let mut all = vec![function.as_global_value().as_pointer_value().into(), ops.c_string(format!("{pattern} {}", request.options).trim())];
            all.extend(operands.iter().copied());
            let types: Vec<BasicTypeEnum> = all.iter().map(|v| v.get_type()).collect();
            // One declaration per signature (a request's operand types are exactly its callee's).
            let declared = ops.declare(&format!("{name}.{fname}"), Some(i32t.into()), &types);
            let (_, result) = ops.call(declared, &all);
            failed = ops.binary(llvm_sys::LLVMOpcode::LLVMAdd, failed, result.expect("the check returns an int"));
        }
    }
    builder.build_return(Some(&failed)).map_err(|e| Error::Internal(e.to_string()))?;
    Ok(())
}

/// `marker, "name", value[, n]` for each parameter of `function`, from the `--arg` values (by
/// name, else by position).
fn argument_operands<'ctx>(module: &Module<'ctx>, ops: &Ops<'_, 'ctx>, function: FunctionValue<'ctx>, args: &[ArgText]) -> std::result::Result<Vec<BasicValueEnum<'ctx>>, (String, String)> {
    let fname = ir::function_name(function);
    let ctx = module.get_context();
    // IR names, else the source's (debug info): clang discards value names
    let names: Vec<String> = function.get_param_iter().enumerate().map(|(i, p)| Some(ir::value_name(p)).filter(|n| !n.is_empty()).or_else(|| ir::param_debug_name(function, i as u32)).unwrap_or_default()).collect();
    let named = args.iter().any(|a| a.name.is_some());
    if named {
        if let Some(unknown) = args.iter().filter_map(|a| a.name.as_ref()).find(|n| !names.contains(n)) {
            let known = if names.iter().all(|n| n.is_empty()) { "its parameters have no names in this IR: pass values by position".to_string() } else { format!("its parameters are {}", names.join(", ")) };
            return Err((format!("'{fname}' has no parameter '{unknown}' ({known})"), "e.g. --arg x=3,1, in the order of the parameters without names".into()));
        }
    } else if args.len() != names.len() {
        return Err((format!("'{fname}' takes {} argument(s), {} --arg given", names.len(), args.len()), "give one --arg per parameter".into()));
    }
    let mut operands = Vec::new();
    for (i, param) in function.get_param_iter().enumerate() {
        let name = if names[i].is_empty() { format!("arg{}", i + 1) } else { names[i].clone() };
        let given = if named { args.iter().find(|a| a.name.as_deref() == Some(names[i].as_str())) } else { args.get(i) };
        let given = given.ok_or_else(|| (format!("no value for parameter '{name}' of '{fname}'"), format!("add --arg {name}=...")))?;
        let shape_error = |what: String| (format!("parameter '{name}' of '{fname}': {what}"), "a pointer takes a list (--arg x=3,1 or x=f32:3,1), a scalar one value".to_string());
        let ty = param.get_type();
        let element = if ty.is_pointer_type() { given.element.clone().unwrap_or_else(|| "f64".into()) } else { scalar_element(ty).ok_or_else(|| shape_error(format!("type {} cannot be checked", ty.print_to_string().to_string_lossy())))?.into() };
        if given.element.as_ref().is_some_and(|e| *e != element) {
            return Err(shape_error(format!("is {}, not {}", ty.print_to_string().to_string_lossy(), given.element.clone().unwrap_or_default())));
        }
        let element_ty: BasicTypeEnum = match element.as_str() {
            "f64" => ctx.f64_type().into(),
            "f32" => ctx.f32_type().into(),
            "i32" => ctx.i32_type().into(),
            "i64" => ctx.i64_type().into(),
            other => return Err(shape_error(format!("unknown element type '{other}' (f64, f32, i32, i64)"))),
        };
        let constants = given.values.iter().map(|v| constant(element_ty, v).ok_or_else(|| shape_error(format!("'{v}' is not a {element} value")))).collect::<std::result::Result<Vec<_>, _>>()?;
        let marker = if ty.is_pointer_type() { "llad_array_" } else { "llad_value_" };
        operands.push(marker_global(module, &format!("{marker}{element}")));
        operands.push(ops.c_string(&name));
        if ty.is_pointer_type() {
            let array_ty = element_ty.array_type(constants.len() as u32);
            let storage = module.add_global(array_ty, None, &format!("llad.check.{fname}.{name}"));
            storage.set_linkage(Linkage::Private);
            storage.set_initializer(&const_array(element_ty, &constants));
            operands.push(storage.as_pointer_value().into());
            operands.push(ctx.i64_type().const_int(constants.len() as u64, false).into());
        } else {
            if constants.len() != 1 {
                return Err(shape_error(format!("is a scalar ({}), {} values given", ty.print_to_string().to_string_lossy(), constants.len())));
            }
            // Passed as C's `...` would: a double, or the integer itself.
            let value = match constants[0] {
                BasicValueEnum::FloatValue(f) => ctx.f64_type().const_float(f.get_constant().map(|(x, _)| x).unwrap_or_default()).into(),
                v => v,
            };
            operands.push(value);
        }
    }
    Ok(operands)
}

fn scalar_element(ty: BasicTypeEnum<'_>) -> Option<&'static str> {
    match ty {
        BasicTypeEnum::FloatType(f) if f == f.get_context().f64_type() => Some("f64"),
        BasicTypeEnum::FloatType(f) if f == f.get_context().f32_type() => Some("f32"),
        BasicTypeEnum::IntType(t) if t.get_bit_width() == 32 => Some("i32"),
        BasicTypeEnum::IntType(t) if t.get_bit_width() == 64 => Some("i64"),
        _ => None,
    }
}

fn constant<'ctx>(ty: BasicTypeEnum<'ctx>, text: &str) -> Option<BasicValueEnum<'ctx>> {
    match ty {
        BasicTypeEnum::FloatType(f) => text.parse::<f64>().ok().map(|x| f.const_float(x).into()),
        BasicTypeEnum::IntType(t) => text.parse::<i64>().ok().map(|x| t.const_int(x as u64, true).into()),
        _ => None,
    }
}

fn const_array<'ctx>(ty: BasicTypeEnum<'ctx>, values: &[BasicValueEnum<'ctx>]) -> inkwell::values::ArrayValue<'ctx> {
    match ty {
        BasicTypeEnum::FloatType(f) => f.const_array(&values.iter().map(|v| v.into_float_value()).collect::<Vec<_>>()),
        BasicTypeEnum::IntType(t) => t.const_array(&values.iter().map(|v| v.into_int_value()).collect::<Vec<_>>()),
        _ => unreachable!("element types are floats and integers"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn args_by_name_position_and_element() {
        assert_eq!(parse_arg("x=3,1").unwrap(), ArgText { name: Some("x".into()), element: None, values: vec!["3".into(), "1".into()] });
        assert_eq!(parse_arg("x=f32:3").unwrap(), ArgText { name: Some("x".into()), element: Some("f32".into()), values: vec!["3".into()] });
        assert_eq!(parse_arg("0.5").unwrap(), ArgText { name: None, element: None, values: vec!["0.5".into()] });
        assert!(parse_arg("x=").is_err());
    }
}
