; An external function (no body) called with an active argument, with no derivative rule.
; RUN: not %llad %s -S -o /dev/null 2>&1 | FileCheck %s --check-prefixes=CHECK,CLI
; RUN: not opt -load-pass-plugin=%plugin -passes=llad %s -disable-output 2>&1 | FileCheck %s --check-prefixes=CHECK,PLUGIN

declare double @__enzyme_fwddiff(ptr, ...)
declare double @ext(double)

define double @f(double %x) {
  %m = call double @ext(double %x)
  ret double %m
}

define double @test(double %x) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @f, double %x, double 1.0)
  ret double %r
}

; CLI:         llad: error: in function 'f', instruction `%m = call double @ext(double %x)`: cannot differentiate: call to external function 'ext' with active arguments, and llad has no derivative for it
; PLUGIN:      error: llad: in function 'f', instruction `%m = call double @ext(double %x)`: cannot differentiate: call to external function 'ext' with active arguments, and llad has no derivative for it
; CHECK-NEXT:  {{^}}  hint: provide its body in this module, give it a custom rule, or mark it inactive
