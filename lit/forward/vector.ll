; Vector arithmetic: <2 x double> arguments get <2 x double> shadows and the tangent is computed
; lane-wise with the same vector instructions; insert/extract/shuffle are mirrored on the tangents.
; RUN: %llad %s -S -o - | FileCheck %s
; RUN: opt -load-pass-plugin=%plugin -passes=llad %s -S -o - | FileCheck %s

declare <2 x double> @__enzyme_fwddiff_v(ptr, ...)
declare double @__enzyme_fwddiff(ptr, ...)

define <2 x double> @vadd(<2 x double> %a, <2 x double> %b) {
  %s = fadd <2 x double> %a, %b
  %m = fmul <2 x double> %s, %a
  ret <2 x double> %m
}

; x * y through vector lanes: {x, y} * {y, x}, lane 0.
define double @lanes(double %x, double %y) {
  %v0 = insertelement <2 x double> poison, double %x, i32 0
  %v1 = insertelement <2 x double> %v0, double %y, i32 1
  %sh = shufflevector <2 x double> %v1, <2 x double> poison, <2 x i32> <i32 1, i32 0>
  %p = fmul <2 x double> %v1, %sh
  %r = extractelement <2 x double> %p, i32 0
  ret double %r
}

define <2 x double> @test(<2 x double> %a, <2 x double> %b) {
  %r = call <2 x double> (ptr, ...) @__enzyme_fwddiff_v(ptr @vadd, <2 x double> %a, <2 x double> <double 1.0, double 0.0>, <2 x double> %b, <2 x double> zeroinitializer)
  ret <2 x double> %r
}

define double @test_lanes(double %x, double %y) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @lanes, double %x, double 1.0, double %y, double 0.0)
  ret double %r
}

; CHECK-LABEL: define <2 x double> @test(
; CHECK-NEXT:    call <2 x double> @fwddiffe_vadd(<2 x double> %a, <2 x double> <double 1.000000e+00, double 0.000000e+00>, <2 x double> %b, <2 x double> zeroinitializer)

; CHECK-LABEL: define internal <2 x double> @fwddiffe_vadd(<2 x double> %a, <2 x double> %da, <2 x double> %b, <2 x double> %db)
; CHECK-NEXT:    %s = fadd <2 x double> %a, %b
; CHECK-NEXT:    [[DS:%.*]] = fadd reassoc <2 x double> %da, %db
; CHECK-NEXT:    %m = fmul <2 x double> %s, %a
; CHECK-NEXT:    [[P1:%.*]] = fmul <2 x double> [[DS]], %a
; CHECK-NEXT:    [[P2:%.*]] = fmul <2 x double> %s, %da
; CHECK-NEXT:    [[DM:%.*]] = fadd reassoc <2 x double> [[P1]], [[P2]]
; CHECK-NEXT:    ret <2 x double> [[DM]]

; CHECK-LABEL: define internal double @fwddiffe_lanes(double %x, double %dx, double %y, double %dy)
; CHECK:         [[D0:%.*]] = insertelement <2 x double> {{.*}}, double %dx, i32 0
; CHECK:         [[D1:%.*]] = insertelement <2 x double> [[D0]], double %dy, i32 1
; CHECK:         [[DSH:%.*]] = shufflevector <2 x double> [[D1]], <2 x double> {{.*}}, <2 x i32> <i32 1, i32 0>
; CHECK:         %p = fmul <2 x double> %v1, %sh
; CHECK-NEXT:    [[P1:%.*]] = fmul <2 x double> [[D1]], %sh
; CHECK-NEXT:    [[P2:%.*]] = fmul <2 x double> %v1, [[DSH]]
; CHECK-NEXT:    [[DP:%.*]] = fadd reassoc <2 x double> [[P1]], [[P2]]
; CHECK:         [[DR:%.*]] = extractelement <2 x double> [[DP]], i32 0
; CHECK-NEXT:    ret double [[DR]]
