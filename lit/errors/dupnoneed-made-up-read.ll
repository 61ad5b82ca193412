; A made-up enzyme_dupnoneed primal ((double*)0x1): the derivative may drop the primal stores
; through it, but here the function reads back what it stored and the result needs that value, so
; llad refuses instead of dereferencing the made-up address.
; RUN: not %llad %s -S -o /dev/null 2>&1 | FileCheck %s --check-prefixes=CHECK,CLI
; RUN: not opt -load-pass-plugin=%plugin -passes=llad %s -disable-output 2>&1 | FileCheck %s --check-prefixes=CHECK,PLUGIN

declare double @__enzyme_fwddiff(ptr, ...)

define double @f(ptr %out, double %x) {
  %sq = fmul double %x, %x
  store double %sq, ptr %out, align 8
  %v = load double, ptr %out, align 8
  %r = fmul double %v, %x
  ret double %r
}

define double @test(double %x, ptr %dout) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @f, metadata !"enzyme_dupnoneed", ptr inttoptr (i64 1 to ptr), ptr %dout, double %x, double 1.0)
  ret double %r
}

; CLI:         llad: error: in function 'fwddiffe_f.view', instruction `%v = load double, ptr %0, align 8`: cannot differentiate: the derivative reads the primal memory behind a constant enzyme_dupnoneed pointer
; PLUGIN:      error: llad: in function 'fwddiffe_f.view', instruction `%v = load double, ptr %0, align 8`: cannot differentiate: the derivative reads the primal memory behind a constant enzyme_dupnoneed pointer
; CHECK-NEXT:  {{^}}  hint: pass a real buffer as the primal (enzyme_dup), or make the function not read what it accumulates into
