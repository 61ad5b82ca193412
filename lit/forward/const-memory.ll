; Writing an active value into enzyme_const memory of the request that nothing differentiated reads
; back (an output the caller does not want derivatives of) is allowed: the primal store stays, there
; is no shadow store, and the returned tangent is unaffected.
; RUN: %llad %s -S -o - | FileCheck %s
; RUN: opt -load-pass-plugin=%plugin -passes=llad %s -S -o - | FileCheck %s

declare double @__enzyme_fwddiff(ptr, ...)

define double @f(double %x, ptr %log) {
  %m = fmul double %x, %x
  store double %m, ptr %log, align 8
  ret double %m
}

define double @test(double %x, ptr %log) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @f, double %x, double 1.0, metadata !"enzyme_const", ptr %log)
  ret double %r
}

; CHECK-LABEL: define internal double @fwddiffe_f(double %x, double %dx, ptr %log)
; CHECK-NEXT:    %m = fmul double %x, %x
; CHECK-NEXT:    [[P1:%.*]] = fmul double %dx, %x
; CHECK-NEXT:    [[P2:%.*]] = fmul double %x, %dx
; CHECK-NEXT:    [[DM:%.*]] = fadd reassoc double [[P1]], [[P2]]
; CHECK-NEXT:    store double %m, ptr %log, align 8
; CHECK-NEXT:    ret double [[DM]]
