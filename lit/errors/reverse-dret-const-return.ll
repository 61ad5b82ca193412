; Regression test (fixed): the d_ret parameter of a reverse rule is required by the pattern but passed by
; the call. A reverse rule whose pattern admits an active and a const return ("ret=active|const")
; must, by llad's own signature check (src/rules/custom.rs check_signature), take d_ret (here 7
; parameters: config, y, dy, x, dx, d_ret, tape). But at a call whose result is not used (return
; const) llad does not pass d_ret, and stops:
;   llad: error: in function 'g_unused', instruction `%r = call double @f(ptr %y, ptr %x)`:
;   invalid custom rule: rule 'f_rev' does not fit its pattern: it takes 7 parameter(s), the call
;   needs 6
; Declaring f_rev with 6 parameters passes the check (read as "no tape") but then fails at every
; active call, so no rule can serve both activities its pattern admits. Expected, like shadow slots
; (present when the pattern admits a non-const activity, null/zero when the call's is const): the
; d_ret slot is there whenever the pattern admits active, and gets 0.0 at a const-return call.
; RUN: %llad %s -S -o - | FileCheck %s
; RUN: opt -load-pass-plugin=%plugin -passes=llad %s -S -o - | FileCheck %s

; CHECK-LABEL: define internal void @reverse_g_unused(
; CHECK: call void @f_rev(ptr @{{llad.config[.0-9]*}}, ptr %y, ptr %dy, ptr %x, ptr %dx, double 0.000000e+00, ptr {{%.*}})

declare void @__enzyme_autodiff_v(ptr, ...)
define double @f(ptr %y, ptr %x) !llad.rules !0 {
  %x0 = load double, ptr %x
  %s0 = fmul double %x0, %x0
  store double %s0, ptr %y
  ret double %s0
}
declare { ptr, double } @f_aug(ptr, ptr, ptr, ptr, ptr)
declare void @f_rev(ptr, ptr, ptr, ptr, ptr, double, ptr)
!0 = !{!1, !2}
!1 = !{!"augmented", ptr @f_aug, !"ret=active|const args=dup,dup"}
!2 = !{!"reverse", ptr @f_rev, !"ret=active|const args=dup,dup"}

; f's result is not used: its return is const; y is read instead
define double @g_unused(ptr %y, ptr %x) {
  %r = call double @f(ptr %y, ptr %x)
  %v = load double, ptr %y
  %m = fmul double %v, %v
  ret double %m
}
define void @test(ptr %y, ptr %dy, ptr %x, ptr %dx) {
  call void (ptr, ...) @__enzyme_autodiff_v(ptr @g_unused, metadata !"enzyme_dup", ptr %y, ptr %dy, metadata !"enzyme_dup", ptr %x, ptr %dx)
  ret void
}
