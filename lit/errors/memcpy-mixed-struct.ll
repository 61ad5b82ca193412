; Reverse mode: a memcpy of a struct holding a pointer beside a double that carries a derivative.
; Shadow memory holds the shadow pointer beside the double's adjoint, so the copy would have to
; copy the one now and move the other back later, field by field: llad refuses it (before, the
; double's adjoint was dropped or the shadow pointer was treated as doubles). Forward mode copies
; the shadow bytes as they are and is fine.
; RUN: not %llad %s -S -o /dev/null 2>&1 | FileCheck %s
; RUN: sed -e 's/call void (ptr, ...) @__enzyme_autodiff(/call void (ptr, ...) @__enzyme_fwddiff(/' %s | %llad - -S -o /dev/null
; CHECK: in function 'copy_struct', instruction `call void @llvm.memcpy.p0.p0.i64(ptr %dst, ptr %src, i64 16, i1 false)`: cannot differentiate: a copy (memcpy/memmove) of memory that holds both pointers and floating-point values that carry derivatives
; CHECK-NEXT: hint: copy such a struct member by member

declare void @__enzyme_autodiff(ptr, ...)
declare void @__enzyme_fwddiff(ptr, ...)
declare void @llvm.memcpy.p0.p0.i64(ptr, ptr, i64, i1)

define internal void @copy_struct(ptr %src, ptr %dst) {
  %v = getelementptr inbounds { ptr, double }, ptr %src, i32 0, i32 1
  %x = load double, ptr %v
  %p = load ptr, ptr %src
  %y = fmul double %x, %x
  store double %y, ptr %v
  call void @llvm.memcpy.p0.p0.i64(ptr %dst, ptr %src, i64 16, i1 false)
  ret void
}

define void @caller(ptr %s, ptr %ds, ptr %d, ptr %dd) {
  call void (ptr, ...) @__enzyme_autodiff(ptr @copy_struct, ptr %s, ptr %ds, ptr %d, ptr %dd)
  ret void
}
