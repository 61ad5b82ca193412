; Enzyme request kinds other than __enzyme_fwddiff/__enzyme_autodiff are rejected by name.
; RUN: not %llad %s -S -o /dev/null 2>&1 | FileCheck %s --check-prefixes=CHECK,CLI
; RUN: not opt -load-pass-plugin=%plugin -passes=llad %s -disable-output 2>&1 | FileCheck %s --check-prefixes=CHECK,PLUGIN

declare double @__enzyme_fwdsplit(ptr, ...)

define double @square(double %x) {
  %m = fmul double %x, %x
  ret double %m
}

define double @test(double %x) {
  %r = call double (ptr, ...) @__enzyme_fwdsplit(ptr @square, double %x, double 1.0)
  ret double %r
}

; CLI:         llad: error: in function 'test', instruction `%r = call double (ptr, ...) @__enzyme_fwdsplit(ptr @square, double %x, double 1.000000e+00)`: cannot differentiate: '__enzyme_fwdsplit' requests are not supported by llad
; PLUGIN:      error: llad: in function 'test', instruction `%r = call double (ptr, ...) @__enzyme_fwdsplit(ptr @square, double %x, double 1.000000e+00)`: cannot differentiate: '__enzyme_fwdsplit' requests are not supported by llad
; CHECK-NEXT:  {{^}}  hint: use __enzyme_fwddiff, __enzyme_autodiff, or __enzyme_augmentfwd with __enzyme_reverse
