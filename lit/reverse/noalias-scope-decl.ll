; A call with a metadata argument (llvm.experimental.noalias.scope.decl, which -O1 leaves behind
; when it inlines a function with restrict parameters) in reverse mode: llad asked every call
; argument whether the caller may overwrite its memory and panicked on the metadata one (Enzyme's
; ReverseMode/metarwr.c at -O1+). d/dx of 2*x[0] is 2.
; RUN: %llad %s -S -o %t.ll
; RUN: %clang -O0 -Wno-override-module %t.ll -o %t.exe && %t.exe | FileCheck %s
; CHECK: dx 2

declare void @__enzyme_autodiff(ptr, ...)
declare void @llvm.experimental.noalias.scope.decl(metadata)
declare i32 @printf(ptr, ...)
@fmt = private constant [7 x i8] c"dx %g\0A\00"

define internal void @twice(ptr noalias %x) noinline {
  call void @llvm.experimental.noalias.scope.decl(metadata !0)
  %v = load double, ptr %x, align 8, !alias.scope !0
  %d = fmul double %v, 2.0
  store double %d, ptr %x, align 8, !alias.scope !0
  ret void
}

define i32 @main() {
  %x = alloca double
  %dx = alloca double
  store double 3.0, ptr %x
  store double 1.0, ptr %dx
  call void (ptr, ...) @__enzyme_autodiff(ptr @twice, ptr %x, ptr %dx)
  %g = load double, ptr %dx
  call i32 (ptr, ...) @printf(ptr @fmt, double %g)
  ret i32 0
}

!0 = !{!1}
!1 = distinct !{!1, !2, !"twice: %x"}
!2 = distinct !{!2, !"twice"}
