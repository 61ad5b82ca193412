; Vector code from LLVM -O2 leaves lanes undefined (a shuffle mask lane `poison`, a constant
; <3.0, poison>). The reverse sweep multiplies adjoints by primal values lane by lane, and
; 0 * poison is poison: the optimizer then spread it into the lanes that are used, and the gradient
; came out wrong at -O2 only. llad first gives those lanes defined values (a refinement).
; f = (x1 / 3 * hypot(x1, x0)) * (x0 * x1 / (|(x0 + 2) / 2| + 1)) at x1 = 0.709, x0 = -1.012:
; df/dx1 = -0.46074691896..., df/dx0 = 0.27847972260... (forward mode and finite differences agree).
; RUN: %llad %s -S -o %t.ll
; RUN: %clang -O2 -Wno-override-module %t.ll -o %t.exe -lm && %t.exe | FileCheck %s
; RUN: opt -load-pass-plugin=%plugin -passes=llad %s -S -o %t.p.ll
; RUN: %clang -O2 -Wno-override-module %t.p.ll -o %t.p.exe -lm && %t.p.exe | FileCheck %s
; RUN: FileCheck %s --check-prefix=IR < %t.ll

declare { double, double } @__enzyme_autodiff(ptr, ...)
declare i32 @printf(ptr, ...)
declare double @hypot(double, double)
declare double @llvm.fabs.f64(double)
@fmt = private constant [21 x i8] c"dx1 %.12g dx0 %.12g\0A\00"

define internal double @f(double %x1, double %x0) noinline {
  %t29 = fadd double %x0, 2.000000e+00
  %t30 = fmul double %t29, 5.000000e-01
  %t32 = call double @hypot(double %x1, double %x0)
  %t35 = call double @llvm.fabs.f64(double %t30)
  %t36 = fadd double %t35, 1.000000e+00
  %1 = insertelement <2 x double> poison, double %x1, i64 0
  %2 = shufflevector <2 x double> %1, <2 x double> poison, <2 x i32> zeroinitializer
  %3 = insertelement <2 x double> <double 3.000000e+00, double poison>, double %t36, i64 1
  %4 = fdiv <2 x double> %2, %3
  %5 = insertelement <2 x double> poison, double %t32, i64 0
  %6 = insertelement <2 x double> %5, double %x0, i64 1
  %7 = fmul <2 x double> %4, %6
  %shift = shufflevector <2 x double> %7, <2 x double> poison, <2 x i32> <i32 1, i32 poison>
  %8 = fmul <2 x double> %7, %shift
  %r = extractelement <2 x double> %8, i64 0
  ret double %r
}

define i32 @main() {
  %g = call { double, double } (ptr, ...) @__enzyme_autodiff(ptr @f, double 0.709, double -1.012)
  %d1 = extractvalue { double, double } %g, 0
  %d0 = extractvalue { double, double } %g, 1
  call i32 (ptr, ...) @printf(ptr @fmt, double %d1, double %d0)
  ret i32 0
}

; CHECK: dx1 -0.46074691896 dx0 0.278479722609
; IR-LABEL: define internal double @f(
; IR: shufflevector <2 x double> %7, <2 x double> zeroinitializer, <2 x i32> <i32 1, i32 0>
