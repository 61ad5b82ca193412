//! Type and activity analysis on their own: IR in, facts out.
use inkwell::context::Context;
use inkwell::memory_buffer::MemoryBuffer;
use inkwell::module::Module;
use llad::analysis::activity::{self, Boundary};
use llad::analysis::types::{self, Base};
use llad::rules::MathTable;

fn parse<'ctx>(context: &'ctx Context, ir: &str) -> Module<'ctx> {
    let buffer = MemoryBuffer::create_from_memory_range_copy(ir.as_bytes(), "test");
    context.create_module_from_ir(buffer).expect("test IR parses")
}

fn value<'ctx>(module: &Module<'ctx>, function: &str, name: &str) -> inkwell::values::BasicValueEnum<'ctx> {
    let f = module.get_function(function).expect("function exists");
    for p in f.get_param_iter() {
        if llad::ir::value_name(p) == name {
            return p;
        }
    }
    for b in f.get_basic_block_iter() {
        for i in b.get_instructions() {
            if let Some(r) = llad::ir::result_of(i) {
                if llad::ir::value_name(r) == name {
                    return r;
                }
            }
        }
    }
    panic!("no value %{name} in @{function}")
}

const COPY: &str = r#"
define void @copy(ptr %dst, ptr %src) {
  %bits = load i64, ptr %src, align 8, !tbaa !0
  store i64 %bits, ptr %dst, align 8
  %n = load i32, ptr %src, align 4, !tbaa !4
  ret void
}
!0 = !{!1, !1, i64 0}
!1 = !{!"double", !2, i64 0}
!2 = !{!"omnipotent char", !3, i64 0}
!3 = !{!"Simple C/C++ TBAA"}
!4 = !{!5, !5, i64 0}
!5 = !{!"int", !2, i64 0}
"#;

#[test]
fn integer_copies_of_doubles_are_float_bits() {
    let context = Context::create();
    let module = parse(&context, COPY);
    let f = module.get_function("copy").unwrap();
    let facts = types::analyze(&module, f);
    let bits = value(&module, "copy", "bits");
    assert_eq!(facts.base(bits), Some(Base::Float(64)), "TBAA says the i64 holds a double");
    assert_eq!(facts.memory(value(&module, "copy", "dst"), 0), Some(Base::Float(64)), "the store propagates to dst");
    assert!(facts.may_hold_float(bits));
}

const LOOP: &str = r#"
define double @acc(ptr %x, double %c, i64 %n) {
entry:
  br label %loop
loop:
  %i = phi i64 [ 0, %entry ], [ %i.next, %loop ]
  %s = phi double [ 0.0, %entry ], [ %s.next, %loop ]
  %p = getelementptr inbounds double, ptr %x, i64 %i
  %v = load double, ptr %p
  %w = fmul double %v, %c
  %s.next = fadd double %s, %w
  %unused = fmul double %v, %v
  %i.next = add i64 %i, 1
  %done = icmp eq i64 %i.next, %n
  br i1 %done, label %exit, label %loop
exit:
  ret double %s.next
}
"#;

#[test]
fn activity_follows_data_and_usefulness() {
    let context = Context::create();
    let module = parse(&context, LOOP);
    let f = module.get_function("acc").unwrap();
    let table = MathTable::builtin().unwrap();
    let facts = types::analyze(&module, f);
    // x is dup, c and n are const; the return is wanted.
    let act = activity::analyze(f, &Boundary { arg_active: vec![true, false, false], ret_active: true }, &facts, &table);
    let active = |n: &str| act.is_active(value(&module, "acc", n));
    assert!(active("x") && active("p") && active("v") && active("w") && active("s") && active("s.next"));
    assert!(!active("c"), "a constant argument is inactive");
    assert!(!active("i") && !active("i.next") && !active("n"), "integer counters are inactive");
    assert!(!active("unused"), "a varied value that reaches no output is not active");
    assert!(act.is_varied(value(&module, "acc", "unused")));

    // Nothing active in: nothing active out.
    let none = activity::analyze(f, &Boundary { arg_active: vec![false, false, false], ret_active: true }, &facts, &table);
    assert!(!none.is_active(value(&module, "acc", "s.next")));
    // Only c active: the loads of x are not, the products are.
    let only_c = activity::analyze(f, &Boundary { arg_active: vec![false, true, false], ret_active: true }, &facts, &table);
    assert!(!only_c.is_active(value(&module, "acc", "v")));
    assert!(only_c.is_active(value(&module, "acc", "w")));
}

#[test]
fn stores_make_allocas_shadowed() {
    let context = Context::create();
    let module = parse(
        &context,
        r#"
define double @tmp(double %x) {
  %a = alloca double
  %b = alloca double
  store double %x, ptr %a
  store double 2.0, ptr %b
  %l = load double, ptr %a
  %k = load double, ptr %b
  %r = fmul double %l, %k
  ret double %r
}
"#,
    );
    let f = module.get_function("tmp").unwrap();
    let table = MathTable::builtin().unwrap();
    let facts = types::analyze(&module, f);
    let act = activity::analyze(f, &Boundary { arg_active: vec![true], ret_active: true }, &facts, &table);
    assert!(act.is_active(value(&module, "tmp", "a")), "an alloca holding an active value gets a shadow");
    assert!(!act.is_active(value(&module, "tmp", "b")), "an alloca holding constants does not");
    assert!(act.is_active(value(&module, "tmp", "l")) && !act.is_active(value(&module, "tmp", "k")));
}
