; A global defined elsewhere with Enzyme's `!enzyme_shadow !{ptr @dg}`: its derivative goes to the
; user's shadow global @dg (no <name>_shadow is made).
; RUN: %llad %s -S -o - | FileCheck %s
; RUN: opt -load-pass-plugin=%plugin -passes=llad %s -S -o - | FileCheck %s
@g = external global double, !enzyme_shadow !0
@dg = global double 0.0
!0 = !{ptr @dg}
declare double @__enzyme_fwddiff(ptr, ...)
define double @f(double %x) {
  store double %x, ptr @g, align 8
  %v = load double, ptr @g, align 8
  %m = fmul double %v, %x
  ret double %m
}
define double @test(double %x) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @f, double %x, double 1.0)
  ret double %r
}

; CHECK-NOT: @g_shadow
; CHECK-LABEL: define internal double @fwddiffe_f(double %x, double %dx)
; CHECK:         store double %dx, ptr @dg, align 8
; CHECK:         load double, ptr @dg, align 8
