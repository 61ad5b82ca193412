; A mutable global that carries derivatives (a scratch buffer) gets a zeroed shadow global; the
; tangent goes through it, including through constant addresses into it, and the shadow is zeroed
; at each request (a global's value on entry is not an input). Reverse mode uses the same shadow.
; RUN: %llad %s -S -o - | FileCheck %s
; RUN: opt -load-pass-plugin=%plugin -passes=llad %s -S -o - | FileCheck %s

@buf = global [2 x double] zeroinitializer

declare double @__enzyme_fwddiff(ptr, ...)
declare double @__enzyme_autodiff(ptr, ...)

define double @f(double %x) {
  %sq = fmul double %x, %x
  store double %sq, ptr @buf, align 8
  store double %x, ptr getelementptr inbounds ([2 x double], ptr @buf, i64 0, i64 1), align 8
  %a = load double, ptr @buf, align 8
  %b = load double, ptr getelementptr inbounds ([2 x double], ptr @buf, i64 0, i64 1), align 8
  %r = fmul double %a, %b
  ret double %r
}

define double @test(double %x) {
  %d = call double (ptr, ...) @__enzyme_fwddiff(ptr @f, double %x, double 1.0)
  %g = call double (ptr, ...) @__enzyme_autodiff(ptr @f, double %x)
  %s = fadd double %d, %g
  ret double %s
}

; CHECK: @buf_shadow = internal global [2 x double] zeroinitializer
; CHECK-LABEL: define double @test(double %x)
; CHECK:         call void @llvm.memset.p0.i64(ptr @buf_shadow, i8 0, i64 16, i1 false)
; CHECK-NEXT:    call double @fwddiffe_f(double %x, double 1.000000e+00)
; CHECK:         call void @llvm.memset.p0.i64(ptr @buf_shadow, i8 0, i64 16, i1 false)
; CHECK:         call double @augmented_f(
; CHECK-LABEL: define internal double @fwddiffe_f(double %x, double %dx)
; CHECK:         store double {{%.*}}, ptr @buf_shadow, align 8
; CHECK:         store double %dx, ptr getelementptr inbounds ([2 x double], ptr @buf_shadow, i64 0, i64 1), align 8
; CHECK:         load double, ptr getelementptr inbounds ([2 x double], ptr @buf_shadow, i64 0, i64 1), align 8
