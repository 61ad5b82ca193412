; Batched reverse mode (enzyme_width N > 1) is not supported yet (batched forward mode is).
; RUN: not %llad %s -S -o /dev/null 2>&1 | FileCheck %s
; RUN: not opt -load-pass-plugin=%plugin -passes=llad %s -disable-output 2>&1 | FileCheck %s

declare void @__enzyme_autodiff(ptr, ...)

define void @scale(ptr %p) {
  %v = load double, ptr %p
  %m = fmul double %v, %v
  store double %m, ptr %p
  ret void
}

define void @test(ptr %p, ptr %d0, ptr %d1) {
  call void (ptr, ...) @__enzyme_autodiff(ptr @scale, metadata !"enzyme_width", i64 2, ptr %p, ptr %d0, ptr %d1)
  ret void
}

; CHECK: llad: {{.*}}in function 'test', instruction `call void (ptr, ...) @__enzyme_autodiff(ptr @scale, metadata !"enzyme_width", i64 2, ptr %p, ptr %d0, ptr %d1)`: cannot differentiate: batched reverse mode (enzyme_width 2) is not supported yet
; CHECK-NEXT: {{^}}  hint: call the gradient once per output
