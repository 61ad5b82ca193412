; A select between a shadowed (dup) pointer and a pointer without shadow (enzyme_const).
; RUN: not %llad %s -S -o /dev/null 2>&1 | FileCheck %s --check-prefixes=CHECK,CLI
; RUN: not opt -load-pass-plugin=%plugin -passes=llad %s -disable-output 2>&1 | FileCheck %s --check-prefixes=CHECK,PLUGIN

declare double @__enzyme_fwddiff(ptr, ...)

define double @pick(i1 %c, ptr %a, ptr %b) {
  %p = select i1 %c, ptr %a, ptr %b
  %v = load double, ptr %p, align 8
  ret double %v
}

define double @test(i1 %c, ptr %a, ptr %da, ptr %b) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @pick, i1 %c, ptr %a, ptr %da, metadata !"enzyme_const", ptr %b)
  ret double %r
}

; CLI:         llad: error: in function 'pick', instruction `%p = select i1 %c, ptr %a, ptr %b`: cannot differentiate: pointer ptr %b has no shadow here but is mixed with shadowed pointers
; PLUGIN:      error: llad: in function 'pick', instruction `%p = select i1 %c, ptr %a, ptr %b`: cannot differentiate: pointer ptr %b has no shadow here but is mixed with shadowed pointers
; CHECK-NEXT:  {{^}}  hint: mark the memory it points to enzyme_dup, or keep constant and active pointers apart
