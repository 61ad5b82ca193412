; A libm call: the tangent of sin(x) is cos(x) * dx, using the llvm.cos intrinsic, no strong-zero
; guard: cos(x) is finite wherever sin is, so 0 * cos(x) is exactly zero already.
; RUN: %llad %s -S -o - | FileCheck %s
; RUN: opt -load-pass-plugin=%plugin -passes=llad %s -S -o - | FileCheck %s

declare double @__enzyme_fwddiff(ptr, ...)
declare double @sin(double)
declare float @sinf(float)
declare float @__enzyme_fwddiff_f(ptr, ...)

define double @f(double %x) {
  %s = call double @sin(double %x)
  ret double %s
}

; The f32 spelling (sinf) uses the same rule at float.
define float @g(float %x) {
  %s = call float @sinf(float %x)
  ret float %s
}

define double @test(double %x) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @f, double %x, double 1.0)
  ret double %r
}

define float @testf(float %x) {
  %r = call float (ptr, ...) @__enzyme_fwddiff_f(ptr @g, float %x, float 1.0)
  ret float %r
}

; CHECK-LABEL: define internal double @fwddiffe_f(double %x, double %dx)
; CHECK-NEXT:    %s = call double @sin(double %x)
; CHECK-NEXT:    [[COS:%.*]] = call double @llvm.cos.f64(double %x)
; CHECK-NEXT:    [[T:%.*]] = fmul double [[COS]], %dx
; CHECK-NEXT:    ret double [[T]]

; CHECK-LABEL: define internal float @fwddiffe_g(float %x, float %dx)
; CHECK-NEXT:    %s = call float @sinf(float %x)
; CHECK-NEXT:    [[COS:%.*]] = call float @llvm.cos.f32(float %x)
; CHECK-NEXT:    [[T:%.*]] = fmul float [[COS]], %dx
; CHECK:         ret float
