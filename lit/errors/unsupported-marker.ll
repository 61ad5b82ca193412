; A known Enzyme marker that llad does not support yet.
; RUN: not %llad %s -S -o /dev/null 2>&1 | FileCheck %s --check-prefixes=CHECK,CLI
; RUN: not opt -load-pass-plugin=%plugin -passes=llad %s -disable-output 2>&1 | FileCheck %s --check-prefixes=CHECK,PLUGIN

declare double @__enzyme_fwddiff(ptr, ...)

define double @square(double %x) {
  %m = fmul double %x, %x
  ret double %m
}

define double @test(double %x) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @square, metadata !"enzyme_interleave", double %x, double 1.0)
  ret double %r
}

; CLI:         llad: error: in function 'test', instruction `%r = call double (ptr, ...) @__enzyme_fwddiff(ptr @square, metadata !"enzyme_interleave", double %x, double 1.000000e+00)`: cannot differentiate: marker 'enzyme_interleave' is not supported by llad yet
; PLUGIN:      error: llad: in function 'test', instruction `%r = call double (ptr, ...) @__enzyme_fwddiff(ptr @square, metadata !"enzyme_interleave", double %x, double 1.000000e+00)`: cannot differentiate: marker 'enzyme_interleave' is not supported by llad yet
; CHECK-NEXT:  {{^}}  hint: remove it; see README 'What is not supported yet'
