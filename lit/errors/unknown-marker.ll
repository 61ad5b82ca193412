; An enzyme_* marker llad does not know.
; RUN: not %llad %s -S -o /dev/null 2>&1 | FileCheck %s --check-prefixes=CHECK,CLI
; RUN: not opt -load-pass-plugin=%plugin -passes=llad %s -disable-output 2>&1 | FileCheck %s --check-prefixes=CHECK,PLUGIN

declare double @__enzyme_fwddiff(ptr, ...)

define double @square(double %x) {
  %m = fmul double %x, %x
  ret double %m
}

define double @test(double %x) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @square, metadata !"enzyme_foo", double %x, double 1.0)
  ret double %r
}

; CLI:         llad: error: in function 'test', instruction `%r = call double (ptr, ...) @__enzyme_fwddiff(ptr @square, metadata !"enzyme_foo", double %x, double 1.000000e+00)`: invalid derivative request: unknown marker 'enzyme_foo'
; PLUGIN:      error: llad: in function 'test', instruction `%r = call double (ptr, ...) @__enzyme_fwddiff(ptr @square, metadata !"enzyme_foo", double %x, double 1.000000e+00)`: invalid derivative request: unknown marker 'enzyme_foo'
; CHECK-NEXT:  {{^}}  hint: markers are enzyme_const, enzyme_dup, enzyme_dupnoneed, enzyme_out, ...
