; Regression test (fixed): derivative functions inherit the primal's !llad.rules, so llad's output is not
; valid llad input. Here f has only a forward rule and reverse mode differentiates f's body; the
; generated @augmented_f (5 parameters) keeps `!llad.rules !0` from f (2 parameters). Running llad
; again on that output (the CLI's bitcode compiled with the clang plugin, LTO, a second pipeline)
; fails:
;   llad: error: in function 'augmented_f': invalid custom rule: malformed activity pattern
;   'ret=dup args=dup,dup' of forward rule 'f_fwd': the pattern lists 2 argument(s) but the
;   function takes 5
; (Enzyme-form metadata is copied the same way: fwddiffe_f keeps !enzyme_derivative, see
; lit/rules/enzyme-const-pointer.ll, and would be registered with f's rules on a second run.)
; Expected: no rule metadata on derivative functions; a second run succeeds.
; RUN: %llad %s -S -o %t.ll
; RUN: FileCheck %s < %t.ll
; RUN: %llad %t.ll -S -o /dev/null
; RUN: opt -load-pass-plugin=%plugin -passes=llad %t.ll -disable-output

; CHECK-LABEL: define internal double @augmented_f(
; CHECK-NOT: !llad.rules
; CHECK-SAME: {
; CHECK-LABEL: define internal void @reverse_f(

declare void @__enzyme_autodiff_v(ptr, ...)
define double @f(ptr %y, ptr %x) !llad.rules !0 {
  %x0 = load double, ptr %x
  %s0 = fmul double %x0, %x0
  store double %s0, ptr %y
  ret double %s0
}
declare { double, double } @f_fwd(ptr, ptr, ptr, ptr, ptr)
define double @g(ptr %y, ptr %x) {
  %r = call double @f(ptr %y, ptr %x)
  %m = fmul double %r, %r
  ret double %m
}
define void @test_rev_g(ptr %y, ptr %dy, ptr %x, ptr %dx) {
  call void (ptr, ...) @__enzyme_autodiff_v(ptr @g, metadata !"enzyme_dup", ptr %y, ptr %dy, metadata !"enzyme_dup", ptr %x, ptr %dx)
  ret void
}
!0 = !{!1}
!1 = !{!"forward", ptr @f_fwd, !"ret=dup args=dup,dup"}
