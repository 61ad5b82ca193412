; The shadow of an argument must have the argument's type.
; RUN: not %llad %s -S -o /dev/null 2>&1 | FileCheck %s --check-prefixes=CHECK,CLI
; RUN: not opt -load-pass-plugin=%plugin -passes=llad %s -disable-output 2>&1 | FileCheck %s --check-prefixes=CHECK,PLUGIN

declare double @__enzyme_fwddiff(ptr, ...)

define double @square(double %x) {
  %m = fmul double %x, %x
  ret double %m
}

define double @test(double %x) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @square, double %x, float 1.0)
  ret double %r
}

; CLI:         llad: error: in function 'test', instruction `%r = call double (ptr, ...) @__enzyme_fwddiff(ptr @square, double %x, float 1.000000e+00)`: invalid derivative request: shadow: argument 1 of 'square' has type double but the request passes float
; PLUGIN:      error: llad: in function 'test', instruction `%r = call double (ptr, ...) @__enzyme_fwddiff(ptr @square, double %x, float 1.000000e+00)`: invalid derivative request: shadow: argument 1 of 'square' has type double but the request passes float
; CHECK-NEXT:  {{^}}  hint: the shadow must have the argument's type
