; A request passing a float where the function takes a double (an untyped C prototype).
; RUN: not %llad %s -S -o /dev/null 2>&1 | FileCheck %s --check-prefixes=CHECK,CLI
; RUN: not opt -load-pass-plugin=%plugin -passes=llad %s -disable-output 2>&1 | FileCheck %s --check-prefixes=CHECK,PLUGIN

declare double @__enzyme_fwddiff(ptr, ...)

define double @square(double %x) {
  %m = fmul double %x, %x
  ret double %m
}

define double @test(float %x) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @square, float %x, float 1.0)
  ret double %r
}

; CLI:         llad: error: in function 'test', instruction `%r = call double (ptr, ...) @__enzyme_fwddiff(ptr @square, float %x, float 1.000000e+00)`: invalid derivative request: argument 1 of 'square' has type double but the request passes float
; PLUGIN:      error: llad: in function 'test', instruction `%r = call double (ptr, ...) @__enzyme_fwddiff(ptr @square, float %x, float 1.000000e+00)`: invalid derivative request: argument 1 of 'square' has type double but the request passes float
; CHECK-NEXT:  {{^}}  hint: declare a typed prototype for the request, e.g. double __enzyme_fwddiff_f(void*, float, float)
