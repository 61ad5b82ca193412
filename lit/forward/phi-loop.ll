; A loop: every float phi gets a tangent phi (zero on entry, the tangent of the back-edge value on the
; back edge); the integer induction variable gets none.
; RUN: %llad %s -S -o - | FileCheck %s
; RUN: opt -load-pass-plugin=%plugin -passes=llad %s -S -o - | FileCheck %s

declare double @__enzyme_fwddiff(ptr, ...)

; x^n by repeated multiplication.
define double @powloop(double %x, i32 %n) {
entry:
  br label %body

body:
  %i = phi i32 [ 0, %entry ], [ %i.next, %body ]
  %acc = phi double [ 1.0, %entry ], [ %acc.next, %body ]
  %acc.next = fmul double %acc, %x
  %i.next = add i32 %i, 1
  %c = icmp slt i32 %i.next, %n
  br i1 %c, label %body, label %exit

exit:
  ret double %acc.next
}

define double @test(double %x, i32 %n) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @powloop, double %x, double 1.0, i32 %n)
  ret double %r
}

; The integer argument is const by default: it has no shadow parameter.
; CHECK-LABEL: define double @test(
; CHECK-NEXT:    call double @fwddiffe_powloop(double %x, double 1.000000e+00, i32 %n)

; CHECK-LABEL: define internal double @fwddiffe_powloop(double %x, double %dx, i32 %n)
; CHECK:       body:
; CHECK-DAG:     %i = phi i32 [ 0, %entry ], [ %i.next, %body ]
; CHECK-DAG:     [[DACC:%.*]] = phi double [ 0.000000e+00, %entry ], [ [[DNEXT:%[0-9]+]], %body ]
; CHECK-DAG:     %acc = phi double [ 1.000000e+00, %entry ], [ %acc.next, %body ]
; CHECK-NOT:     phi
; CHECK:         %acc.next = fmul double %acc, %x
; CHECK-NEXT:    [[P1:%.*]] = fmul double [[DACC]], %x
; CHECK-NEXT:    [[P2:%.*]] = fmul double %acc, %dx
; CHECK-NEXT:    [[DNEXT]] = fadd reassoc double [[P1]], [[P2]]
; CHECK-NEXT:    %i.next = add i32 %i, 1
; CHECK-NEXT:    %c = icmp slt i32 %i.next, %n
; CHECK-NEXT:    br i1 %c, label %body, label %exit
; CHECK:       exit:
; CHECK-NEXT:    ret double [[DNEXT]]
