; Integer -> float conversion: sitofp/uitofp results have a zero tangent, so the tangent of x * (double)n
; is dx * (double)n, with no term for the converted value; fptosi of an active value is also cut.
; RUN: %llad %s -S -o - | FileCheck %s
; RUN: opt -load-pass-plugin=%plugin -passes=llad %s -S -o - | FileCheck %s

declare double @__enzyme_fwddiff(ptr, ...)

define double @conv(double %x, i32 %n) {
  %f = sitofp i32 %n to double
  %m = fmul double %x, %f
  ret double %m
}

; floor-like: (double)(int)x * x has tangent (double)(int)x * dx.
define double @trunc_mul(double %x) {
  %i = fptosi double %x to i32
  %u = uitofp i32 %i to double
  %m = fmul double %u, %x
  ret double %m
}

define double @test(double %x, i32 %n) {
  %a = call double (ptr, ...) @__enzyme_fwddiff(ptr @conv, double %x, double 1.0, i32 %n)
  %b = call double (ptr, ...) @__enzyme_fwddiff(ptr @trunc_mul, double %x, double 1.0)
  %s = fadd double %a, %b
  ret double %s
}

; CHECK-LABEL: define internal double @fwddiffe_conv(double %x, double %dx, i32 %n)
; CHECK-NEXT:    %f = sitofp i32 %n to double
; CHECK-NEXT:    %m = fmul double %x, %f
; CHECK-NEXT:    [[D:%.*]] = fmul double %dx, %f
; CHECK-NEXT:    ret double [[D]]

; CHECK-LABEL: define internal double @fwddiffe_trunc_mul(double %x, double %dx)
; CHECK-NEXT:    %i = fptosi double %x to i32
; CHECK-NEXT:    %u = uitofp i32 %i to double
; CHECK-NEXT:    %m = fmul double %u, %x
; CHECK-NEXT:    [[D:%.*]] = fmul double %u, %dx
; CHECK-NEXT:    ret double [[D]]
