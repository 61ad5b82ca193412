; enzyme_width must be followed by a constant integer.
; RUN: not %llad %s -S -o /dev/null 2>&1 | FileCheck %s --check-prefixes=CHECK,CLI
; RUN: not opt -load-pass-plugin=%plugin -passes=llad %s -disable-output 2>&1 | FileCheck %s --check-prefixes=CHECK,PLUGIN

declare double @__enzyme_fwddiff(ptr, ...)

define double @square(double %x) {
  %m = fmul double %x, %x
  ret double %m
}

define double @test(double %x, i32 %w) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @square, metadata !"enzyme_width", i32 %w, double %x, double 1.0)
  ret double %r
}

; CLI:         llad: error: in function 'test', instruction `%r = call double (ptr, ...) @__enzyme_fwddiff(ptr @square, metadata !"enzyme_width", i32 %w, double %x, double 1.000000e+00)`: invalid derivative request: enzyme_width must be followed by a constant integer
; PLUGIN:      error: llad: in function 'test', instruction `%r = call double (ptr, ...) @__enzyme_fwddiff(ptr @square, metadata !"enzyme_width", i32 %w, double %x, double 1.000000e+00)`: invalid derivative request: enzyme_width must be followed by a constant integer
; CHECK-NEXT:  {{^}}  hint: e.g. enzyme_width, 2
