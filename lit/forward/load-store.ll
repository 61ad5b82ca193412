; Loads and stores through dup pointers: every load of active memory is paired with a load of the
; shadow, every store with a store of the tangent into the shadow; GEPs are mirrored on the shadow.
; RUN: %llad %s -S -o - | FileCheck %s
; RUN: opt -load-pass-plugin=%plugin -passes=llad %s -S -o - | FileCheck %s

declare void @__enzyme_fwddiff(ptr, ...)

; p[1] = p[0] * k
define void @scale(ptr %p, double %k) {
  %v = load double, ptr %p, align 8
  %m = fmul double %v, %k
  %q = getelementptr inbounds double, ptr %p, i64 1
  store double %m, ptr %q, align 8
  ret void
}

define void @test(ptr %p, ptr %dp, double %k) {
  call void (ptr, ...) @__enzyme_fwddiff(ptr @scale, ptr %p, ptr %dp, double %k, double 1.0)
  ret void
}

; CHECK-LABEL: define void @test(
; CHECK-NEXT:    call void @fwddiffe_scale(ptr %p, ptr %dp, double %k, double 1.000000e+00)

; CHECK-LABEL: define internal void @fwddiffe_scale(ptr %p, ptr %dp, double %k, double %dk)
; CHECK-NEXT:    %v = load double, ptr %p, align 8
; CHECK-NEXT:    [[DV:%.*]] = load double, ptr %dp, align 8
; CHECK-NEXT:    %m = fmul double %v, %k
; CHECK-NEXT:    [[P1:%.*]] = fmul double [[DV]], %k
; CHECK-NEXT:    [[P2:%.*]] = fmul double %v, %dk
; CHECK-NEXT:    [[DM:%.*]] = fadd reassoc double [[P1]], [[P2]]
; CHECK-NEXT:    %q = getelementptr inbounds double, ptr %p, i64 1
; CHECK-NEXT:    [[DQ:%.*]] = getelementptr inbounds double, ptr %dp, i64 1
; CHECK-NEXT:    store double %m, ptr %q, align 8
; CHECK-NEXT:    store double [[DM]], ptr [[DQ]], align 8
; CHECK-NEXT:    ret void
