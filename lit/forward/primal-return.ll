; enzyme_primal_return: the derivative returns { primal, tangent }; enzyme_const_return: it returns
; nothing (void) but still updates the shadow memory.
; RUN: %llad %s -S -o - | FileCheck %s
; RUN: opt -load-pass-plugin=%plugin -passes=llad %s -S -o - | FileCheck %s

declare { double, double } @__enzyme_fwddiff_pt(ptr, ...)
declare void @__enzyme_fwddiff_void(ptr, ...)

define double @f(double %x, ptr %p) {
  %m = fmul double %x, %x
  store double %m, ptr %p, align 8
  ret double %m
}

define { double, double } @test_pt(double %x, ptr %p, ptr %dp) {
  %r = call { double, double } (ptr, ...) @__enzyme_fwddiff_pt(ptr @f, metadata !"enzyme_primal_return", double %x, double 1.0, ptr %p, ptr %dp)
  ret { double, double } %r
}

define void @test_void(double %x, ptr %p, ptr %dp) {
  call void (ptr, ...) @__enzyme_fwddiff_void(ptr @f, double %x, double 1.0, ptr %p, ptr %dp, metadata !"enzyme_const_return")
  ret void
}

; CHECK-LABEL: define { double, double } @test_pt(
; CHECK-NEXT:    [[R:%.*]] = call { double, double } @fwddiffe_f(double %x, double 1.000000e+00, ptr %p, ptr %dp)
; CHECK-NEXT:    ret { double, double } [[R]]

; CHECK-LABEL: define void @test_void(
; CHECK-NEXT:    call void @fwddiffe_f{{[.0-9]*}}(double %x, double 1.000000e+00, ptr %p, ptr %dp)
; CHECK-NEXT:    ret void

; CHECK-LABEL: define internal { double, double } @fwddiffe_f(double %x, double %dx, ptr %p, ptr %dp)
; CHECK:         %m = fmul double %x, %x
; CHECK:         [[DM:%.*]] = fadd reassoc double
; CHECK-NEXT:    store double %m, ptr %p, align 8
; CHECK-NEXT:    store double [[DM]], ptr %dp, align 8
; CHECK-NEXT:    [[A:%.*]] = insertvalue { double, double } zeroinitializer, double %m, 0
; CHECK-NEXT:    [[B:%.*]] = insertvalue { double, double } [[A]], double [[DM]], 1
; CHECK-NEXT:    ret { double, double } [[B]]

; CHECK-LABEL: define internal void @fwddiffe_f{{[.0-9]*}}(double %x, double %dx, ptr %p, ptr %dp)
; CHECK:         [[DM:%.*]] = fadd reassoc double
; CHECK-NEXT:    store double %m, ptr %p, align 8
; CHECK-NEXT:    store double [[DM]], ptr %dp, align 8
; CHECK-NEXT:    ret void
