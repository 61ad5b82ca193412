; select: the tangent is a select of the tangents on the same (primal) condition.
; RUN: %llad %s -S -o - | FileCheck %s
; RUN: opt -load-pass-plugin=%plugin -passes=llad %s -S -o - | FileCheck %s

declare double @__enzyme_fwddiff(ptr, ...)

define double @fmin(double %x, double %y) {
  %c = fcmp olt double %x, %y
  %s = select i1 %c, double %x, double %y
  ret double %s
}

; One constant operand: its tangent is zero.
define double @relu(double %x) {
  %c = fcmp ogt double %x, 0.0
  %s = select i1 %c, double %x, double 0.0
  ret double %s
}

define double @test(double %x, double %y) {
  %a = call double (ptr, ...) @__enzyme_fwddiff(ptr @fmin, double %x, double 1.0, double %y, double 1.0)
  %b = call double (ptr, ...) @__enzyme_fwddiff(ptr @relu, double %x, double 1.0)
  %s = fadd double %a, %b
  ret double %s
}

; CHECK-LABEL: define internal double @fwddiffe_fmin(double %x, double %dx, double %y, double %dy)
; CHECK-NEXT:    %c = fcmp olt double %x, %y
; CHECK-NEXT:    %s = select i1 %c, double %x, double %y
; CHECK-NEXT:    [[D:%.*]] = select i1 %c, double %dx, double %dy
; CHECK-NEXT:    ret double [[D]]

; CHECK-LABEL: define internal double @fwddiffe_relu(double %x, double %dx)
; CHECK:         %s = select i1 %c, double %x, double 0.000000e+00
; CHECK-NEXT:    [[D:%.*]] = select i1 %c, double %dx, double 0.000000e+00
; CHECK-NEXT:    ret double [[D]]
