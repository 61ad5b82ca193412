; PENDING (Enzyme compatibility): C programs commonly declare one `double __enzyme_fwddiff(void*, ...)`
; and also use it for functions returning void, ignoring the result. Enzyme accepts this (the unused
; call result is replaced by undef); llad rejects it:
;   llad: error: in function 't', instruction `%unused = call double (ptr, ...) @__enzyme_fwddiff(...)`:
;   invalid derivative request: the request is declared to return double but the derivative returns void
; Expected: accepted when the request's result is unused (an error only if the result is used).
; RUN: %llad %s -S -o - | FileCheck %s
; RUN: opt -load-pass-plugin=%plugin -passes=llad %s -S -o - | FileCheck %s

declare double @__enzyme_fwddiff(ptr, ...)

define void @g(ptr %y, double %x) {
  %m = fmul double %x, %x
  store double %m, ptr %y, align 8
  ret void
}

define void @t(ptr %y, ptr %dy, double %x) {
  %unused = call double (ptr, ...) @__enzyme_fwddiff(ptr @g, ptr %y, ptr %dy, double %x, double 1.0)
  ret void
}

; CHECK-LABEL: define void @t(
; CHECK-NEXT:    call void @fwddiffe_g(ptr %y, ptr %dy, double %x, double 1.000000e+00)
; CHECK-NEXT:    ret void
