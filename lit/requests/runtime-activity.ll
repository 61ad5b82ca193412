; enzyme_runtime_activity: the request becomes one request per pattern of duplicated pointers
; whose shadow is the primal itself (runtime-inactive), chosen by a switch on that pattern.
; RUN: %llad %s -S -o - | FileCheck %s

declare void @__enzyme_autodiff(ptr, ...)

define void @scale(ptr %x, ptr %y) {
  %v = load double, ptr %x
  %w = fmul double %v, 3.0
  store double %w, ptr %y
  ret void
}

define void @test(ptr %x, ptr %dx, ptr %y, ptr %dy) {
  call void (ptr, ...) @__enzyme_autodiff(ptr @scale, metadata !"enzyme_runtime_activity", metadata !"enzyme_dup", ptr %x, ptr %dx, metadata !"enzyme_dup", ptr %y, ptr %dy)
  ret void
}

; CHECK-LABEL: define void @test(
; CHECK:         icmp eq i64
; CHECK:         icmp eq i64
; CHECK:         switch i64 %{{.*}}, label %{{.*}} [
; CHECK-NEXT:      i64 1, label
; CHECK-NEXT:      i64 2, label
; CHECK-NEXT:      i64 3, label
; CHECK-NEXT:    ]
; Both active, x inactive (no dx), y inactive (no dy), neither:
; CHECK-DAG:     call void @augmented_scale(ptr %x, ptr %dx, ptr %y, ptr %dy, ptr
; CHECK-DAG:     call void @augmented_scale.{{[0-9]+}}(ptr %x, ptr %y, ptr %dy, ptr
; CHECK-DAG:     call void @augmented_scale.{{[0-9]+}}(ptr %x, ptr %dx, ptr %y, ptr
; CHECK-DAG:     call void @augmented_scale.{{[0-9]+}}(ptr %x, ptr %y, ptr
; CHECK-NOT:     __enzyme_autodiff
