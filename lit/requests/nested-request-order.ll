; Regression test: higher-order derivatives depend on the order of the functions in the module.
; forward/higher-order.ll works because @dsq (whose request is inner) comes before @ddsq; with @ddsq
; first, llad differentiates @dsq before replacing the request inside it and fails with
;   llad: error: in function 'dsq', instruction `%r = call double (ptr, ...) @__enzyme_fwddiff(ptr @sq,
;   double %x, double 1.000000e+00)`: cannot differentiate: call to external function
;   '__enzyme_fwddiff' with active arguments, and llad has no derivative for it
; Expected: the same result as forward/higher-order.ll (replace requests inside a function before
; differentiating it, e.g. process requests in callee-first order).
; RUN: %llad %s -S -o - | FileCheck %s
; RUN: opt -load-pass-plugin=%plugin -passes=llad %s -S -o - | FileCheck %s

declare double @__enzyme_fwddiff(ptr, ...)

define double @ddsq(double %x) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @dsq, double %x, double 1.0)
  ret double %r
}

define double @dsq(double %x) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @sq, double %x, double 1.0)
  ret double %r
}

define double @sq(double %x) {
  %m = fmul double %x, %x
  ret double %m
}

; CHECK-LABEL: define double @ddsq(double %x)
; CHECK-NEXT:    call double @fwddiffe_dsq(double %x, double 1.000000e+00)
; CHECK-LABEL: define double @dsq(double %x)
; CHECK-NEXT:    call double @fwddiffe_sq(double %x, double 1.000000e+00)
; CHECK: define internal { double, double } @fwddiffe_fwddiffe_sq(
; CHECK-NOT: __enzyme_fwddiff
