; enzyme_runtime_activity decides activity per marked duplicated pointer: a pointer argument
; without a marker (duplicated by default) would not be checked, so it is refused.
; RUN: not %llad %s -S -o /dev/null 2>&1 | FileCheck %s

declare void @__enzyme_autodiff(ptr, ...)

define void @scale(ptr %x, ptr %y) {
  %v = load double, ptr %x
  %w = fmul double %v, 3.0
  store double %w, ptr %y
  ret void
}

define void @test(ptr %x, ptr %dx, ptr %y, ptr %dy) {
  call void (ptr, ...) @__enzyme_autodiff(ptr @scale, metadata !"enzyme_runtime_activity", metadata !"enzyme_dup", ptr %x, ptr %dx, ptr %y, ptr %dy)
  ret void
}

; CHECK: llad: error: in function 'test', instruction `{{.*}}`: cannot differentiate: enzyme_runtime_activity with pointer argument 5 passed without a marker (its shadow would not be checked)
; CHECK-NEXT: {{^}}  hint: mark every pointer argument enzyme_dup, enzyme_dupnoneed or enzyme_const
