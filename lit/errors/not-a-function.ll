; The first argument of the request is a runtime pointer, not a function.
; RUN: not %llad %s -S -o /dev/null 2>&1 | FileCheck %s --check-prefixes=CHECK,CLI
; RUN: not opt -load-pass-plugin=%plugin -passes=llad %s -disable-output 2>&1 | FileCheck %s --check-prefixes=CHECK,PLUGIN

declare double @__enzyme_fwddiff(ptr, ...)

define double @test(ptr %fn, double %x) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr %fn, double %x, double 1.0)
  ret double %r
}

; CLI:         llad: error: in function 'test', instruction `%r = call double (ptr, ...) @__enzyme_fwddiff(ptr %fn, double %x, double 1.000000e+00)`: invalid derivative request: the first argument is not a function
; PLUGIN:      error: llad: in function 'test', instruction `%r = call double (ptr, ...) @__enzyme_fwddiff(ptr %fn, double %x, double 1.000000e+00)`: invalid derivative request: the first argument is not a function
; CHECK-NEXT:  {{^}}  hint: pass a function directly, e.g. __enzyme_fwddiff((void*)f, ...)
