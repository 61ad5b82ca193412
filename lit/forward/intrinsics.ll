; LLVM intrinsics: exp (the tangent reuses the primal result) and pow (two partials, each guarded by
; a strong-zero select so that a zero seed never produces nan from log(x) at x <= 0).
; RUN: %llad %s -S -o - | FileCheck %s
; RUN: opt -load-pass-plugin=%plugin -passes=llad %s -S -o - | FileCheck %s

declare double @__enzyme_fwddiff(ptr, ...)
declare double @llvm.exp.f64(double)
declare double @llvm.pow.f64(double, double)

define double @f_exp(double %x) {
  %e = call double @llvm.exp.f64(double %x)
  ret double %e
}

define double @f_pow(double %x, double %y) {
  %p = call double @llvm.pow.f64(double %x, double %y)
  ret double %p
}

define double @test(double %x, double %y) {
  %a = call double (ptr, ...) @__enzyme_fwddiff(ptr @f_exp, double %x, double 1.0)
  %b = call double (ptr, ...) @__enzyme_fwddiff(ptr @f_pow, double %x, double 1.0, double %y, double 0.0)
  %s = fadd double %a, %b
  ret double %s
}

; CHECK-LABEL: define double @test(
; CHECK:         call double @fwddiffe_f_exp(double %x, double 1.000000e+00)
; CHECK:         call double @fwddiffe_f_pow(double %x, double 1.000000e+00, double %y, double 0.000000e+00)

; d exp(x) = exp(x) * dx: no second call to exp.
; CHECK-LABEL: define internal double @fwddiffe_f_exp(double %x, double %dx)
; CHECK-NEXT:    %e = call double @llvm.exp.f64(double %x)
; CHECK-NEXT:    [[T:%.*]] = fmul double %e, %dx
; CHECK-NEXT:    ret double [[T]]

; d pow(x, y) = y * pow(x, y - 1) * dx + pow(x, y) * log(x) * dy
; CHECK-LABEL: define internal double @fwddiffe_f_pow(double %x, double %dx, double %y, double %dy)
; CHECK-NEXT:    %p = call double @llvm.pow.f64(double %x, double %y)
; CHECK-NEXT:    [[YM1:%.*]] = fsub double %y, 1.000000e+00
; CHECK-NEXT:    [[PW:%.*]] = call double @llvm.pow.f64(double %x, double [[YM1]])
; CHECK-NEXT:    [[DPDX:%.*]] = fmul double %y, [[PW]]
; CHECK-NEXT:    [[TX:%.*]] = fmul double [[DPDX]], %dx
; CHECK-NEXT:    [[ZX:%.*]] = fcmp oeq double %dx, 0.000000e+00
; CHECK-NEXT:    [[SX:%.*]] = select i1 [[ZX]], double 0.000000e+00, double [[TX]]
; CHECK-NEXT:    [[LOG:%.*]] = call double @llvm.log.f64(double %x)
; CHECK-NEXT:    [[DPDY:%.*]] = fmul double %p, [[LOG]]
; CHECK-NEXT:    [[TY:%.*]] = fmul double [[DPDY]], %dy
; CHECK-NEXT:    [[ZY:%.*]] = fcmp oeq double %dy, 0.000000e+00
; CHECK-NEXT:    [[SY:%.*]] = select i1 [[ZY]], double 0.000000e+00, double [[TY]]
; CHECK-NEXT:    [[D:%.*]] = fadd reassoc double [[SX]], [[SY]]
; CHECK-NEXT:    ret double [[D]]

; CHECK: declare double @llvm.log.f64(double)
