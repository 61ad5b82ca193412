; Scalar fadd/fsub/fmul/fdiv/fneg: the tangent follows the primal instruction by instruction
; (sum rule, product rule, quotient rule d(m/y) = (dm - (m/y)*dy)/y, negation).
; RUN: %llad %s -S -o - | FileCheck %s
; RUN: opt -load-pass-plugin=%plugin -passes=llad %s -S -o - | FileCheck %s

declare double @__enzyme_fwddiff(ptr, ...)

define double @arith(double %x, double %y) {
  %a = fadd double %x, %y
  %s = fsub double %a, %y
  %m = fmul double %s, %x
  %d = fdiv double %m, %y
  %n = fneg double %d
  ret double %n
}

define double @test(double %x, double %y) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @arith, double %x, double 1.0, double %y, double 0.0)
  ret double %r
}

; The request is replaced by a call of the derivative with the same arguments.
; CHECK-LABEL: define double @test(double %x, double %y)
; CHECK-NEXT:    [[R:%.*]] = call double @fwddiffe_arith(double %x, double 1.000000e+00, double %y, double 0.000000e+00)
; CHECK-NEXT:    ret double [[R]]

; CHECK-LABEL: define internal double @fwddiffe_arith(double %x, double %dx, double %y, double %dy)
; CHECK:         %a = fadd double %x, %y
; CHECK-NEXT:    [[DA:%.*]] = fadd reassoc double %dx, %dy
; CHECK-NEXT:    %s = fsub double %a, %y
; CHECK-NEXT:    [[DS:%.*]] = fsub reassoc double [[DA]], %dy
; CHECK-NEXT:    %m = fmul double %s, %x
; CHECK-NEXT:    [[P1:%.*]] = fmul double [[DS]], %x
; CHECK-NEXT:    [[P2:%.*]] = fmul double %s, %dx
; CHECK-NEXT:    [[DM:%.*]] = fadd reassoc double [[P1]], [[P2]]
; CHECK-NEXT:    %d = fdiv double %m, %y
; CHECK-NEXT:    [[Q1:%.*]] = fmul double %d, %dy
; CHECK-NEXT:    [[Q2:%.*]] = fsub reassoc double [[DM]], [[Q1]]
; CHECK-NEXT:    [[DD:%.*]] = fdiv double [[Q2]], %y
; CHECK-NEXT:    %n = fneg double %d
; CHECK-NEXT:    [[DN:%.*]] = fneg double [[DD]]
; CHECK-NEXT:    ret double [[DN]]
; CHECK-NEXT:  }

; The request declaration is gone, so the program links without it.
; CHECK-NOT: __enzyme_fwddiff
