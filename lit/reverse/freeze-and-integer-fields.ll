; Reverse mode through `freeze` (its adjoint passes straight through; the refactor into rule
; tables had lost it), and a request on a function returning { i64, double }: the reverse takes the
; return's adjoint with integer fields as floats of their width, seeded 0 there and 1 on the double.
; d/dx (freeze x)^2 = 2x = 6 and d/dx of the double field x^2 = 6 at x = 3.
; RUN: %llad %s -S -o %t.ll
; RUN: %clang -O0 -Wno-override-module %t.ll -o %t.exe && %t.exe | FileCheck %s
; RUN: opt -load-pass-plugin=%plugin -passes=llad %s -S -o %t.p.ll
; RUN: %clang -O0 -Wno-override-module %t.p.ll -o %t.p.exe && %t.p.exe | FileCheck %s
; CHECK: freeze 6 integer-field return 6

declare double @__enzyme_autodiff(ptr, ...)
declare i32 @printf(ptr, ...)
@fmt = private constant [35 x i8] c"freeze %g integer-field return %g\0A\00"

define internal double @square_frozen(double %x) noinline {
  %f = freeze double %x
  %m = fmul double %f, %f
  ret double %m
}

define internal { i64, double } @bits_and_square(double %x) noinline {
  %b = bitcast double %x to i64
  %sq = fmul double %x, %x
  %a = insertvalue { i64, double } undef, i64 %b, 0
  %r = insertvalue { i64, double } %a, double %sq, 1
  ret { i64, double } %r
}

define i32 @main() {
  %d = call double (ptr, ...) @__enzyme_autodiff(ptr @square_frozen, double 3.0)
  %e = call double (ptr, ...) @__enzyme_autodiff(ptr @bits_and_square, double 3.0)
  call i32 (ptr, ...) @printf(ptr @fmt, double %d, double %e)
  ret i32 0
}
