; Aggregates that hold pointers beside floats ({ ptr, double }): the float fields carry adjoints,
; the pointer fields carry shadows. Each used to lose its derivative silently or be refused:
;  @load_field   f(s) = s.v^2 read through a loaded { ptr, double }      df/ds.v = 2 s.v = 4 at 2
;  @by_value     f(x, p) = (3x)^2 via a callee taking and returning the
;                struct by value                                        df/dx = 18x = 36 at 2
;  @store_reload f(x, q, w) = x^2 * *w, the struct stored into *q and
;                read back (its pointer field leads to w)               df/dx = 2xw = 30, df/dw = x^2 = 9 at x=3, w=5
;  @const_agg    f(x) = x^2 through insertvalue into zeroinitializer     df/dx = 2x = 4 at 2
; RUN: %llad %s -S -o %t.ll
; RUN: %clang -O0 -Wno-override-module %t.ll -o %t.exe && %t.exe | FileCheck %s
; RUN: opt -O2 %s -S -o %t.o2.ll && %llad %t.o2.ll -S -o %t.o2.out.ll
; RUN: %clang -O2 -Wno-override-module %t.o2.out.ll -o %t.o2.exe && %t.o2.exe | FileCheck %s
; CHECK: load_field rev 4 fwd 4
; CHECK-NEXT: by_value rev 36 fwd 36
; CHECK-NEXT: store_reload rev 30 9 fwd 30 9
; CHECK-NEXT: const_agg rev 4 fwd 4

declare double @__enzyme_autodiff(ptr, ...)
declare double @__enzyme_fwddiff(ptr, ...)
declare i32 @printf(ptr, ...)
@enzyme_dup = external global i32
@enzyme_out = external global i32
@enzyme_const = external global i32
@f1 = private constant [26 x i8] c"load_field rev %g fwd %g\0A\00"
@f2 = private constant [24 x i8] c"by_value rev %g fwd %g\0A\00"
@f3 = private constant [34 x i8] c"store_reload rev %g %g fwd %g %g\0A\00"
@f4 = private constant [25 x i8] c"const_agg rev %g fwd %g\0A\00"

define internal double @load_field(ptr %s) noinline {
  %v = load { ptr, double }, ptr %s
  %d = extractvalue { ptr, double } %v, 1
  %e = fmul double %d, %d
  ret double %e
}

define internal { ptr, double } @triple(ptr %p, { ptr, double } %v) noinline {
  %q = extractvalue { ptr, double } %v, 1
  %r = fmul double %q, 3.0
  %s = insertvalue { ptr, double } %v, double %r, 1
  %t = insertvalue { ptr, double } %s, ptr %p, 0
  ret { ptr, double } %t
}

define internal double @by_value(double %x, ptr %p) noinline {
  %a = insertvalue { ptr, double } undef, ptr %p, 0
  %b = insertvalue { ptr, double } %a, double %x, 1
  %c = call { ptr, double } @triple(ptr %p, { ptr, double } %b)
  %d = extractvalue { ptr, double } %c, 1
  %e = fmul double %d, %d
  ret double %e
}

define internal double @store_reload(double %x, ptr %q, ptr %w) noinline {
  %x2 = fmul double %x, %x
  %a = insertvalue { ptr, double } zeroinitializer, ptr %w, 0
  %b = insertvalue { ptr, double } %a, double %x2, 1
  store { ptr, double } %b, ptr %q
  %v = load { ptr, double }, ptr %q
  %p = extractvalue { ptr, double } %v, 0
  %d = extractvalue { ptr, double } %v, 1
  %y = load double, ptr %p
  %e = fmul double %d, %y
  ret double %e
}

define internal double @const_agg(double %x) noinline {
  %a = insertvalue { ptr, double } zeroinitializer, double %x, 1
  %d = extractvalue { ptr, double } %a, 1
  %e = fmul double %d, %d
  ret double %e
}

define i32 @main() {
  ; load_field
  %s = alloca { ptr, double }
  %ds = alloca { ptr, double }
  %sv = getelementptr { ptr, double }, ptr %s, i32 0, i32 1
  %dsv = getelementptr { ptr, double }, ptr %ds, i32 0, i32 1
  store { ptr, double } { ptr null, double 2.0 }, ptr %s
  store { ptr, double } zeroinitializer, ptr %ds
  call double (ptr, ...) @__enzyme_autodiff(ptr @load_field, ptr @enzyme_dup, ptr %s, ptr %ds)
  %r1 = load double, ptr %dsv
  store double 1.0, ptr %dsv
  %t1 = call double (ptr, ...) @__enzyme_fwddiff(ptr @load_field, ptr @enzyme_dup, ptr %s, ptr %ds)
  call i32 (ptr, ...) @printf(ptr @f1, double %r1, double %t1)
  ; by_value
  %m = alloca double
  %dm = alloca double
  %r2 = call double (ptr, ...) @__enzyme_autodiff(ptr @by_value, double 2.0, ptr @enzyme_dup, ptr %m, ptr %dm)
  %t2 = call double (ptr, ...) @__enzyme_fwddiff(ptr @by_value, double 2.0, double 1.0, ptr @enzyme_dup, ptr %m, ptr %dm)
  call i32 (ptr, ...) @printf(ptr @f2, double %r2, double %t2)
  ; store_reload
  %q = alloca { ptr, double }
  %dq = alloca { ptr, double }
  %w = alloca double
  %dw = alloca double
  store double 5.0, ptr %w
  store double 0.0, ptr %dw
  store { ptr, double } zeroinitializer, ptr %dq
  %r3 = call double (ptr, ...) @__enzyme_autodiff(ptr @store_reload, ptr @enzyme_out, double 3.0, ptr @enzyme_dup, ptr %q, ptr %dq, ptr @enzyme_dup, ptr %w, ptr %dw)
  %r3w = load double, ptr %dw
  store double 0.0, ptr %dw
  %t3 = call double (ptr, ...) @__enzyme_fwddiff(ptr @store_reload, double 3.0, double 1.0, ptr @enzyme_dup, ptr %q, ptr %dq, ptr @enzyme_dup, ptr %w, ptr %dw)
  store double 1.0, ptr %dw
  %t3w = call double (ptr, ...) @__enzyme_fwddiff(ptr @store_reload, double 3.0, double 0.0, ptr @enzyme_dup, ptr %q, ptr %dq, ptr @enzyme_dup, ptr %w, ptr %dw)
  call i32 (ptr, ...) @printf(ptr @f3, double %r3, double %r3w, double %t3, double %t3w)
  ; const_agg
  %r4 = call double (ptr, ...) @__enzyme_autodiff(ptr @const_agg, double 2.0)
  %t4 = call double (ptr, ...) @__enzyme_fwddiff(ptr @const_agg, double 2.0, double 1.0)
  call i32 (ptr, ...) @printf(ptr @f4, double %r4, double %t4)
  ret i32 0
}
