; Higher-order derivatives: differentiating a function that itself contains a request (once that
; request has been replaced) differentiates its derivative, giving d2/dx2 x*x = 2 * dx * seed.
; RUN: %llad %s -S -o - | FileCheck %s
; RUN: opt -load-pass-plugin=%plugin -passes=llad %s -S -o - | FileCheck %s

declare double @__enzyme_fwddiff(ptr, ...)

define double @sq(double %x) {
  %m = fmul double %x, %x
  ret double %m
}

define double @dsq(double %x) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @sq, double %x, double 1.0)
  ret double %r
}

define double @ddsq(double %x) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @dsq, double %x, double 1.0)
  ret double %r
}

; CHECK-LABEL: define double @dsq(double %x)
; CHECK-NEXT:    call double @fwddiffe_sq(double %x, double 1.000000e+00)
; CHECK-LABEL: define double @ddsq(double %x)
; CHECK-NEXT:    call double @fwddiffe_dsq(double %x, double 1.000000e+00)

; CHECK-LABEL: define internal double @fwddiffe_dsq(double %x, double %dx)
; CHECK-NEXT:    [[PT:%.*]] = call { double, double } @fwddiffe_fwddiffe_sq(double %x, double %dx, double 1.000000e+00)
; CHECK:         [[D:%.*]] = extractvalue { double, double } [[PT]], 1
; CHECK-NEXT:    ret double [[D]]

; Inside, %dx is the tangent of %x and the old tangent parameter (the constant seed) is renamed %dx1:
; the tangent of dx1*x + x*dx1 is dx1*dx + dx*dx1.
; CHECK-LABEL: define internal { double, double } @fwddiffe_fwddiffe_sq(double %x, double %dx, double %dx1)
; CHECK-DAG:     [[A:%.*]] = fmul double %dx1, %dx
; CHECK-DAG:     [[B:%.*]] = fmul double %dx, %dx1
; CHECK:         fadd reassoc double [[A]], [[B]]
