; A local variable: each alloca gets a shadow alloca of the same type, zeroed with memset, and the
; loads/stores of the variable are mirrored on it.
; RUN: %llad %s -S -o - | FileCheck %s
; RUN: opt -load-pass-plugin=%plugin -passes=llad %s -S -o - | FileCheck %s

declare double @__enzyme_fwddiff(ptr, ...)

define double @f(double %x) {
  %a = alloca double, align 8
  store double %x, ptr %a, align 8
  %v = load double, ptr %a, align 8
  %m = fmul double %v, %v
  ret double %m
}

define double @test(double %x) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @f, double %x, double 1.0)
  ret double %r
}

; CHECK-LABEL: define internal double @fwddiffe_f(double %x, double %dx)
; CHECK-NEXT:    %a = alloca double, align 8
; CHECK-NEXT:    [[DA:%.*]] = alloca double, align 8
; CHECK-NEXT:    call void @llvm.memset.p0.i64(ptr [[DA]], i8 0, i64 8, i1 false)
; CHECK-NEXT:    store double %x, ptr %a, align 8
; CHECK-NEXT:    store double %dx, ptr [[DA]], align 8
; CHECK-NEXT:    %v = load double, ptr %a, align 8
; CHECK-NEXT:    [[DV:%.*]] = load double, ptr [[DA]], align 8
; CHECK-NEXT:    %m = fmul double %v, %v
; CHECK-NEXT:    [[P1:%.*]] = fmul double [[DV]], %v
; CHECK-NEXT:    [[P2:%.*]] = fmul double %v, [[DV]]
; CHECK-NEXT:    [[DM:%.*]] = fadd reassoc double [[P1]], [[P2]]
; CHECK-NEXT:    ret double [[DM]]
