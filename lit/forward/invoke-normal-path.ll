; A call that may throw (`invoke`, C++ with exceptions) is differentiated along its normal path:
; forward mode and the reverse pair call the callee's derivatives as for a plain call, and every
; call in them that may still throw unwinds into a landing pad that aborts (a derivative cannot be
; left half done). The copy the derivatives are built from is gone afterwards.
; RUN: %llad %s -S -o - | FileCheck %s
; RUN: opt -load-pass-plugin=%plugin -passes=llad %s -S -o - | FileCheck %s

declare double @__enzyme_fwddiff(ptr, ...)
declare double @__enzyme_autodiff(ptr, ...)
declare i32 @__gxx_personality_v0(...)
declare void @log_value(double)

define double @may_throw(double %y) {
  %m = fmul double %y, %y
  call void @log_value(double %m)
  ret double %m
}

define double @f(double %x) personality ptr @__gxx_personality_v0 {
entry:
  %r = invoke double @may_throw(double %x)
          to label %ok unwind label %lp
ok:
  ret double %r
lp:
  %l = landingpad { ptr, i32 } cleanup
  resume { ptr, i32 } %l
}

define double @test_forward(double %x) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @f, double %x, double 1.0)
  ret double %r
}

define double @test_reverse(double %x) {
  %r = call double (ptr, ...) @__enzyme_autodiff(ptr @f, double %x)
  ret double %r
}

; CHECK-NOT: llad.normal
; CHECK-LABEL: define internal double @fwddiffe_f(double %x, double %dx)
; CHECK-SAME: personality ptr @__gxx_personality_v0
; CHECK:       invoke {{.*}}@fwddiffe_may_throw(
; CHECK-LABEL: define internal {{.*}}@fwddiffe_may_throw(
; CHECK:       invoke void @log_value(
; CHECK-NEXT:  to label %{{.*}} unwind label %llad.unwind
; CHECK:       llad.unwind:
; CHECK-NEXT:  landingpad { ptr, i32 }
; CHECK-NEXT:  cleanup
; CHECK-NEXT:  call void @llad.unwind.abort()
; CHECK-NEXT:  unreachable
; CHECK-LABEL: define internal { double } @reverse_f(
