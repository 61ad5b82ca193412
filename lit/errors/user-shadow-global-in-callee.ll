; A global whose shadow the user names is active, but a callee without active arguments that reads
; it gets no derivative: an error naming the call (d/dg would be lost), not a silent zero.
; RUN: not %llad %s -o /dev/null 2>&1 | FileCheck %s
; RUN: not opt -load-pass-plugin=%plugin -passes=llad %s -disable-output 2>&1 | FileCheck %s
; CHECK: in function 'f', instruction `%v = call double @get_g()`: cannot differentiate: this call reaches global '@g' (the callee, or a function it calls, reads or writes it), which carries derivatives in this differentiation (its shadow is named with !enzyme_shadow); a call without active arguments gets no derivatives, so they would be lost
@g = global double 3.0, !enzyme_shadow !0
@dg = global double 0.0
!0 = !{ptr @dg}
declare double @__enzyme_autodiff(ptr, ...)
define double @get_g() noinline {
  %v = load double, ptr @g, align 8
  ret double %v
}
define double @f(double %x) {
  %v = call double @get_g()
  %m = fmul double %v, %x
  ret double %m
}
define double @test() {
  %r = call double (ptr, ...) @__enzyme_autodiff(ptr @f, double 2.0)
  ret double %r
}
