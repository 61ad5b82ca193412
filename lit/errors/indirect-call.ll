; An indirect call (through a function pointer) with an active argument, where the module has no
; function of the called type whose address it takes: nothing to dispatch to.
; RUN: not %llad %s -S -o /dev/null 2>&1 | FileCheck %s --check-prefixes=CHECK,CLI
; RUN: not opt -load-pass-plugin=%plugin -passes=llad %s -disable-output 2>&1 | FileCheck %s --check-prefixes=CHECK,PLUGIN

declare double @__enzyme_fwddiff(ptr, ...)

define double @apply(ptr %fn, double %x) {
  %m = call double %fn(double %x)
  ret double %m
}

define double @test(ptr %fn, double %x) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @apply, metadata !"enzyme_const", ptr %fn, double %x, double 1.0)
  ret double %r
}

; CLI:         llad: error: in function 'apply', instruction `%m = call double %fn(double %x)`: cannot differentiate: indirect call (through a function pointer) with active arguments, and no function of its type has its address taken in this module
; PLUGIN:      error: llad: in function 'apply', instruction `%m = call double %fn(double %x)`: cannot differentiate: indirect call (through a function pointer) with active arguments, and no function of its type has its address taken in this module
; CHECK-NEXT:  {{^}}  hint: define the functions it may call in this module (llad differentiates each one whose address the module takes), or call the function directly
