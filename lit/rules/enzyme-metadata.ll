; Enzyme's IR forms of custom rules work unchanged, with Enzyme's calling convention (design §3,
; enzyme-c-api.md §2.3): function metadata !enzyme_derivative (forward: every argument followed by
; its shadow, returns {primal, shadow}), !enzyme_augment and !enzyme_gradient (shadows for
; non-float arguments only, d_ret for a float return, the tape last; the reverse rule returns the
; float arguments' adjoints), on a defined function (the seed's f) and on a declaration (a foreign
; function, as in Enzyme's test/Enzyme/ReverseMode/custom.ll); no config argument. The function
; attribute "enzyme_inactive" and the global metadata !enzyme_inactive mark inactive code and data.
; RUN: %llad %s -S -o - | FileCheck %s
; RUN: opt -load-pass-plugin=%plugin -passes=llad %s -S -o - | FileCheck %s

; CHECK-NOT: @llad.config
; CHECK-NOT: define {{.*}}@fwddiffe_f(
; CHECK-NOT: define {{.*}}@augmented_f(

; CHECK-LABEL: define internal double @fwddiffe_g(ptr %y, ptr %dy, ptr %x, ptr %dx)
; CHECK-NEXT:    [[PAIR:%.*]] = call { double, double } @f_fwd(ptr %y, ptr %dy, ptr %x, ptr %dx)
; CHECK-NEXT:    [[P:%.*]] = extractvalue { double, double } [[PAIR]], 0
; CHECK-NEXT:    [[D:%.*]] = extractvalue { double, double } [[PAIR]], 1
; CHECK-NEXT:    call void @trace(ptr %x)
; CHECK-NEXT:    store double [[P]], ptr @counter

; CHECK-LABEL: define internal double @augmented_g(ptr %y, ptr %dy, ptr %x, ptr %dx, ptr noalias %tape)
; CHECK-NEXT:    [[AUG:%.*]] = call { ptr, double } @f_aug(ptr %y, ptr %dy, ptr %x, ptr %dx)
; CHECK-NEXT:    [[T:%.*]] = extractvalue { ptr, double } [[AUG]], 0
; CHECK-NEXT:    [[AP:%.*]] = extractvalue { ptr, double } [[AUG]], 1
; CHECK-NEXT:    call void @trace(ptr %x)
; CHECK-NEXT:    store double [[AP]], ptr @counter
; CHECK:         store ptr [[T]], ptr
; CHECK-LABEL: define internal void @reverse_g(ptr %y, ptr %dy, ptr %x, ptr %dx, double %dret, ptr noalias %tape)
; CHECK-NOT:     @trace
; CHECK:         [[RT:%.*]] = load ptr, ptr
; CHECK-NOT:     @trace
; CHECK:         call void @f_rev(ptr %y, ptr %dy, ptr %x, ptr %dx, double {{%.*}}, ptr [[RT]])

; The foreign add2: forward rule with the float's tangent as its shadow, augmented rule returning the
; primal alone (no tape), reverse rule returning { d a }.
; CHECK-LABEL: define internal double @fwddiffe_s(double %a, double %da)
; CHECK-NEXT:    call { double, double } @add2_fwd(double %a, double %da)
; CHECK-LABEL: define internal double @augmented_s(double %a, ptr noalias %tape)
; CHECK-NEXT:    call double @add2_aug(double %a)
; CHECK-LABEL: define internal { double } @reverse_s(double %a, double %dret, ptr noalias %tape)
; CHECK:         [[R:%.*]] = call { double } @add2_rev(double %a, double {{%.*}})
; CHECK-NEXT:    extractvalue { double } [[R]], 0

declare double @__enzyme_fwddiff(ptr, ...)
declare void @__enzyme_autodiff_v(ptr, ...)
declare double @__enzyme_autodiff(ptr, ...)

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

; a foreign function known only through its rules (Enzyme's test/Enzyme/ReverseMode/custom.ll form)
declare !enzyme_derivative !10 !enzyme_augment !11 !enzyme_gradient !12 double @add2(double)
declare { double, double } @add2_fwd(double, double)
declare double @add2_aug(double)
declare { double } @add2_rev(double, double)
!10 = !{ptr @add2_fwd}
!11 = !{ptr @add2_aug}
!12 = !{ptr @add2_rev}

declare void @trace(ptr) "enzyme_inactive"
@counter = global double 0.0, !enzyme_inactive !20
!20 = !{}

define double @g(ptr %y, ptr %x) {
  %r = call double @f(ptr %y, ptr %x)
  call void @trace(ptr %x)
  store double %r, ptr @counter
  %m = fmul double %r, %r
  ret double %m
}

define double @s(double %a) {
  %b = call double @add2(double %a)
  %c = fmul double %b, %a
  ret double %c
}

define double @test_fwd_g(ptr %y, ptr %dy, ptr %x, ptr %dx) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @g, metadata !"enzyme_dup", ptr %y, ptr %dy, metadata !"enzyme_dup", ptr %x, ptr %dx)
  ret double %r
}
define void @test_rev_g(ptr %y, ptr %dy, ptr %x, ptr %dx) {
  call void (ptr, ...) @__enzyme_autodiff_v(ptr @g, metadata !"enzyme_dup", ptr %y, ptr %dy, metadata !"enzyme_dup", ptr %x, ptr %dx)
  ret void
}
define double @test_fwd_s(double %a) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @s, double %a, double 1.0)
  ret double %r
}
define double @test_rev_s(double %a) {
  %r = call double (ptr, ...) @__enzyme_autodiff(ptr @s, double %a)
  ret double %r
}
