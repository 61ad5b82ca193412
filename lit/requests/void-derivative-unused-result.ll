; Regression test: C programs commonly declare one `double __enzyme_fwddiff(void*, ...)`
; (or `double __enzyme_autodiff(void*, ...)`) and also use it for functions returning void, ignoring
; the result. Enzyme accepts this (it replaces the call's uses with undef); llad rejects it:
;   llad: error: in function 't', instruction `%unused = call double (ptr, ...) @__enzyme_fwddiff(...)`:
;   invalid derivative request: the request is declared to return double but the derivative returns void
; Expected: accepted when the request's result is unused (an error only if the result is used).
; RUN: %llad %s -S -o - | FileCheck %s
; RUN: opt -load-pass-plugin=%plugin -passes=llad %s -S -o - | FileCheck %s

declare double @__enzyme_fwddiff(ptr, ...)
declare double @__enzyme_autodiff(ptr, ...)

define void @g(ptr %y, double %x) {
  %m = fmul double %x, %x
  store double %m, ptr %y, align 8
  ret void
}

define void @t(ptr %y, ptr %dy, double %x) {
  %unused = call double (ptr, ...) @__enzyme_fwddiff(ptr @g, ptr %y, ptr %dy, double %x, double 1.0)
  ret void
}

define void @h(ptr %y, ptr %x) {
  %v = load double, ptr %x, align 8
  %m = fmul double %v, %v
  store double %m, ptr %y, align 8
  ret void
}

define void @t_rev(ptr %y, ptr %dy, ptr %x, ptr %dx) {
  %unused = call double (ptr, ...) @__enzyme_autodiff(ptr @h, ptr %y, ptr %dy, ptr %x, ptr %dx)
  ret void
}

; CHECK-LABEL: define void @t(
; CHECK-NEXT:    call void @fwddiffe_g(ptr %y, ptr %dy, double %x, double 1.000000e+00)
; CHECK-NEXT:    ret void

; CHECK-LABEL: define void @t_rev(
; CHECK:         call void @augmented_h(
; CHECK:         call void @reverse_h(
