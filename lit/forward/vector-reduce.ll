; llvm.vector.reduce.fadd is linear: its tangent is the same call on the tangents (start and vector).
; RUN: %llad %s -S -o - | FileCheck %s
; RUN: opt -load-pass-plugin=%plugin -passes=llad %s -S -o - | FileCheck %s

declare double @__enzyme_fwddiff(ptr, ...)
declare double @llvm.vector.reduce.fadd.v4f64(double, <4 x double>)

define double @sum(<4 x double> %v) {
  %r = call double @llvm.vector.reduce.fadd.v4f64(double 0.0, <4 x double> %v)
  ret double %r
}

; Active start value too.
define double @sum_from(double %s, <4 x double> %v) {
  %r = call reassoc double @llvm.vector.reduce.fadd.v4f64(double %s, <4 x double> %v)
  ret double %r
}

define double @test(<4 x double> %v, <4 x double> %dv, double %s) {
  %a = call double (ptr, ...) @__enzyme_fwddiff(ptr @sum, <4 x double> %v, <4 x double> %dv)
  %b = call double (ptr, ...) @__enzyme_fwddiff(ptr @sum_from, double %s, double 1.0, <4 x double> %v, <4 x double> %dv)
  %r = fadd double %a, %b
  ret double %r
}

; CHECK-LABEL: define internal double @fwddiffe_sum(<4 x double> %v, <4 x double> %dv)
; CHECK-NEXT:    %r = call double @llvm.vector.reduce.fadd.v4f64(double 0.000000e+00, <4 x double> %v)
; CHECK-NEXT:    [[D:%.*]] = call double @llvm.vector.reduce.fadd.v4f64(double 0.000000e+00, <4 x double> %dv)
; CHECK-NEXT:    ret double [[D]]

; CHECK-LABEL: define internal double @fwddiffe_sum_from(double %s, double %ds, <4 x double> %v, <4 x double> %dv)
; CHECK-NEXT:    %r = call reassoc double @llvm.vector.reduce.fadd.v4f64(double %s, <4 x double> %v)
; CHECK-NEXT:    [[D:%.*]] = call {{.*}}double @llvm.vector.reduce.fadd.v4f64(double %ds, <4 x double> %dv)
; CHECK-NEXT:    ret double [[D]]
