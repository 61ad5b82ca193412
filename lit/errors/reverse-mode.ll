; Reverse mode (__enzyme_autodiff) is not implemented yet.
; RUN: not %llad %s -S -o /dev/null 2>&1 | FileCheck %s --check-prefixes=CHECK,CLI
; RUN: not opt -load-pass-plugin=%plugin -passes=llad %s -disable-output 2>&1 | FileCheck %s --check-prefixes=CHECK,PLUGIN

declare double @__enzyme_autodiff(ptr, ...)

define double @square(double %x) {
  %m = fmul double %x, %x
  ret double %m
}

define double @test(double %x) {
  %r = call double (ptr, ...) @__enzyme_autodiff(ptr @square, double %x)
  ret double %r
}

; CLI:         llad: error: in function 'test', instruction `%r = call double (ptr, ...) @__enzyme_autodiff(ptr @square, double %x)`: cannot differentiate: reverse mode (__enzyme_autodiff, __enzyme_augmentfwd, __enzyme_reverse) is not implemented yet
; PLUGIN:      error: llad: in function 'test', instruction `%r = call double (ptr, ...) @__enzyme_autodiff(ptr @square, double %x)`: cannot differentiate: reverse mode (__enzyme_autodiff, __enzyme_augmentfwd, __enzyme_reverse) is not implemented yet
; CHECK-NEXT:  {{^}}  hint: use forward mode (__enzyme_fwddiff) for now
