; enzyme_const arguments get no shadow parameter and contribute no tangent; markers can be metadata
; strings or loads of the globals @enzyme_const / @enzyme_dup (C's `enzyme_const` int variables),
; which are removed afterwards.
; RUN: %llad %s -S -o - | FileCheck %s
; RUN: opt -load-pass-plugin=%plugin -passes=llad %s -S -o - | FileCheck %s

@enzyme_const = external global i32
@enzyme_dup = external global i32

declare double @__enzyme_fwddiff(ptr, ...)

define double @mul(double %x, double %y) {
  %m = fmul double %x, %y
  ret double %m
}

; Metadata marker: x is const, y is dup (default).
define double @test_md(double %x, double %y) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @mul, metadata !"enzyme_const", double %x, double %y, double 1.0)
  ret double %r
}

; Global markers: x is dup, y is const. A different activity pattern is a different derivative.
define double @test_global(double %x, double %y) {
  %c = load i32, ptr @enzyme_const
  %d = load i32, ptr @enzyme_dup
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @mul, i32 %d, double %x, double 1.0, i32 %c, double %y)
  ret double %r
}

; CHECK-NOT: @enzyme_const
; CHECK-NOT: @enzyme_dup

; CHECK-LABEL: define double @test_md(double %x, double %y)
; CHECK-NEXT:    call double @fwddiffe_mul(double %x, double %y, double 1.000000e+00)

; CHECK-LABEL: define double @test_global(double %x, double %y)
; CHECK-NEXT:    call double @fwddiffe_mul{{[.0-9]*}}(double %x, double 1.000000e+00, double %y)
; CHECK-NEXT:    ret double

; CHECK-LABEL: define internal double @fwddiffe_mul(double %x, double %y, double %dy)
; CHECK-NEXT:    %m = fmul double %x, %y
; CHECK-NEXT:    [[D:%.*]] = fmul double %x, %dy
; CHECK-NEXT:    ret double [[D]]

; CHECK-LABEL: define internal double @fwddiffe_mul{{[.0-9]*}}(double %x, double %dx, double %y)
; CHECK-NEXT:    %m = fmul double %x, %y
; CHECK-NEXT:    [[D:%.*]] = fmul double %dx, %y
; CHECK-NEXT:    ret double [[D]]
