; Reverse mode: an active float scalar is passed by value and its adjoint returned (enzyme_out, the
; default); enzyme_dup on a float scalar is a malformed request.
; RUN: not %llad %s -S -o /dev/null 2>&1 | FileCheck %s --check-prefixes=CHECK,CLI
; RUN: not opt -load-pass-plugin=%plugin -passes=llad %s -disable-output 2>&1 | FileCheck %s --check-prefixes=CHECK,PLUGIN

declare double @__enzyme_autodiff(ptr, ...)

define double @square(double %x) {
  %m = fmul double %x, %x
  ret double %m
}

define double @test(double %x) {
  %r = call double (ptr, ...) @__enzyme_autodiff(ptr @square, metadata !"enzyme_dup", double %x, double 1.0)
  ret double %r
}

; CLI:         llad: error: in function 'test', instruction `%r = call double (ptr, ...) @__enzyme_autodiff(ptr @square, metadata !"enzyme_dup", double %x, double 1.000000e+00)`: invalid derivative request: enzyme_dup on float scalar argument 1 in reverse mode
; PLUGIN:      error: llad: in function 'test', instruction `%r = call double (ptr, ...) @__enzyme_autodiff(ptr @square, metadata !"enzyme_dup", double %x, double 1.000000e+00)`: invalid derivative request: enzyme_dup on float scalar argument 1 in reverse mode
; CHECK-NEXT:  {{^}}  hint: use enzyme_out for active scalars
