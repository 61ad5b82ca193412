; A switch with two cases to the same block makes that block's predecessor appear twice: the
; augmented primal's edge-index phi needs an entry per edge (it used to fail verification).
; f(x, k) = r(x, k) * x with r = x^2 (k = 0), x (k = 2, 3), 3x (otherwise); at x = 1.5 the
; derivatives are 6.75, 9, 3 and 3 for k = 0..3.
; RUN: %llad %s -S -o %t.ll
; RUN: %clang -O0 -Wno-override-module %t.ll -o %t.exe && %t.exe | FileCheck %s
; RUN: opt -load-pass-plugin=%plugin -passes=llad %s -S -o %t.p.ll
; RUN: %clang -O0 -Wno-override-module %t.p.ll -o %t.p.exe && %t.p.exe | FileCheck %s

declare double @__enzyme_autodiff(ptr, ...)
declare i32 @printf(ptr, ...)
@enzyme_const = external global i32
@fmt = private constant [11 x i8] c"k=%d d=%g\0A\00"

define internal double @f(double %x, i32 %k) noinline {
entry:
  switch i32 %k, label %other [
    i32 0, label %square
    i32 2, label %join
    i32 3, label %join
  ]
square:
  %sq = fmul double %x, %x
  br label %join
other:
  %t = fmul double %x, 3.0
  br label %join
join:
  %r = phi double [ %sq, %square ], [ %x, %entry ], [ %x, %entry ], [ %t, %other ]
  %s = fmul double %r, %x
  ret double %s
}

define i32 @main() {
entry:
  br label %loop
loop:
  %k = phi i32 [ 0, %entry ], [ %k.next, %loop ]
  %d = call double (ptr, ...) @__enzyme_autodiff(ptr @f, double 1.5, ptr @enzyme_const, i32 %k)
  call i32 (ptr, ...) @printf(ptr @fmt, i32 %k, double %d)
  %k.next = add i32 %k, 1
  %done = icmp eq i32 %k.next, 4
  br i1 %done, label %exit, label %loop
exit:
  ret i32 0
}

; CHECK: k=0 d=6.75
; CHECK-NEXT: k=1 d=9
; CHECK-NEXT: k=2 d=3
; CHECK-NEXT: k=3 d=3
