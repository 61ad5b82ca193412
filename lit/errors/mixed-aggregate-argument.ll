; A derivative request passing a { ptr, double } by value: the pointer gets its shadow from the
; shadow struct, but the double's adjoint has nowhere to go (a by-value struct has no memory the
; caller can read back). llad says so instead of dropping it.
; RUN: not %llad %s -S -o /dev/null 2>&1 | FileCheck %s
; CHECK: error: in function 'f': cannot differentiate: argument 1 passes floating-point values by value beside pointers; their adjoints have nowhere to go
; CHECK-NEXT: hint: pass the struct by pointer (enzyme_dup with a shadow struct), or split it into separate arguments

declare double @__enzyme_autodiff(ptr, ...)
@enzyme_dup = external global i32

define double @f({ ptr, double } %s) {
  %v = extractvalue { ptr, double } %s, 1
  %p = extractvalue { ptr, double } %s, 0
  %y = load double, ptr %p
  %m = fmul double %v, %y
  ret double %m
}

define double @caller({ ptr, double } %s, { ptr, double } %ds) {
  %r = call double (ptr, ...) @__enzyme_autodiff(ptr @f, ptr @enzyme_dup, { ptr, double } %s, { ptr, double } %ds)
  ret double %r
}
