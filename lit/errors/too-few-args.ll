; A request with fewer arguments than the function takes.
; RUN: not %llad %s -S -o /dev/null 2>&1 | FileCheck %s --check-prefixes=CHECK,CLI
; RUN: not opt -load-pass-plugin=%plugin -passes=llad %s -disable-output 2>&1 | FileCheck %s --check-prefixes=CHECK,PLUGIN

declare double @__enzyme_fwddiff(ptr, ...)

define double @mul(double %x, double %y) {
  %m = fmul double %x, %y
  ret double %m
}

define double @test(double %x) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @mul, double %x, double 1.0)
  ret double %r
}

; CLI:         llad: error: in function 'test', instruction `%r = call double (ptr, ...) @__enzyme_fwddiff(ptr @mul, double %x, double 1.000000e+00)`: invalid derivative request: too few arguments: 'mul' takes 2 argument(s), the request gives 1
; PLUGIN:      error: llad: in function 'test', instruction `%r = call double (ptr, ...) @__enzyme_fwddiff(ptr @mul, double %x, double 1.000000e+00)`: invalid derivative request: too few arguments: 'mul' takes 2 argument(s), the request gives 1
; CHECK-NEXT:  {{^}}  hint: pass every argument of the function
