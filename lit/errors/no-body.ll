; The function to differentiate is only declared.
; RUN: not %llad %s -S -o /dev/null 2>&1 | FileCheck %s --check-prefixes=CHECK,CLI
; RUN: not opt -load-pass-plugin=%plugin -passes=llad %s -disable-output 2>&1 | FileCheck %s --check-prefixes=CHECK,PLUGIN

declare double @__enzyme_fwddiff(ptr, ...)
declare double @ext(double)

define double @test(double %x) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @ext, double %x, double 1.0)
  ret double %r
}

; CLI:         llad: error: in function 'test', instruction `%r = call double (ptr, ...) @__enzyme_fwddiff(ptr @ext, double %x, double 1.000000e+00)`: invalid derivative request: function 'ext' has no body to differentiate
; PLUGIN:      error: llad: in function 'test', instruction `%r = call double (ptr, ...) @__enzyme_fwddiff(ptr @ext, double %x, double 1.000000e+00)`: invalid derivative request: function 'ext' has no body to differentiate
; CHECK-NEXT:  {{^}}  hint: define it in this module, or give it a custom rule
