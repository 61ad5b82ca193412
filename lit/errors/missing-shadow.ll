; A dup argument (an unmarked double) that is not followed by its tangent.
; RUN: not %llad %s -S -o /dev/null 2>&1 | FileCheck %s --check-prefixes=CHECK,CLI
; RUN: not opt -load-pass-plugin=%plugin -passes=llad %s -disable-output 2>&1 | FileCheck %s --check-prefixes=CHECK,PLUGIN

declare double @__enzyme_fwddiff(ptr, ...)

define double @square(double %x) {
  %m = fmul double %x, %x
  ret double %m
}

define double @test(double %x) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @square, double %x)
  ret double %r
}

; CLI:         llad: error: in function 'test', instruction `%r = call double (ptr, ...) @__enzyme_fwddiff(ptr @square, double %x)`: invalid derivative request: missing shadow for argument 1 of 'square'
; PLUGIN:      error: llad: in function 'test', instruction `%r = call double (ptr, ...) @__enzyme_fwddiff(ptr @square, double %x)`: invalid derivative request: missing shadow for argument 1 of 'square'
; CHECK-NEXT:  {{^}}  hint: enzyme_dup needs the primal followed by its shadow
