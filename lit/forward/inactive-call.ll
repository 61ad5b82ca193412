; Calls to inactive functions (printf, listed in rules/inactive.rules) are kept as in the primal and
; contribute nothing to the tangent, even when they receive active values.
; RUN: %llad %s -S -o - | FileCheck %s
; RUN: opt -load-pass-plugin=%plugin -passes=llad %s -S -o - | FileCheck %s

@fmt = private unnamed_addr constant [6 x i8] c"x=%g\0A\00"

declare double @__enzyme_fwddiff(ptr, ...)
declare i32 @printf(ptr, ...)

define double @f(double %x) {
  %c = call i32 (ptr, ...) @printf(ptr @fmt, double %x)
  %m = fmul double %x, 3.0
  ret double %m
}

define double @test(double %x) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @f, double %x, double 1.0)
  ret double %r
}

; CHECK-LABEL: define internal double @fwddiffe_f(double %x, double %dx)
; CHECK-NEXT:    call i32 (ptr, ...) @printf(ptr @fmt, double %x)
; CHECK-NEXT:    %m = fmul double %x, 3.000000e+00
; CHECK-NEXT:    [[D:%.*]] = fmul double %dx, 3.000000e+00
; CHECK-NEXT:    ret double [[D]]
