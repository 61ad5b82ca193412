; Recursion: the recursive call inside the derivative calls the derivative itself (one derivative per
; (function, activities, returns) key), not a fresh copy per call depth.
; RUN: %llad %s -S -o - | FileCheck %s
; RUN: opt -load-pass-plugin=%plugin -passes=llad %s -S -o - | FileCheck %s

declare double @__enzyme_fwddiff(ptr, ...)

; x^n, recursively.
define double @pw(double %x, i32 %n) {
entry:
  %z = icmp eq i32 %n, 0
  br i1 %z, label %base, label %rec

base:
  ret double 1.0

rec:
  %n1 = sub i32 %n, 1
  %r = call double @pw(double %x, i32 %n1)
  %m = fmul double %r, %x
  ret double %m
}

define double @test(double %x, i32 %n) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @pw, double %x, double 1.0, i32 %n)
  ret double %r
}

; The request's derivative returns only the tangent; the recursive calls need the primal too, so they
; use the {primal, tangent} variant, which calls itself.
; CHECK-LABEL: define internal double @fwddiffe_pw(double %x, double %dx, i32 %n)
; CHECK:       base:
; CHECK-NEXT:    ret double 0.000000e+00
; CHECK:       rec:
; CHECK:         [[C:%.*]] = call { double, double } @[[PWPT:fwddiffe_pw[.0-9]*]](double %x, double %dx, i32 %n1)
; CHECK:         %m = fmul double {{%.*}}, %x

; CHECK:       define internal { double, double } @[[PWPT]](double %x, double %dx, i32 %n)
; CHECK:       base:
; CHECK-NEXT:    ret { double, double } { double 1.000000e+00, double 0.000000e+00 }
; CHECK:       rec:
; CHECK-NEXT:    %n1 = sub i32 %n, 1
; CHECK-NEXT:    [[C:%.*]] = call { double, double } @[[PWPT]](double %x, double %dx, i32 %n1)
; CHECK-NEXT:    [[R:%.*]] = extractvalue { double, double } [[C]], 0
; CHECK-NEXT:    [[DR:%.*]] = extractvalue { double, double } [[C]], 1
; CHECK-NEXT:    %m = fmul double [[R]], %x
; CHECK-NEXT:    [[P1:%.*]] = fmul double [[DR]], %x
; CHECK-NEXT:    [[P2:%.*]] = fmul double [[R]], %dx
; CHECK-NEXT:    [[DM:%.*]] = fadd reassoc double [[P1]], [[P2]]
; CHECK:         ret { double, double }

; Exactly two derivatives of pw.
; CHECK-NOT: define {{.*}}@fwddiffe_pw
