; An active value stored into a global defined in another module (llad cannot make a shadow for
; it) is an error, not a silently zero derivative of f(x) = x. Globals defined here get a shadow
; global (forward/global-shadow.ll).
; RUN: not %llad %s -S -o /dev/null 2>&1 | FileCheck %s --check-prefixes=CHECK,CLI
; RUN: not opt -load-pass-plugin=%plugin -passes=llad %s -disable-output 2>&1 | FileCheck %s --check-prefixes=CHECK,PLUGIN

@g = external global double

declare double @__enzyme_fwddiff(ptr, ...)

define double @f(double %x) {
  store double %x, ptr @g, align 8
  %v = load double, ptr @g, align 8
  ret double %v
}

define double @test(double %x) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @f, double %x, double 1.0)
  ret double %r
}

; CLI:         llad: error: in function 'f', instruction `store double %x, ptr @g, align 8`: cannot differentiate: an active value is written into memory that has no shadow (a constant argument, a global, or memory llad cannot track) and may be read back
; PLUGIN:      error: llad: in function 'f', instruction `store double %x, ptr @g, align 8`: cannot differentiate: an active value is written into memory that has no shadow (a constant argument, a global, or memory llad cannot track) and may be read back
; CHECK-NEXT:  {{^}}  hint: pass that memory with enzyme_dup (or enzyme_dupnoneed) so its derivative has somewhere to go
