; Batched forward mode (enzyme_width 2): each dup argument takes two shadows, the tangent rules run
; per lane, callees get a width-2 derivative, and the tangents come back as [2 x double]
; (a C struct of two doubles is returned the same way).
; RUN: %llad %s -S -o - | FileCheck %s
; RUN: opt -load-pass-plugin=%plugin -passes=llad %s -S -o - | FileCheck %s
; RUN: %llad %s -S -o - | FileCheck %s --check-prefix=LOOP

declare [2 x double] @__enzyme_fwddiff(ptr, ...)

define double @square(double %x) {
  %m = fmul double %x, %x
  ret double %m
}

define double @f(double %x, double %y) {
  %s = call double @square(double %x)
  %p = fmul double %s, %y
  ret double %p
}

define [2 x double] @test(double %x, double %y) {
  %r = call [2 x double] (ptr, ...) @__enzyme_fwddiff(ptr @f, metadata !"enzyme_width", i64 2, double %x, double 1.0, double 0.0, double %y, double 0.0, double 1.0)
  ret [2 x double] %r
}

; CHECK-LABEL: define [2 x double] @test(double %x, double %y)
; CHECK:         call [2 x double] @fwddiffe_f(double %x, double 1.000000e+00, double 0.000000e+00, double %y, double 0.000000e+00, double 1.000000e+00)
; CHECK-LABEL: define internal [2 x double] @fwddiffe_f(double %x, double %dx.0, double %dx.1, double %y, double %dy.0, double %dy.1)
; CHECK:         [[S:%.*]] = call { double, [2 x double] } @fwddiffe_square(double %x, double %dx.0, double %dx.1)
; CHECK:         extractvalue { double, [2 x double] } [[S]], 1
; CHECK:         insertvalue [2 x double] zeroinitializer, double {{%.*}}, 0
; CHECK:         insertvalue [2 x double] {{%.*}}, double {{%.*}}, 1
; CHECK-LABEL: define internal { double, [2 x double] } @fwddiffe_square(double %x, double %dx.0, double %dx.1)
; CHECK-DAG:     fmul double %dx.0, %x
; CHECK-DAG:     fmul double %dx.1, %x

; A request whose declared result ({ double, double }, the C struct) differs from the tangents'
; [2 x double] is adapted through a stack slot, which goes into the entry block even when the
; request is in a loop (a static alloca elsewhere grows the stack at every iteration).
declare { double, double } @__enzyme_fwddiff_pair(ptr, ...)

define double @in_loop(double %x, double %y, i32 %n) {
entry:
  br label %loop
loop:
  %i = phi i32 [ 0, %entry ], [ %i.next, %loop ]
  %acc = phi double [ 0.0, %entry ], [ %acc.next, %loop ]
  %r = call { double, double } (ptr, ...) @__enzyme_fwddiff_pair(ptr @f, metadata !"enzyme_width", i64 2, double %x, double 1.0, double 0.0, double %y, double 0.0, double 1.0)
  %d = extractvalue { double, double } %r, 1
  %acc.next = fadd double %acc, %d
  %i.next = add i32 %i, 1
  %done = icmp eq i32 %i.next, %n
  br i1 %done, label %exit, label %loop
exit:
  ret double %acc.next
}

; LOOP-LABEL: define double @in_loop(
; LOOP-NEXT:  entry:
; LOOP-NEXT:    [[SLOT:%.*]] = alloca [2 x double]
; LOOP:       loop:
; LOOP:         [[T:%.*]] = call [2 x double] @fwddiffe_f(
; LOOP-NEXT:    store [2 x double] [[T]], ptr [[SLOT]]
; LOOP-NEXT:    load { double, double }, ptr [[SLOT]]
