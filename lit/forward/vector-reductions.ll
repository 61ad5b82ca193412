; Vector reductions the vectorizer emits under -ffast-math (fmul, fmax, fmin) are lowered to
; scalar chains before differentiation, so their derivatives follow from extractelement, fmul and
; maxnum/minnum (fadd reductions are linear and kept). Forward and reverse.
; RUN: %llad %s -S -o - | FileCheck %s
; RUN: opt -load-pass-plugin=%plugin -passes=llad %s -S -o - | FileCheck %s

declare double @__enzyme_fwddiff(ptr, ...)
declare double @__enzyme_autodiff(ptr, ...)
declare double @llvm.vector.reduce.fmul.v2f64(double, <2 x double>)
declare double @llvm.vector.reduce.fmax.v2f64(<2 x double>)

define double @prod_max(<2 x double> %v) {
  %p = call fast double @llvm.vector.reduce.fmul.v2f64(double 1.0, <2 x double> %v)
  %m = call fast double @llvm.vector.reduce.fmax.v2f64(<2 x double> %v)
  %s = fadd double %p, %m
  ret double %s
}

define double @test(<2 x double> %v, <2 x double> %dv) {
  %d = call double (ptr, ...) @__enzyme_fwddiff(ptr @prod_max, <2 x double> %v, <2 x double> %dv)
  ret double %d
}

define <2 x double> @grad(<2 x double> %v) {
  %g = call <2 x double> (ptr, ...) @__enzyme_autodiff(ptr @prod_max, <2 x double> %v)
  ret <2 x double> %g
}

; CHECK-LABEL: define double @prod_max(<2 x double> %v)
; CHECK-NOT:     llvm.vector.reduce
; CHECK:         extractelement <2 x double> %v, i32 0
; CHECK:         fmul double
; CHECK:         call double @llvm.maxnum.f64(
; CHECK-LABEL: define internal double @fwddiffe_prod_max(<2 x double> %v, <2 x double> %dv)
; CHECK:         extractelement <2 x double> %dv, i32 0
; CHECK:         extractelement <2 x double> %dv, i32 1
; CHECK-LABEL: define internal { <2 x double> } @reverse_prod_max(
; CHECK:         insertelement <2 x double>
