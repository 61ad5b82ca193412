; --print-activity: in a loop summing x * a[i], the integer counter, the bound and the comparison are
; inactive; the float accumulator and everything computed from x are active. A value that depends on x
; but only reaches an inactive call (printf) is "varied, not needed" and gets no tangent.
; RUN: %llad %s -S -o /dev/null --print-activity 2>&1 | FileCheck %s
; RUN: env LLAD_OPTIONS="--print-activity --lint" opt -load-pass-plugin=%plugin -passes=llad %s -disable-output 2>&1 | FileCheck %s
; RUN: %llad %s -S -o - 2>/dev/null | FileCheck %s --check-prefix=IR

@fmt = private unnamed_addr constant [4 x i8] c"%g\0A\00"

declare double @__enzyme_fwddiff(ptr, ...)
declare i32 @printf(ptr, ...)

define double @dot(double %x, ptr %a, i64 %n) {
entry:
  br label %loop

loop:
  %i = phi i64 [ 0, %entry ], [ %i.next, %loop ]
  %acc = phi double [ 0.0, %entry ], [ %acc.next, %loop ]
  %p = getelementptr inbounds double, ptr %a, i64 %i
  %ai = load double, ptr %p, align 8
  %t = fmul double %ai, %x
  %acc.next = fadd double %acc, %t
  %i.next = add nuw i64 %i, 1
  %c = icmp ult i64 %i.next, %n
  br i1 %c, label %loop, label %exit

exit:
  ret double %acc.next
}

define double @test(double %x, ptr %a, i64 %n) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @dot, double %x, double 1.0, metadata !"enzyme_const", ptr %a, i64 %n)
  ret double %r
}

define double @g(double %x, double %y) {
  %sq = fmul double %x, %x
  %u = call i32 (ptr, ...) @printf(ptr @fmt, double %sq)
  %c = fcmp olt double %x, 0.0
  %s = select i1 %c, double %y, double 1.0
  ret double %s
}

define double @test_g(double %x, double %y) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @g, double %x, double 1.0, double %y, double 0.0)
  ret double %r
}

; CHECK:      activity for dot:
; CHECK-NEXT:   arg 0 %x: active (argument 0)
; CHECK-NEXT:   arg 1 %a: inactive
; CHECK-NEXT:   arg 2 %n: inactive
; CHECK-NEXT:   %i = phi i64 [ 0, %entry ], [ %i.next, %loop ]: inactive
; CHECK-NEXT:   %acc = phi double [ 0.000000e+00, %entry ], [ %acc.next, %loop ]: active
; CHECK-NEXT:   %p = getelementptr inbounds double, ptr %a, i64 %i: inactive
; CHECK-NEXT:   %ai = load double, ptr %p, align 8: inactive
; CHECK-NEXT:   %t = fmul double %ai, %x: active
; CHECK-NEXT:   %acc.next = fadd double %acc, %t: active
; CHECK-NEXT:   %i.next = add nuw i64 %i, 1: inactive
; CHECK-NEXT:   %c = icmp ult i64 %i.next, %n: inactive
; CHECK-NEXT: activity for g:
; CHECK-NEXT:   arg 0 %x: active (argument 0)
; CHECK-NEXT:   arg 1 %y: active (argument 1)
; CHECK-NEXT:   %sq = fmul double %x, %x: inactive (varied, not needed)
; CHECK-NEXT:   %u = call i32 (ptr, ...) @printf(ptr @fmt, double %sq): inactive
; CHECK-NEXT:   %c = fcmp olt double %x, 0.000000e+00: inactive
; CHECK-NEXT:   %s = select i1 %c, double %y, double 1.000000e+00: active
; CHECK-NOT:  activity for

; IR-LABEL: define internal double @fwddiffe_dot(double %x, double %dx, ptr %a, i64 %n)
; IR:         %t = fmul double %ai, %x
; IR-NEXT:    [[DT:%.*]] = fmul double %ai, %dx
; IR-NEXT:    %acc.next = fadd double %acc, %t
; IR-NEXT:    fadd reassoc double {{%.*}}, [[DT]]

; IR-LABEL: define internal double @fwddiffe_g(double %x, double %dx, double %y, double %dy)
; IR-NEXT:    %sq = fmul double %x, %x
; IR-NEXT:    %u = call i32 (ptr, ...) @printf(ptr @fmt, double %sq)
; IR-NEXT:    %c = fcmp olt double %x, 0.000000e+00
; IR-NEXT:    %s = select i1 %c, double %y, double 1.000000e+00
; IR-NEXT:    [[D:%.*]] = select i1 %c, double %dy, double 0.000000e+00
; IR-NEXT:    ret double [[D]]
