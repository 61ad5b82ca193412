//! insta snapshots of small synthesized functions: IR that should not drift without review.
use inkwell::context::Context;
use inkwell::memory_buffer::MemoryBuffer;
use inkwell::values::AnyValue;

/// Differentiates `ir` and returns the text of every synthesized `fwddiffe_*` function.
fn derivatives(ir: &str) -> String {
    synthesized(ir, &["fwddiffe_"])
}

/// Differentiates `ir` and returns the text of every function whose name starts with a prefix.
fn synthesized(ir: &str, prefixes: &[&str]) -> String {
    let context = Context::create();
    let buffer = MemoryBuffer::create_from_memory_range_copy(ir.as_bytes(), "test");
    let module = context.create_module_from_ir(buffer).expect("test IR parses");
    // `lint`: undefined behaviour (per LLVM's lint) in what llad made fails the snapshot.
    llad::differentiate_module(&module, &llad::Options { lint: true, ..Default::default() }).expect("differentiates, and lint finds nothing");
    let mut out = String::new();
    for f in module.get_functions() {
        if prefixes.iter().any(|p| f.get_name().to_string_lossy().starts_with(p)) {
            out.push_str(&f.print_to_string().to_string());
        }
    }
    out
}

/// sum of x[i]^2 over a dup array: a loop with an induction variable and an accumulator.
const SUMSQ: &str = r#"define double @sumsq(ptr %x, i64 %n) {
entry:
  br label %loop
loop:
  %i = phi i64 [ 0, %entry ], [ %i.next, %loop ]
  %acc = phi double [ 0.0, %entry ], [ %acc.next, %loop ]
  %p = getelementptr inbounds double, ptr %x, i64 %i
  %v = load double, ptr %p
  %sq = fmul double %v, %v
  %acc.next = fadd double %acc, %sq
  %i.next = add nuw i64 %i, 1
  %done = icmp eq i64 %i.next, %n
  br i1 %done, label %exit, label %loop
exit:
  ret double %acc.next
}
"#;

#[test]
fn scalar_product_and_sin() {
    insta::assert_snapshot!(derivatives(
        r#"
declare double @__enzyme_fwddiff(ptr, ...)
declare double @llvm.sin.f64(double)
define double @f(double %x, double %y) {
  %m = fmul double %x, %y
  %s = call double @llvm.sin.f64(double %m)
  ret double %s
}
define double @test(double %x, double %y) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @f, double %x, double 1.0, metadata !"enzyme_const", double %y)
  ret double %r
}
"#
    ));
}

#[test]
fn loop_over_dup_array() {
    insta::assert_snapshot!(derivatives(&format!(
        r#"
declare double @__enzyme_fwddiff(ptr, ...)
{SUMSQ}define double @test(ptr %x, ptr %dx) {{
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @sumsq, ptr %x, ptr %dx, i64 4)
  ret double %r
}}
"#
    )));
}

#[test]
fn seed_f_and_g_with_callee() {
    insta::assert_snapshot!(derivatives(
        r#"
declare double @__enzyme_fwddiff(ptr, ...)
define double @f(ptr %y, ptr %x) {
  %x0 = load double, ptr %x
  %x1p = getelementptr inbounds double, ptr %x, i64 1
  %x1 = load double, ptr %x1p
  %a = fmul double %x0, %x0
  %b = fmul double %x1, %x1
  store double %a, ptr %y
  %y1p = getelementptr inbounds double, ptr %y, i64 1
  store double %b, ptr %y1p
  %s = fadd double %a, %b
  ret double %s
}
define double @g(ptr %y, ptr %x) {
  %r = call double @f(ptr %y, ptr %x)
  %sq = fmul double %r, %r
  ret double %sq
}
define double @test(ptr %y, ptr %dy, ptr %x, ptr %dx) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @g, metadata !"enzyme_dup", ptr %y, ptr %dy, metadata !"enzyme_dup", ptr %x, ptr %dx)
  ret double %r
}
"#
    ));
}

#[test]
fn primal_return_pair_and_division() {
    insta::assert_snapshot!(derivatives(
        r#"
declare { double, double } @__enzyme_fwddiff(ptr, ...)
define double @q(double %a, double %b) {
  %d = fdiv double %a, %b
  ret double %d
}
define { double, double } @test(double %a, double %b) {
  %r = call { double, double } (ptr, ...) @__enzyme_fwddiff(ptr @q, metadata !"enzyme_primal_return", double %a, double 1.0, double %b, double 0.5)
  ret { double, double } %r
}
"#
    ));
}

/// Reverse mode of a loop over a dup array: nothing is taped per iteration (x is reloaded, the
/// index counted back down), the adjoint of the accumulator flows along the reverse edges.
#[test]
fn reverse_loop_over_dup_array() {
    insta::assert_snapshot!(synthesized(
        &format!(
            r#"
declare void @__enzyme_autodiff(ptr, ...)
{SUMSQ}define void @test(ptr %x, ptr %dx, i64 %n) {{
  call void (ptr, ...) @__enzyme_autodiff(ptr @sumsq, ptr %x, ptr %dx, i64 %n)
  ret void
}}
"#
        ),
        &["augmented_", "reverse_"]
    ));
}

/// The seed's h: x is overwritten in place after the call to f, so f keeps x on the tape.
#[test]
fn reverse_seed_h_with_callee() {
    insta::assert_snapshot!(synthesized(
        r#"
declare void @__enzyme_autodiff(ptr, ...)
define double @f(ptr %y, ptr %x) {
  %x0 = load double, ptr %x
  %a = fmul double %x0, %x0
  store double %a, ptr %y
  ret double %a
}
define double @h(ptr %y, ptr %x) {
  %r = call double @f(ptr %y, ptr %x)
  %x0 = load double, ptr %x
  %sq = fmul double %x0, %x0
  store double %sq, ptr %x
  %m = fmul double %r, %sq
  ret double %m
}
define void @test(ptr %y, ptr %dy, ptr %x, ptr %dx) {
  call void (ptr, ...) @__enzyme_autodiff(ptr @h, ptr %y, ptr %dy, ptr %x, ptr %dx)
  ret void
}
"#,
        &["augmented_", "reverse_"]
    ));
}
