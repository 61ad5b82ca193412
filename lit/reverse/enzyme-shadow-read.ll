; A global whose shadow the user names (Enzyme's `!enzyme_shadow !{ptr @dg}`) is active wherever
; it is read, as in Enzyme: reverse mode adds d/dg into @dg, forward mode reads g's tangent from it
; (llad does not zero a shadow the user owns). f(x) = g x^2 at g = 3, x = 2.
; RUN: %llad %s -o %t.bc && %clang %t.bc -o %t && %t | FileCheck %s
; RUN: opt -load-pass-plugin=%plugin -passes=llad %s -o %t2.bc && %clang %t2.bc -o %t2 && %t2 | FileCheck %s
; CHECK: reverse d/dx = 12, dg = 4; forward with dg = 1: 4
@g = global double 3.0, !enzyme_shadow !0
@dg = global double 0.0
!0 = !{ptr @dg}
declare double @__enzyme_autodiff(ptr, ...)
declare double @__enzyme_fwddiff(ptr, ...)
declare i32 @printf(ptr, ...)
@fmt = private constant [53 x i8] c"reverse d/dx = %g, dg = %g; forward with dg = 1: %g\0A\00"
define double @f(double %x) {
  %v = load double, ptr @g, align 8
  %m = fmul double %v, %x
  %m2 = fmul double %m, %x
  ret double %m2
}
define i32 @main() {
  %r = call double (ptr, ...) @__enzyme_autodiff(ptr @f, double 2.0)
  %d = load double, ptr @dg
  store double 1.0, ptr @dg
  %t = call double (ptr, ...) @__enzyme_fwddiff(ptr @f, double 2.0, double 0.0)
  call i32 (ptr, ...) @printf(ptr @fmt, double %r, double %d, double %t)
  ret i32 0
}
