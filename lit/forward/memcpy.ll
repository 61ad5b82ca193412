; memcpy of doubles copies the shadow too (same length), between local arrays and between dup
; arguments; memset of active memory zeroes the shadow.
; RUN: %llad %s -S -o - | FileCheck %s
; RUN: opt -load-pass-plugin=%plugin -passes=llad %s -S -o - | FileCheck %s

declare double @__enzyme_fwddiff(ptr, ...)
declare void @llvm.memcpy.p0.p0.i64(ptr, ptr, i64, i1)
declare void @llvm.memset.p0.i64(ptr, i8, i64, i1)

; b = a = {x, 3}; return b[0] * b[1]
define double @local(double %x) {
  %a = alloca [2 x double], align 8
  %b = alloca [2 x double], align 8
  store double %x, ptr %a, align 8
  %a1 = getelementptr inbounds double, ptr %a, i64 1
  store double 3.0, ptr %a1, align 8
  call void @llvm.memcpy.p0.p0.i64(ptr %b, ptr %a, i64 16, i1 false)
  %v = load double, ptr %b, align 8
  %b1 = getelementptr inbounds double, ptr %b, i64 1
  %w = load double, ptr %b1, align 8
  %m = fmul double %v, %w
  ret double %m
}

define double @args(ptr %dst, ptr %src) {
  call void @llvm.memset.p0.i64(ptr %dst, i8 0, i64 32, i1 false)
  call void @llvm.memcpy.p0.p0.i64(ptr %dst, ptr %src, i64 16, i1 false)
  %v = load double, ptr %dst, align 8
  ret double %v
}

define double @test(double %x, ptr %d, ptr %dd, ptr %s, ptr %ds) {
  %r1 = call double (ptr, ...) @__enzyme_fwddiff(ptr @local, double %x, double 1.0)
  %r2 = call double (ptr, ...) @__enzyme_fwddiff(ptr @args, ptr %d, ptr %dd, ptr %s, ptr %ds)
  %r = fadd double %r1, %r2
  ret double %r
}

; CHECK-LABEL: define internal double @fwddiffe_local(double %x, double %dx)
; CHECK-NEXT:    %a = alloca [2 x double], align 8
; CHECK-NEXT:    [[DA:%.*]] = alloca [2 x double], align 8
; CHECK-NEXT:    call void @llvm.memset.p0.i64(ptr [[DA]], i8 0, i64 16, i1 false)
; CHECK-NEXT:    %b = alloca [2 x double], align 8
; CHECK-NEXT:    [[DB:%.*]] = alloca [2 x double], align 8
; CHECK-NEXT:    call void @llvm.memset.p0.i64(ptr [[DB]], i8 0, i64 16, i1 false)
; CHECK-NEXT:    store double %x, ptr %a, align 8
; CHECK-NEXT:    store double %dx, ptr [[DA]], align 8
; CHECK-NEXT:    %a1 = getelementptr inbounds double, ptr %a, i64 1
; CHECK-NEXT:    [[DA1:%.*]] = getelementptr inbounds double, ptr [[DA]], i64 1
; CHECK-NEXT:    store double 3.000000e+00, ptr %a1, align 8
; CHECK-NEXT:    store double 0.000000e+00, ptr [[DA1]], align 8
; CHECK-NEXT:    call void @llvm.memcpy.p0.p0.i64(ptr %b, ptr %a, i64 16, i1 false)
; CHECK-NEXT:    call void @llvm.memcpy.p0.p0.i64(ptr [[DB]], ptr [[DA]], i64 16, i1 false)
; CHECK-NEXT:    %v = load double, ptr %b, align 8
; CHECK-NEXT:    [[DV:%.*]] = load double, ptr [[DB]], align 8
; CHECK:         %w = load double, ptr %b1, align 8
; CHECK-NEXT:    [[DW:%.*]] = load double, ptr {{%.*}}, align 8
; CHECK-NEXT:    %m = fmul double %v, %w
; CHECK-NEXT:    fmul double [[DV]], %w
; CHECK-NEXT:    fmul double %v, [[DW]]

; CHECK-LABEL: define internal double @fwddiffe_args(ptr %dst, ptr %ddst, ptr %src, ptr %dsrc)
; CHECK-NEXT:    call void @llvm.memset.p0.i64(ptr %dst, i8 0, i64 32, i1 false)
; CHECK-NEXT:    call void @llvm.memset.p0.i64(ptr %ddst, i8 0, i64 32, i1 false)
; CHECK-NEXT:    call void @llvm.memcpy.p0.p0.i64(ptr %dst, ptr %src, i64 16, i1 false)
; CHECK-NEXT:    call void @llvm.memcpy.p0.p0.i64(ptr %ddst, ptr %dsrc, i64 16, i1 false)
; CHECK-NEXT:    %v = load double, ptr %dst, align 8
; CHECK-NEXT:    [[DV:%.*]] = load double, ptr %ddst, align 8
; CHECK-NEXT:    ret double [[DV]]
