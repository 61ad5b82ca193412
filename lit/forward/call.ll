; A call to a user function inside the differentiated function: the callee gets its own derivative
; fwddiffe_<callee>, returning {primal, tangent} because the caller uses both.
; RUN: %llad %s -S -o - | FileCheck %s
; RUN: opt -load-pass-plugin=%plugin -passes=llad %s -S -o - | FileCheck %s

declare double @__enzyme_fwddiff(ptr, ...)

define double @square(double %x) {
  %m = fmul double %x, %x
  ret double %m
}

define double @f(double %x) {
  %s = call double @square(double %x)
  %r = fadd double %s, %x
  ret double %r
}

define double @test(double %x) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @f, double %x, double 1.0)
  ret double %r
}

; The original functions are kept unchanged.
; CHECK-LABEL: define double @f(double %x)
; CHECK-NEXT:    %s = call double @square(double %x)

; CHECK-LABEL: define double @test(double %x)
; CHECK-NEXT:    [[R:%.*]] = call double @fwddiffe_f(double %x, double 1.000000e+00)
; CHECK-NEXT:    ret double [[R]]

; CHECK-LABEL: define internal double @fwddiffe_f(double %x, double %dx)
; CHECK-NEXT:    [[PT:%.*]] = call { double, double } @fwddiffe_square(double %x, double %dx)
; CHECK-NEXT:    [[S:%.*]] = extractvalue { double, double } [[PT]], 0
; CHECK-NEXT:    [[DS:%.*]] = extractvalue { double, double } [[PT]], 1
; CHECK-NEXT:    %r = fadd double [[S]], %x
; CHECK-NEXT:    [[DR:%.*]] = fadd reassoc double [[DS]], %dx
; CHECK-NEXT:    ret double [[DR]]

; CHECK-LABEL: define internal { double, double } @fwddiffe_square(double %x, double %dx)
; CHECK-NEXT:    %m = fmul double %x, %x
; CHECK-NEXT:    [[P1:%.*]] = fmul double %dx, %x
; CHECK-NEXT:    [[P2:%.*]] = fmul double %x, %dx
; CHECK-NEXT:    [[DM:%.*]] = fadd reassoc double [[P1]], [[P2]]
; CHECK-NEXT:    [[A:%.*]] = insertvalue { double, double } zeroinitializer, double %m, 0
; CHECK-NEXT:    [[B:%.*]] = insertvalue { double, double } [[A]], double [[DM]], 1
; CHECK-NEXT:    ret { double, double } [[B]]
