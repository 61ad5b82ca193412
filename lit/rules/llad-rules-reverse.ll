; Custom reverse rules in the canonical IR form: an "augmented" and a "reverse" rule in !llad.rules.
; The augmented rule runs in the augmented primal (config: needs_primal, the overwritten mask); its
; tape goes onto llad's tape and comes back, last, to the reverse rule in the sweep, after the
; return's adjoint. Seed tutorial: in g x is not overwritten after the call (overwritten = 0), in h
; it is (bit 1). Active scalar arguments get no shadow slot; their adjoints are what the reverse
; rule returns (one scalar, or a struct in argument order).
; RUN: %llad %s -S -o - | FileCheck %s
; RUN: opt -load-pass-plugin=%plugin -passes=llad %s -S -o - | FileCheck %s

; CHECK-DAG: @[[AUG_G:llad.config[.0-9]*]] = private constant { i32, i32, i32, i64, i64 } { i32 1, i32 1, i32 0, i64 0, i64 0 }
; CHECK-DAG: @[[REV_G:llad.config[.0-9]*]] = private constant { i32, i32, i32, i64, i64 } { i32 1, i32 0, i32 0, i64 0, i64 0 }
; CHECK-DAG: @[[AUG_H:llad.config[.0-9]*]] = private constant { i32, i32, i32, i64, i64 } { i32 1, i32 1, i32 0, i64 2, i64 0 }
; CHECK-DAG: @[[REV_H:llad.config[.0-9]*]] = private constant { i32, i32, i32, i64, i64 } { i32 1, i32 0, i32 0, i64 2, i64 0 }
; mix's k is const (bit 1)
; CHECK-DAG: @[[AUG_MIX:llad.config[.0-9]*]] = private constant { i32, i32, i32, i64, i64 } { i32 1, i32 1, i32 0, i64 0, i64 2 }
; CHECK-DAG: @[[REV_MIX:llad.config[.0-9]*]] = private constant { i32, i32, i32, i64, i64 } { i32 1, i32 0, i32 0, i64 0, i64 2 }
; CHECK-NOT: define {{.*}} @augmented_f(
; CHECK-NOT: define {{.*}} @reverse_f(

; CHECK-LABEL: define internal double @augmented_g(
; CHECK-NEXT:    [[R:%.*]] = call { ptr, double } @f_aug(ptr @[[AUG_G]], ptr %y, ptr %dy, ptr %x, ptr %dx)
; CHECK-NEXT:    [[T:%.*]] = extractvalue { ptr, double } [[R]], 0
; CHECK-NEXT:    [[P:%.*]] = extractvalue { ptr, double } [[R]], 1
; CHECK:         store ptr [[T]], ptr
; CHECK-LABEL: define internal void @reverse_g(
; CHECK:         [[RT:%.*]] = load ptr, ptr {{%.*}}
; CHECK:         call void @f_rev(ptr @[[REV_G]], ptr %y, ptr %dy, ptr %x, ptr %dx, double {{%.*}}, ptr [[RT]])

; CHECK-LABEL: define internal double @augmented_h(
; CHECK-NEXT:    call { ptr, double } @f_aug(ptr @[[AUG_H]], ptr %y, ptr %dy, ptr %x, ptr %dx)
; CHECK-LABEL: define internal void @reverse_h(
; CHECK:         call void @f_rev(ptr @[[REV_H]], ptr %y, ptr %dy, ptr %x, ptr %dx, double {{%.*}}, ptr {{%.*}})

; The augmented rules return the primal alone (no tape): nothing of theirs on llad's tape.
; CHECK-LABEL: define internal double @augmented_use(double %a, double %b, ptr noalias %tape)
; CHECK-NEXT:    [[S:%.*]] = call double @sq_aug(ptr @[[AUG_SQ:llad.config[.0-9]*]], double %a)
; CHECK-NEXT:    call double @mix_aug(ptr @[[AUG_MIX]], double [[S]], double 2.000000e+00, double %b)
; CHECK-LABEL: define internal { double, double } @reverse_use(double %a, double %b, double %dret, ptr noalias %tape)
; CHECK:         [[ADJ:%.*]] = call { double, double } @mix_rev(ptr @[[REV_MIX]], double {{%.*}}, double 2.000000e+00, double %b, double {{%.*}})
; CHECK-NEXT:    [[DA:%.*]] = extractvalue { double, double } [[ADJ]], 0
; CHECK-NEXT:    [[DB:%.*]] = extractvalue { double, double } [[ADJ]], 1
; CHECK:         call double @sq_rev(ptr @{{llad.config[.0-9]*}}, double %a, double {{%.*}})

declare void @__enzyme_autodiff_v(ptr, ...)
declare double @__enzyme_autodiff(ptr, ...)


define double @f(ptr %y, ptr %x) !llad.rules !0 {
  %x0 = load double, ptr %x
  %x1p = getelementptr double, ptr %x, i64 1
  %x1 = load double, ptr %x1p
  %s0 = fmul double %x0, %x0
  %s1 = fmul double %x1, %x1
  store double %s0, ptr %y
  %y1p = getelementptr double, ptr %y, i64 1
  store double %s1, ptr %y1p
  %r = fadd double %s0, %s1
  ret double %r
}

declare { ptr, double } @f_aug(ptr, ptr, ptr, ptr, ptr)
declare void @f_rev(ptr, ptr, ptr, ptr, ptr, double, ptr)

!0 = !{!1, !2}
!1 = !{!"augmented", ptr @f_aug, !"ret=active args=dup,dup"}
!2 = !{!"reverse", ptr @f_rev, !"ret=active args=dup,dup"}

define double @g(ptr noalias %y, ptr noalias %x) {
  %r = call double @f(ptr %y, ptr %x)
  %m = fmul double %r, %r
  ret double %m
}

; x is overwritten after the call to f
define double @h(ptr noalias %y, ptr noalias %x) {
  %r = call double @f(ptr %y, ptr %x)
  %x0 = load double, ptr %x
  %q0 = fmul double %x0, %x0
  store double %q0, ptr %x
  %x1p = getelementptr double, ptr %x, i64 1
  %x1 = load double, ptr %x1p
  %q1 = fmul double %x1, %x1
  store double %q1, ptr %x1p
  %y0 = load double, ptr %y
  %y1p = getelementptr double, ptr %y, i64 1
  %y1 = load double, ptr %y1p
  %sy = fadd double %y0, %y1
  %m = fmul double %r, %sy
  ret double %m
}

define void @test_g(ptr %y, ptr %dy, ptr %x, ptr %dx) {
  call void (ptr, ...) @__enzyme_autodiff_v(ptr @g, metadata !"enzyme_dup", ptr %y, ptr %dy, metadata !"enzyme_dup", ptr %x, ptr %dx)
  ret void
}
define void @test_h(ptr %y, ptr %dy, ptr %x, ptr %dx) {
  call void (ptr, ...) @__enzyme_autodiff_v(ptr @h, metadata !"enzyme_dup", ptr %y, ptr %dy, metadata !"enzyme_dup", ptr %x, ptr %dx)
  ret void
}


; an active scalar argument: the reverse rule returns its adjoint
define double @sq(double %a) !llad.rules !10 {
  %m = fmul double %a, %a
  ret double %m
}
declare double @sq_aug(ptr, double)
declare double @sq_rev(ptr, double, double)
!10 = !{!11, !12}
!11 = !{!"augmented", ptr @sq_aug, !"ret=active args=active"}
!12 = !{!"reverse", ptr @sq_rev, !"ret=active args=active"}

; two active scalars and a const one: a struct of the two adjoints, in argument order
define double @mix(double %a, double %k, double %b) !llad.rules !20 {
  %m = fmul double %a, %b
  %n = fmul double %m, %k
  ret double %n
}
declare double @mix_aug(ptr, double, double, double)
declare { double, double } @mix_rev(ptr, double, double, double, double)
!20 = !{!21, !22}
!21 = !{!"augmented", ptr @mix_aug, !"ret=active args=active,const,active"}
!22 = !{!"reverse", ptr @mix_rev, !"ret=active args=active,const,active"}

define double @use(double %a, double %b) {
  %s = call double @sq(double %a)
  %t = call double @mix(double %s, double 2.0, double %b)
  ret double %t
}

define { double, double } @test_use(double %a, double %b) {
  %r = call { double, double } (ptr, ...) @__enzyme_autodiff(ptr @use, double %a, double %b)
  ret { double, double } %r
}
