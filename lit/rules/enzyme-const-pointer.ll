; Enzyme-form rules at calls whose activities differ from Enzyme's defaults (design §3): with a
; const pointer argument, a forward rule is not used (as in Enzyme) and llad says so in a remark,
; then differentiates the body; an augmented/reverse rule would receive the primal as the
; shadow in Enzyme (and corrupt it), so llad stops with an error naming the rule and the argument.
; RUN: rm -rf %t && split-file %s %t
; RUN: cat %t/common.ll %t/fwd.ll > %t/fwd.full.ll
; RUN: cat %t/common.ll %t/rev.ll > %t/rev.full.ll
; RUN: %llad %t/fwd.full.ll -S -o - 2>%t/fwd.err | FileCheck %s --check-prefix=FWD
; RUN: FileCheck %s --check-prefix=REMARK < %t/fwd.err
; RUN: opt -load-pass-plugin=%plugin -passes=llad %t/fwd.full.ll -S -o - 2>/dev/null | FileCheck %s --check-prefix=FWD
; RUN: not %llad %t/rev.full.ll -S -o /dev/null 2>&1 | FileCheck %s --check-prefix=REV
; RUN: not opt -load-pass-plugin=%plugin -passes=llad %t/rev.full.ll -disable-output 2>&1 | FileCheck %s --check-prefix=REV-PLUGIN

; REMARK: llad: remark: in function 'g', instruction `%r = call double @f(ptr %y, ptr %x)`: Enzyme-form forward rule 'f_fwd' not used (argument 2 is constant); differentiating 'f' instead
; FWD-LABEL: define internal double @fwddiffe_g(ptr %y, ptr %dy, ptr %x)
; FWD-NEXT:    call { double, double } @fwddiffe_f(ptr %y, ptr %dy, ptr %x)
; FWD-NOT:     @f_fwd
; FWD-LABEL: define internal { double, double } @fwddiffe_f(ptr %y, ptr %dy, ptr %x)
; FWD-NOT:     call {{.*}}@f_fwd
; FWD:         store double 0.000000e+00, ptr %dy
; FWD-NOT:     call {{.*}}@f_fwd

; REV: llad: error: in function 'g', instruction `%r = call double @f(ptr %y, ptr %x)`: cannot differentiate: argument 2 of Enzyme-form rule 'f_aug' is a constant pointer to memory of unknown size; Enzyme would pass the primal as its shadow and corrupt it
; REV-NEXT: {{^}}  hint: pass it with enzyme_dup, or write an llad rule with a const pattern for it
; REV-PLUGIN: error: llad: in function 'g', instruction `%r = call double @f(ptr %y, ptr %x)`: cannot differentiate: argument 2 of Enzyme-form rule 'f_aug' is a constant pointer to memory of unknown size; Enzyme would pass the primal as its shadow and corrupt it

;--- common.ll
declare double @__enzyme_fwddiff(ptr, ...)
declare void @__enzyme_autodiff_v(ptr, ...)

define double @f(ptr %y, ptr %x) !enzyme_derivative !0 !enzyme_augment !1 !enzyme_gradient !2 {
  %x0 = load double, ptr %x
  %s0 = fmul double %x0, %x0
  store double %s0, ptr %y
  ret double %s0
}
declare { double, double } @f_fwd(ptr, ptr, ptr, ptr)
declare { ptr, double } @f_aug(ptr, ptr, ptr, ptr)
declare void @f_rev(ptr, ptr, ptr, ptr, double, ptr)
!0 = !{ptr @f_fwd}
!1 = !{ptr @f_aug}
!2 = !{ptr @f_rev}

define double @g(ptr %y, ptr %x) {
  %r = call double @f(ptr %y, ptr %x)
  %m = fmul double %r, %r
  ret double %m
}
;--- fwd.ll
define double @test_fwd_g(ptr %y, ptr %dy, ptr %x) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @g, metadata !"enzyme_dup", ptr %y, ptr %dy, metadata !"enzyme_const", ptr %x)
  ret double %r
}
;--- rev.ll
define void @test_rev_g(ptr %y, ptr %dy, ptr %x) {
  call void (ptr, ...) @__enzyme_autodiff_v(ptr @g, metadata !"enzyme_dup", ptr %y, ptr %dy, metadata !"enzyme_const", ptr %x)
  ret void
}
