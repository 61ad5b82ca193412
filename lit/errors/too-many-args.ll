; A request with more arguments than the function takes (here: a seed for the return).
; RUN: not %llad %s -S -o /dev/null 2>&1 | FileCheck %s --check-prefixes=CHECK,CLI
; RUN: not opt -load-pass-plugin=%plugin -passes=llad %s -disable-output 2>&1 | FileCheck %s --check-prefixes=CHECK,PLUGIN

declare double @__enzyme_fwddiff(ptr, ...)

define double @square(double %x) {
  %m = fmul double %x, %x
  ret double %m
}

define double @test(double %x) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @square, double %x, double 1.0, double 1.0)
  ret double %r
}

; CLI:         llad: error: in function 'test', instruction `%r = call double (ptr, ...) @__enzyme_fwddiff(ptr @square, double %x, double 1.000000e+00, double 1.000000e+00)`: invalid derivative request: too many arguments: 'square' takes 1 argument(s)
; PLUGIN:      error: llad: in function 'test', instruction `%r = call double (ptr, ...) @__enzyme_fwddiff(ptr @square, double %x, double 1.000000e+00, double 1.000000e+00)`: invalid derivative request: too many arguments: 'square' takes 1 argument(s)
; CHECK-NEXT:  {{^}}  hint: remove the extra arguments (__enzyme_fwddiff/__enzyme_autodiff take no seed for the return)
