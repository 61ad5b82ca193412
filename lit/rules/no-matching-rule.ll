; A function that has rules of a kind, none of which accepts the activities of a call, is an error
; (design §3: never a silent fallback to the body): it names the call, the activities needed and
; the patterns available, with their rules. Seed tutorial: "If a custom rule is specified for the
; correct function/argument types, but not the correct activity annotation, a runtime error will be
; thrown alerting the user to the missing activity rule" - llad reports it at compile time.
; RUN: rm -rf %t && split-file %s %t
; RUN: cat %t/common.ll %t/fwd-const-y.ll > %t/fwd-const-y.full.ll
; RUN: cat %t/common.ll %t/rev-const-x.ll > %t/rev-const-x.full.ll
; RUN: not %llad %t/fwd-const-y.full.ll -S -o /dev/null 2>&1 | FileCheck %s --check-prefixes=FWD,CLI-FWD
; RUN: not opt -load-pass-plugin=%plugin -passes=llad %t/fwd-const-y.full.ll -disable-output 2>&1 | FileCheck %s --check-prefixes=FWD,PLUGIN-FWD
; RUN: not %llad %t/rev-const-x.full.ll -S -o /dev/null 2>&1 | FileCheck %s --check-prefixes=REV,CLI-REV
; RUN: not opt -load-pass-plugin=%plugin -passes=llad %t/rev-const-x.full.ll -disable-output 2>&1 | FileCheck %s --check-prefixes=REV,PLUGIN-REV
; RUN: not %llad %t/noneed.ll -S -o /dev/null 2>&1 | FileCheck %s --check-prefix=NONEED

; g = f(y, x)^2 with y const: f has a dup and a dupnoneed forward rule, both for dup arguments.
; CLI-FWD:         llad: error: in function 'g', instruction `%r = call double @f(ptr %y, ptr %x)`: cannot differentiate: no forward rule of 'f' accepts the activities of this call: needed ret=dup args=const,dup; available: ret=dup args=dup,dup (f_fwd); ret=dupnoneed args=dup,dup (f_fwd_noneed)
; PLUGIN-FWD:      error: llad: in function 'g', instruction `%r = call double @f(ptr %y, ptr %x)`: cannot differentiate: no forward rule of 'f' accepts the activities of this call: needed ret=dup args=const,dup; available: ret=dup args=dup,dup (f_fwd); ret=dupnoneed args=dup,dup (f_fwd_noneed)
; FWD-NEXT:        {{^}}  hint: add a rule for these activities (or widen a pattern with |), or change the activities of the call

; Reverse mode with x const: the augmented rule is chosen first.
; CLI-REV:         llad: error: in function 'g', instruction `%r = call double @f(ptr %y, ptr %x)`: cannot differentiate: no augmented rule of 'f' accepts the activities of this call: needed ret=active args=dup,const; available: ret=active args=dup,dup (f_aug)
; PLUGIN-REV:      error: llad: in function 'g', instruction `%r = call double @f(ptr %y, ptr %x)`: cannot differentiate: no augmented rule of 'f' accepts the activities of this call: needed ret=active args=dup,const; available: ret=active args=dup,dup (f_aug)
; REV-NEXT:        {{^}}  hint: add a rule for these activities (or widen a pattern with |), or change the activities of the call

; The tutorial's first rule alone, and a request on f itself (tangent only: dupnoneed).
; NONEED: llad: error: in function 'test', instruction `%r = call double (ptr, ...) @__enzyme_fwddiff(ptr @f, metadata !"enzyme_dup", ptr %y, ptr %dy, metadata !"enzyme_dup", ptr %x, ptr %dx)`: cannot differentiate: no forward rule of 'f' accepts the activities of this call: needed ret=dupnoneed args=dup,dup; available: ret=dup args=dup,dup (f_fwd)

;--- common.ll
define double @f(ptr %y, ptr %x) !llad.rules !0 {
  %x0 = load double, ptr %x
  %s0 = fmul double %x0, %x0
  store double %s0, ptr %y
  ret double %s0
}

define double @g(ptr %y, ptr %x) {
  %r = call double @f(ptr %y, ptr %x)
  %m = fmul double %r, %r
  ret double %m
}

declare { double, double } @f_fwd(ptr, ptr, ptr, ptr, ptr)
declare double @f_fwd_noneed(ptr, ptr, ptr, ptr, ptr)
declare { ptr, double } @f_aug(ptr, ptr, ptr, ptr, ptr)
declare void @f_rev(ptr, ptr, ptr, ptr, ptr, double, ptr)

!0 = !{!1, !2, !3, !4}
!1 = !{!"forward", ptr @f_fwd, !"ret=dup args=dup,dup"}
!2 = !{!"forward", ptr @f_fwd_noneed, !"ret=dupnoneed args=dup,dup"}
!3 = !{!"augmented", ptr @f_aug, !"ret=active args=dup,dup"}
!4 = !{!"reverse", ptr @f_rev, !"ret=active args=dup,dup"}
;--- fwd-const-y.ll
declare double @__enzyme_fwddiff(ptr, ...)
define double @test(ptr %y, ptr %x, ptr %dx) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @g, metadata !"enzyme_const", ptr %y, metadata !"enzyme_dup", ptr %x, ptr %dx)
  ret double %r
}
;--- rev-const-x.ll
declare void @__enzyme_autodiff(ptr, ...)
define void @test(ptr %y, ptr %dy, ptr %x) {
  call void (ptr, ...) @__enzyme_autodiff(ptr @g, metadata !"enzyme_dup", ptr %y, ptr %dy, metadata !"enzyme_const", ptr %x)
  ret void
}
;--- noneed.ll
declare double @__enzyme_fwddiff(ptr, ...)

define double @f(ptr %y, ptr %x) !llad.rules !0 {
  %x0 = load double, ptr %x
  %s0 = fmul double %x0, %x0
  store double %s0, ptr %y
  ret double %s0
}

declare { double, double } @f_fwd(ptr, ptr, ptr, ptr, ptr)

define double @test(ptr %y, ptr %dy, ptr %x, ptr %dx) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @f, metadata !"enzyme_dup", ptr %y, ptr %dy, metadata !"enzyme_dup", ptr %x, ptr %dx)
  ret double %r
}

!0 = !{!1}
!1 = !{!"forward", ptr @f_fwd, !"ret=dup args=dup,dup"}
