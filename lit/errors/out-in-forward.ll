; enzyme_out (reverse-mode active scalar) used in forward mode.
; RUN: not %llad %s -S -o /dev/null 2>&1 | FileCheck %s --check-prefixes=CHECK,CLI
; RUN: not opt -load-pass-plugin=%plugin -passes=llad %s -disable-output 2>&1 | FileCheck %s --check-prefixes=CHECK,PLUGIN

declare double @__enzyme_fwddiff(ptr, ...)

define double @square(double %x) {
  %m = fmul double %x, %x
  ret double %m
}

define double @test(double %x) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @square, metadata !"enzyme_out", double %x)
  ret double %r
}

; CLI:         llad: error: in function 'test', instruction `%r = call double (ptr, ...) @__enzyme_fwddiff(ptr @square, metadata !"enzyme_out", double %x)`: invalid derivative request: enzyme_out on argument 1 in forward mode
; PLUGIN:      error: llad: in function 'test', instruction `%r = call double (ptr, ...) @__enzyme_fwddiff(ptr @square, metadata !"enzyme_out", double %x)`: invalid derivative request: enzyme_out on argument 1 in forward mode
; CHECK-NEXT:  {{^}}  hint: in forward mode use enzyme_dup with a tangent seed
