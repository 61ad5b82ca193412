; Batched (vector) forward mode, enzyme_width N > 1, is not supported yet.
; RUN: not %llad %s -S -o /dev/null 2>&1 | FileCheck %s --check-prefixes=CHECK,CLI
; RUN: not opt -load-pass-plugin=%plugin -passes=llad %s -disable-output 2>&1 | FileCheck %s --check-prefixes=CHECK,PLUGIN

declare double @__enzyme_fwddiff(ptr, ...)

define double @square(double %x) {
  %m = fmul double %x, %x
  ret double %m
}

define double @test(double %x) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @square, metadata !"enzyme_width", i64 2, double %x, double 1.0, double 2.0)
  ret double %r
}

; CLI:         llad: error: in function 'test', instruction `%r = call double (ptr, ...) @__enzyme_fwddiff(ptr @square, metadata !"enzyme_width", i64 2, double %x, double 1.000000e+00, double 2.000000e+00)`: cannot differentiate: batched mode (enzyme_width 2) is not supported yet
; PLUGIN:      error: llad: in function 'test', instruction `%r = call double (ptr, ...) @__enzyme_fwddiff(ptr @square, metadata !"enzyme_width", i64 2, double %x, double 1.000000e+00, double 2.000000e+00)`: cannot differentiate: batched mode (enzyme_width 2) is not supported yet
; CHECK-NEXT:  {{^}}  hint: call the derivative once per direction
