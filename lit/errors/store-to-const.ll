; An active value stored into memory passed as enzyme_const and read back: the memory has no shadow to
; hold the tangent, so llad refuses instead of returning a zero derivative.
; RUN: not %llad %s -S -o /dev/null 2>&1 | FileCheck %s --check-prefixes=CHECK,CLI
; RUN: not opt -load-pass-plugin=%plugin -passes=llad %s -disable-output 2>&1 | FileCheck %s --check-prefixes=CHECK,PLUGIN

declare double @__enzyme_fwddiff(ptr, ...)

define double @f(double %x, ptr %tmp) {
  %m = fmul double %x, %x
  store double %m, ptr %tmp, align 8
  %v = load double, ptr %tmp, align 8
  ret double %v
}

define double @test(double %x, ptr %tmp) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @f, double %x, double 1.0, metadata !"enzyme_const", ptr %tmp)
  ret double %r
}

; CLI:         llad: error: in function 'f', instruction `store double %m, ptr %tmp, align 8`: cannot differentiate: an active value is written into memory that has no shadow (a constant argument, a global, or memory llad cannot track) and may be read back
; PLUGIN:      error: llad: in function 'f', instruction `store double %m, ptr %tmp, align 8`: cannot differentiate: an active value is written into memory that has no shadow (a constant argument, a global, or memory llad cannot track) and may be read back
; CHECK-NEXT:  {{^}}  hint: pass that memory with enzyme_dup (or enzyme_dupnoneed) so its derivative has somewhere to go
