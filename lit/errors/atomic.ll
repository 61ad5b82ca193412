; An atomic read-modify-write on active data whose old value is used has no derivative rule.
; RUN: not %llad %s -S -o /dev/null 2>&1 | FileCheck %s --check-prefixes=CHECK,CLI
; RUN: not opt -load-pass-plugin=%plugin -passes=llad %s -disable-output 2>&1 | FileCheck %s --check-prefixes=CHECK,PLUGIN

declare double @__enzyme_fwddiff(ptr, ...)

define double @acc(ptr %p, double %x) {
  %old = atomicrmw fadd ptr %p, double %x seq_cst, align 8
  ret double %old
}

define double @test(ptr %p, ptr %dp, double %x) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @acc, ptr %p, ptr %dp, double %x, double 1.0)
  ret double %r
}

; CLI:         llad: error: in function 'acc', instruction `%old = atomicrmw fadd ptr %p, double %x seq_cst, align 8`: cannot differentiate: an atomic update of active data other than an addition or subtraction whose old value is unused (as OpenMP's atomic capture, read or write, or an atomic min/max)
; PLUGIN:      error: llad: in function 'acc', instruction `%old = atomicrmw fadd ptr %p, double %x seq_cst, align 8`: cannot differentiate: an atomic update of active data other than an addition or subtraction whose old value is unused (as OpenMP's atomic capture, read or write, or an atomic min/max)
; CHECK-NEXT:  {{^}}  hint: llad differentiates `#pragma omp atomic` updates (x += v, x -= v) and reduction(+); use one, or a critical section
