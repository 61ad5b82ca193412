; enzyme_primal_return on a function that returns void.
; RUN: not %llad %s -S -o /dev/null 2>&1 | FileCheck %s --check-prefixes=CHECK,CLI
; RUN: not opt -load-pass-plugin=%plugin -passes=llad %s -disable-output 2>&1 | FileCheck %s --check-prefixes=CHECK,PLUGIN

declare void @__enzyme_fwddiff(ptr, ...)

define void @scale(ptr %p) {
  %v = load double, ptr %p, align 8
  %m = fmul double %v, 2.0
  store double %m, ptr %p, align 8
  ret void
}

define void @test(ptr %p, ptr %dp) {
  call void (ptr, ...) @__enzyme_fwddiff(ptr @scale, metadata !"enzyme_primal_return", ptr %p, ptr %dp)
  ret void
}

; CLI:         llad: error: in function 'test', instruction `call void (ptr, ...) @__enzyme_fwddiff(ptr @scale, metadata !"enzyme_primal_return", ptr %p, ptr %dp)`: invalid derivative request: enzyme_primal_return on a function that returns void
; PLUGIN:      error: llad: in function 'test', instruction `call void (ptr, ...) @__enzyme_fwddiff(ptr @scale, metadata !"enzyme_primal_return", ptr %p, ptr %dp)`: invalid derivative request: enzyme_primal_return on a function that returns void
; CHECK-NEXT:  {{^}}  hint: remove enzyme_primal_return
