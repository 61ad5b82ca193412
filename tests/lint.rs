//! The lint self-check (`--lint`, used by every test harness): it must see undefined behaviour,
//! and it must not blame llad for what the input already had.
use inkwell::context::Context;
use inkwell::memory_buffer::MemoryBuffer;

const MISMATCHED_CALL: &str = r#"
define internal fastcc double @sq(double %x) {
  %m = fmul double %x, %x
  ret double %m
}
define double @f(double %x) {
  %r = call double @sq(double %x)
  ret double %r
}
"#;

const REQUEST: &str = r#"
declare double @__enzyme_fwddiff(ptr, ...)
define double @test(double %x) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @f, double %x, double 1.0)
  ret double %r
}
"#;

fn parse<'ctx>(context: &'ctx Context, ir: &str) -> inkwell::module::Module<'ctx> {
    let buffer = MemoryBuffer::create_from_memory_range_copy(ir.as_bytes(), "test");
    context.create_module_from_ir(buffer).expect("test IR parses")
}

#[test]
fn lint_reports_a_calling_convention_mismatch() {
    let context = Context::create();
    let module = parse(&context, MISMATCHED_CALL);
    let report = llad::ir::lint(&module);
    assert!(report.contains("Caller and callee calling convention differ"), "lint said: {report:?}");
}

#[test]
fn lint_is_silent_on_clean_code() {
    let context = Context::create();
    let module = parse(&context, &MISMATCHED_CALL.replace("define internal fastcc", "define internal"));
    assert_eq!(llad::ir::lint(&module), "");
}

/// The input's own undefined behaviour is the user's; derivatives of `fastcc` callees are called
/// with the callee's convention, so llad adds nothing.
#[test]
fn lint_blames_only_what_llad_adds() {
    let context = Context::create();
    let module = parse(&context, &format!("{MISMATCHED_CALL}{REQUEST}"));
    let options = llad::Options { lint: true, ..Default::default() };
    llad::differentiate_module(&module, &options).expect("llad adds no undefined behaviour");
    let derivative = module.get_functions().find(|f| f.get_name().to_string_lossy().starts_with("fwddiffe_sq")).expect("derivative of sq");
    assert_eq!(derivative.get_call_conventions(), 8, "fastcc kept");
}
