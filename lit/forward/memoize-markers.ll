; Derivatives are memoized per (function, activities, returns): two requests with the same activity
; pattern share one fwddiffe_f (only the seed differs). Markers given as the address of the C globals
; (`ptr @enzyme_const`) work like loads of them, and enzyme_dupnoneed on a pointer still gets the
; shadow. The marker globals and the request declaration are removed afterwards.
; RUN: %llad %s -S -o - | FileCheck %s
; RUN: opt -load-pass-plugin=%plugin -passes=llad %s -S -o - | FileCheck %s

@enzyme_const = external global i32
@enzyme_dupnoneed = external global i32

declare double @__enzyme_fwddiff(ptr, ...)

define double @f(double %x, ptr %p) {
  %v = load double, ptr %p, align 8
  %m = fmul double %v, %x
  store double %m, ptr %p, align 8
  ret double %m
}

define double @test(double %x, ptr %p, ptr %dp) {
  %a = call double (ptr, ...) @__enzyme_fwddiff(ptr @f, double %x, double 1.0, ptr %p, ptr %dp)
  %b = call double (ptr, ...) @__enzyme_fwddiff(ptr @f, double %x, double 2.0, ptr %p, ptr %dp)
  %c = call double (ptr, ...) @__enzyme_fwddiff(ptr @f, ptr @enzyme_const, double %x, ptr @enzyme_dupnoneed, ptr %p, ptr %dp)
  %s = fadd double %a, %b
  %r = fadd double %s, %c
  ret double %r
}

; CHECK-NOT: @enzyme_const
; CHECK-NOT: @enzyme_dupnoneed
; CHECK-NOT: @__enzyme_fwddiff

; CHECK-LABEL: define double @test(double %x, ptr %p, ptr %dp)
; CHECK-NEXT:    call double @fwddiffe_f(double %x, double 1.000000e+00, ptr %p, ptr %dp)
; CHECK-NEXT:    call double @fwddiffe_f(double %x, double 2.000000e+00, ptr %p, ptr %dp)
; CHECK-NEXT:    call double @fwddiffe_f{{[.0-9]+}}(double %x, ptr %p, ptr %dp)

; CHECK-LABEL: define internal double @fwddiffe_f(double %x, double %dx, ptr %p, ptr %dp)
; CHECK:         store double %m, ptr %p, align 8
; CHECK-NEXT:    store double {{%.*}}, ptr %dp, align 8

; x const: only the product-rule term through the loaded shadow remains.
; CHECK-LABEL: define internal double @fwddiffe_f{{[.0-9]+}}(double %x, ptr %p, ptr %dp)
; CHECK-NEXT:    %v = load double, ptr %p, align 8
; CHECK-NEXT:    [[DV:%.*]] = load double, ptr %dp, align 8
; CHECK-NEXT:    %m = fmul double %v, %x
; CHECK-NEXT:    [[DM:%.*]] = fmul double [[DV]], %x
; CHECK-NEXT:    store double %m, ptr %p, align 8
; CHECK-NEXT:    store double [[DM]], ptr %dp, align 8
; CHECK-NEXT:    ret double [[DM]]

; Exactly two derivatives.
; CHECK-NOT: define {{.*}}@fwddiffe_
