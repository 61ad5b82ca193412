; Float bytes moved through integers, integer vectors and aggregates keep their derivatives in both
; modes, and a store of any non-pointer type clears the adjoint of the bytes it overwrites (reverse).
; Each @copy_T copies x's bytes out as T, clobbers them, and writes them back: d/dx = 1 (7 for the
; 16-byte cases, f = v0 + 3 v1 with v1 = 2x). Each @clear_T overwrites x's bytes with a T zero:
; d/dx = 0. Executed, forward and reverse side by side, through the CLI and opt. (At -O2, LLVM splits the
; i128 copy into shifts and truncations: lit/errors/float-bytes-as-integer.ll.)
; RUN: %llad %s -S -o %t.ll
; RUN: %clang -O0 %t.ll -o %t.exe && %t.exe | FileCheck %s
; RUN: opt -load-pass-plugin=%plugin -passes=llad %s -S -o %t.p.ll
; RUN: %clang -O0 %t.p.ll -o %t.p.exe && %t.p.exe | FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

declare double @__enzyme_fwddiff(ptr, ...)
declare double @__enzyme_autodiff(ptr, ...)
declare float @__enzyme_fwddiff_f(ptr, ...)
declare float @__enzyme_autodiff_f(ptr, ...)
declare i32 @printf(ptr, ...)
@enzyme_dup = external global i32
@fmt = private constant [25 x i8] c"%s: fwd %.17g rev %.17g\0A\00"
define internal double @copy_i64(ptr %p, double %x) noinline {
  store double %x, ptr %p
  %bits = load i64, ptr %p
  store <4 x double> zeroinitializer, ptr %p
  store i64 %bits, ptr %p
  %v = load double, ptr %p
  ret double %v
}
@name.copy_i64 = private constant [9 x i8] c"copy_i64\00"
define internal double @copy_v2xi32(ptr %p, double %x) noinline {
  store double %x, ptr %p
  %bits = load <2 x i32>, ptr %p
  store <4 x double> zeroinitializer, ptr %p
  store <2 x i32> %bits, ptr %p
  %v = load double, ptr %p
  ret double %v
}
@name.copy_v2xi32 = private constant [12 x i8] c"copy_v2xi32\00"
define internal double @copy_v4xi16(ptr %p, double %x) noinline {
  store double %x, ptr %p
  %bits = load <4 x i16>, ptr %p
  store <4 x double> zeroinitializer, ptr %p
  store <4 x i16> %bits, ptr %p
  %v = load double, ptr %p
  ret double %v
}
@name.copy_v4xi16 = private constant [12 x i8] c"copy_v4xi16\00"
define internal double @copy_v8xi8(ptr %p, double %x) noinline {
  store double %x, ptr %p
  %bits = load <8 x i8>, ptr %p
  store <4 x double> zeroinitializer, ptr %p
  store <8 x i8> %bits, ptr %p
  %v = load double, ptr %p
  ret double %v
}
@name.copy_v8xi8 = private constant [11 x i8] c"copy_v8xi8\00"
define internal double @copy_v1xi64(ptr %p, double %x) noinline {
  store double %x, ptr %p
  %bits = load <1 x i64>, ptr %p
  store <4 x double> zeroinitializer, ptr %p
  store <1 x i64> %bits, ptr %p
  %v = load double, ptr %p
  ret double %v
}
@name.copy_v1xi64 = private constant [12 x i8] c"copy_v1xi64\00"
define internal double @copy_i128(ptr %p, double %x) noinline {
  store double %x, ptr %p
  %x2 = fmul double %x, 2.0
  %p1 = getelementptr inbounds i8, ptr %p, i64 8
  store double %x2, ptr %p1
  %bits = load i128, ptr %p
  store <4 x double> zeroinitializer, ptr %p
  store i128 %bits, ptr %p
  %v0 = load double, ptr %p
  %q1 = getelementptr inbounds i8, ptr %p, i64 8
  %v1 = load double, ptr %q1
  %t1 = fmul double %v1, 3.0
  %v = fadd double %v0, %t1
  ret double %v
}
@name.copy_i128 = private constant [10 x i8] c"copy_i128\00"
define internal double @copy_v2xi64(ptr %p, double %x) noinline {
  store double %x, ptr %p
  %x2 = fmul double %x, 2.0
  %p1 = getelementptr inbounds i8, ptr %p, i64 8
  store double %x2, ptr %p1
  %bits = load <2 x i64>, ptr %p
  store <4 x double> zeroinitializer, ptr %p
  store <2 x i64> %bits, ptr %p
  %v0 = load double, ptr %p
  %q1 = getelementptr inbounds i8, ptr %p, i64 8
  %v1 = load double, ptr %q1
  %t1 = fmul double %v1, 3.0
  %v = fadd double %v0, %t1
  ret double %v
}
@name.copy_v2xi64 = private constant [12 x i8] c"copy_v2xi64\00"
define internal double @copy_v4xi32(ptr %p, double %x) noinline {
  store double %x, ptr %p
  %x2 = fmul double %x, 2.0
  %p1 = getelementptr inbounds i8, ptr %p, i64 8
  store double %x2, ptr %p1
  %bits = load <4 x i32>, ptr %p
  store <4 x double> zeroinitializer, ptr %p
  store <4 x i32> %bits, ptr %p
  %v0 = load double, ptr %p
  %q1 = getelementptr inbounds i8, ptr %p, i64 8
  %v1 = load double, ptr %q1
  %t1 = fmul double %v1, 3.0
  %v = fadd double %v0, %t1
  ret double %v
}
@name.copy_v4xi32 = private constant [12 x i8] c"copy_v4xi32\00"
define internal double @copy_v16xi8(ptr %p, double %x) noinline {
  store double %x, ptr %p
  %x2 = fmul double %x, 2.0
  %p1 = getelementptr inbounds i8, ptr %p, i64 8
  store double %x2, ptr %p1
  %bits = load <16 x i8>, ptr %p
  store <4 x double> zeroinitializer, ptr %p
  store <16 x i8> %bits, ptr %p
  %v0 = load double, ptr %p
  %q1 = getelementptr inbounds i8, ptr %p, i64 8
  %v1 = load double, ptr %q1
  %t1 = fmul double %v1, 3.0
  %v = fadd double %v0, %t1
  ret double %v
}
@name.copy_v16xi8 = private constant [12 x i8] c"copy_v16xi8\00"
define internal double @copy_a2xi64(ptr %p, double %x) noinline {
  store double %x, ptr %p
  %x2 = fmul double %x, 2.0
  %p1 = getelementptr inbounds i8, ptr %p, i64 8
  store double %x2, ptr %p1
  %bits = load [2 x i64], ptr %p
  store <4 x double> zeroinitializer, ptr %p
  store [2 x i64] %bits, ptr %p
  %v0 = load double, ptr %p
  %q1 = getelementptr inbounds i8, ptr %p, i64 8
  %v1 = load double, ptr %q1
  %t1 = fmul double %v1, 3.0
  %v = fadd double %v0, %t1
  ret double %v
}
@name.copy_a2xi64 = private constant [12 x i8] c"copy_a2xi64\00"
define internal double @copy_s_i64_i64(ptr %p, double %x) noinline {
  store double %x, ptr %p
  %x2 = fmul double %x, 2.0
  %p1 = getelementptr inbounds i8, ptr %p, i64 8
  store double %x2, ptr %p1
  %bits = load { i64, i64 }, ptr %p
  store <4 x double> zeroinitializer, ptr %p
  store { i64, i64 } %bits, ptr %p
  %v0 = load double, ptr %p
  %q1 = getelementptr inbounds i8, ptr %p, i64 8
  %v1 = load double, ptr %q1
  %t1 = fmul double %v1, 3.0
  %v = fadd double %v0, %t1
  ret double %v
}
@name.copy_s_i64_i64 = private constant [15 x i8] c"copy_s_i64_i64\00"
define internal double @copy_s_double_i64(ptr %p, double %x) noinline {
  store double %x, ptr %p
  %x2 = fmul double %x, 2.0
  %p1 = getelementptr inbounds i8, ptr %p, i64 8
  store double %x2, ptr %p1
  %bits = load { double, i64 }, ptr %p
  store <4 x double> zeroinitializer, ptr %p
  store { double, i64 } %bits, ptr %p
  %v0 = load double, ptr %p
  %q1 = getelementptr inbounds i8, ptr %p, i64 8
  %v1 = load double, ptr %q1
  %t1 = fmul double %v1, 3.0
  %v = fadd double %v0, %t1
  ret double %v
}
@name.copy_s_double_i64 = private constant [18 x i8] c"copy_s_double_i64\00"
define internal float @copy_i32(ptr %p, float %x) noinline {
  store float %x, ptr %p
  %bits = load i32, ptr %p
  store <4 x double> zeroinitializer, ptr %p
  store i32 %bits, ptr %p
  %v = load float, ptr %p
  ret float %v
}
@name.copy_i32 = private constant [9 x i8] c"copy_i32\00"
define internal float @copy_v2xi16(ptr %p, float %x) noinline {
  store float %x, ptr %p
  %bits = load <2 x i16>, ptr %p
  store <4 x double> zeroinitializer, ptr %p
  store <2 x i16> %bits, ptr %p
  %v = load float, ptr %p
  ret float %v
}
@name.copy_v2xi16 = private constant [12 x i8] c"copy_v2xi16\00"
define internal float @copy_v4xi8(ptr %p, float %x) noinline {
  store float %x, ptr %p
  %bits = load <4 x i8>, ptr %p
  store <4 x double> zeroinitializer, ptr %p
  store <4 x i8> %bits, ptr %p
  %v = load float, ptr %p
  ret float %v
}
@name.copy_v4xi8 = private constant [11 x i8] c"copy_v4xi8\00"
define internal double @clear_i64(ptr %p, double %x) noinline {
  store double %x, ptr %p
  store i64 zeroinitializer, ptr %p
  %v = load double, ptr %p
  ret double %v
}
@name.clear_i64 = private constant [10 x i8] c"clear_i64\00"
define internal double @clear_v2xi32(ptr %p, double %x) noinline {
  store double %x, ptr %p
  store <2 x i32> zeroinitializer, ptr %p
  %v = load double, ptr %p
  ret double %v
}
@name.clear_v2xi32 = private constant [13 x i8] c"clear_v2xi32\00"
define internal double @clear_v4xi16(ptr %p, double %x) noinline {
  store double %x, ptr %p
  store <4 x i16> zeroinitializer, ptr %p
  %v = load double, ptr %p
  ret double %v
}
@name.clear_v4xi16 = private constant [13 x i8] c"clear_v4xi16\00"
define internal double @clear_v8xi8(ptr %p, double %x) noinline {
  store double %x, ptr %p
  store <8 x i8> zeroinitializer, ptr %p
  %v = load double, ptr %p
  ret double %v
}
@name.clear_v8xi8 = private constant [12 x i8] c"clear_v8xi8\00"
define internal double @clear_v1xi64(ptr %p, double %x) noinline {
  store double %x, ptr %p
  store <1 x i64> zeroinitializer, ptr %p
  %v = load double, ptr %p
  ret double %v
}
@name.clear_v1xi64 = private constant [13 x i8] c"clear_v1xi64\00"
define internal double @clear_i128(ptr %p, double %x) noinline {
  store double %x, ptr %p
  %x2 = fmul double %x, 2.0
  %p1 = getelementptr inbounds i8, ptr %p, i64 8
  store double %x2, ptr %p1
  store i128 zeroinitializer, ptr %p
  %v0 = load double, ptr %p
  %q1 = getelementptr inbounds i8, ptr %p, i64 8
  %v1 = load double, ptr %q1
  %t1 = fmul double %v1, 3.0
  %v = fadd double %v0, %t1
  ret double %v
}
@name.clear_i128 = private constant [11 x i8] c"clear_i128\00"
define internal double @clear_v2xi64(ptr %p, double %x) noinline {
  store double %x, ptr %p
  %x2 = fmul double %x, 2.0
  %p1 = getelementptr inbounds i8, ptr %p, i64 8
  store double %x2, ptr %p1
  store <2 x i64> zeroinitializer, ptr %p
  %v0 = load double, ptr %p
  %q1 = getelementptr inbounds i8, ptr %p, i64 8
  %v1 = load double, ptr %q1
  %t1 = fmul double %v1, 3.0
  %v = fadd double %v0, %t1
  ret double %v
}
@name.clear_v2xi64 = private constant [13 x i8] c"clear_v2xi64\00"
define internal double @clear_v4xi32(ptr %p, double %x) noinline {
  store double %x, ptr %p
  %x2 = fmul double %x, 2.0
  %p1 = getelementptr inbounds i8, ptr %p, i64 8
  store double %x2, ptr %p1
  store <4 x i32> zeroinitializer, ptr %p
  %v0 = load double, ptr %p
  %q1 = getelementptr inbounds i8, ptr %p, i64 8
  %v1 = load double, ptr %q1
  %t1 = fmul double %v1, 3.0
  %v = fadd double %v0, %t1
  ret double %v
}
@name.clear_v4xi32 = private constant [13 x i8] c"clear_v4xi32\00"
define internal double @clear_v16xi8(ptr %p, double %x) noinline {
  store double %x, ptr %p
  %x2 = fmul double %x, 2.0
  %p1 = getelementptr inbounds i8, ptr %p, i64 8
  store double %x2, ptr %p1
  store <16 x i8> zeroinitializer, ptr %p
  %v0 = load double, ptr %p
  %q1 = getelementptr inbounds i8, ptr %p, i64 8
  %v1 = load double, ptr %q1
  %t1 = fmul double %v1, 3.0
  %v = fadd double %v0, %t1
  ret double %v
}
@name.clear_v16xi8 = private constant [13 x i8] c"clear_v16xi8\00"
define internal double @clear_a2xi64(ptr %p, double %x) noinline {
  store double %x, ptr %p
  %x2 = fmul double %x, 2.0
  %p1 = getelementptr inbounds i8, ptr %p, i64 8
  store double %x2, ptr %p1
  store [2 x i64] zeroinitializer, ptr %p
  %v0 = load double, ptr %p
  %q1 = getelementptr inbounds i8, ptr %p, i64 8
  %v1 = load double, ptr %q1
  %t1 = fmul double %v1, 3.0
  %v = fadd double %v0, %t1
  ret double %v
}
@name.clear_a2xi64 = private constant [13 x i8] c"clear_a2xi64\00"
define internal double @clear_s_i64_i64(ptr %p, double %x) noinline {
  store double %x, ptr %p
  %x2 = fmul double %x, 2.0
  %p1 = getelementptr inbounds i8, ptr %p, i64 8
  store double %x2, ptr %p1
  store { i64, i64 } zeroinitializer, ptr %p
  %v0 = load double, ptr %p
  %q1 = getelementptr inbounds i8, ptr %p, i64 8
  %v1 = load double, ptr %q1
  %t1 = fmul double %v1, 3.0
  %v = fadd double %v0, %t1
  ret double %v
}
@name.clear_s_i64_i64 = private constant [16 x i8] c"clear_s_i64_i64\00"
define internal double @clear_s_double_i64(ptr %p, double %x) noinline {
  store double %x, ptr %p
  %x2 = fmul double %x, 2.0
  %p1 = getelementptr inbounds i8, ptr %p, i64 8
  store double %x2, ptr %p1
  store { double, i64 } zeroinitializer, ptr %p
  %v0 = load double, ptr %p
  %q1 = getelementptr inbounds i8, ptr %p, i64 8
  %v1 = load double, ptr %q1
  %t1 = fmul double %v1, 3.0
  %v = fadd double %v0, %t1
  ret double %v
}
@name.clear_s_double_i64 = private constant [19 x i8] c"clear_s_double_i64\00"
define internal float @clear_i32(ptr %p, float %x) noinline {
  store float %x, ptr %p
  store i32 zeroinitializer, ptr %p
  %v = load float, ptr %p
  ret float %v
}
@name.clear_i32 = private constant [10 x i8] c"clear_i32\00"
define internal float @clear_v2xi16(ptr %p, float %x) noinline {
  store float %x, ptr %p
  store <2 x i16> zeroinitializer, ptr %p
  %v = load float, ptr %p
  ret float %v
}
@name.clear_v2xi16 = private constant [13 x i8] c"clear_v2xi16\00"
define internal float @clear_v4xi8(ptr %p, float %x) noinline {
  store float %x, ptr %p
  store <4 x i8> zeroinitializer, ptr %p
  %v = load float, ptr %p
  ret float %v
}
@name.clear_v4xi8 = private constant [12 x i8] c"clear_v4xi8\00"
declare void @llvm.memset.p0.i64(ptr, i8, i64, i1)
define i32 @main() {
  %buf = alloca [4 x double], align 16
  %dbuf = alloca [4 x double], align 16
  call void @llvm.memset.p0.i64(ptr %buf, i8 0, i64 32, i1 false)
  call void @llvm.memset.p0.i64(ptr %dbuf, i8 0, i64 32, i1 false)
  %fw.copy_i64 = call double (ptr, ...) @__enzyme_fwddiff(ptr @copy_i64, ptr @enzyme_dup, ptr %buf, ptr %dbuf, double 0x3FF8000000000000, double 1.0)
  call void @llvm.memset.p0.i64(ptr %dbuf, i8 0, i64 32, i1 false)
  %rv.copy_i64 = call double (ptr, ...) @__enzyme_autodiff(ptr @copy_i64, ptr @enzyme_dup, ptr %buf, ptr %dbuf, double 0x3FF8000000000000)
  %fwd.copy_i64 = fadd double %fw.copy_i64, 0.0
  %rvd.copy_i64 = fadd double %rv.copy_i64, 0.0
  call i32 (ptr, ...) @printf(ptr @fmt, ptr @name.copy_i64, double %fwd.copy_i64, double %rvd.copy_i64)
  call void @llvm.memset.p0.i64(ptr %buf, i8 0, i64 32, i1 false)
  call void @llvm.memset.p0.i64(ptr %dbuf, i8 0, i64 32, i1 false)
  %fw.copy_v2xi32 = call double (ptr, ...) @__enzyme_fwddiff(ptr @copy_v2xi32, ptr @enzyme_dup, ptr %buf, ptr %dbuf, double 0x3FF8000000000000, double 1.0)
  call void @llvm.memset.p0.i64(ptr %dbuf, i8 0, i64 32, i1 false)
  %rv.copy_v2xi32 = call double (ptr, ...) @__enzyme_autodiff(ptr @copy_v2xi32, ptr @enzyme_dup, ptr %buf, ptr %dbuf, double 0x3FF8000000000000)
  %fwd.copy_v2xi32 = fadd double %fw.copy_v2xi32, 0.0
  %rvd.copy_v2xi32 = fadd double %rv.copy_v2xi32, 0.0
  call i32 (ptr, ...) @printf(ptr @fmt, ptr @name.copy_v2xi32, double %fwd.copy_v2xi32, double %rvd.copy_v2xi32)
  call void @llvm.memset.p0.i64(ptr %buf, i8 0, i64 32, i1 false)
  call void @llvm.memset.p0.i64(ptr %dbuf, i8 0, i64 32, i1 false)
  %fw.copy_v4xi16 = call double (ptr, ...) @__enzyme_fwddiff(ptr @copy_v4xi16, ptr @enzyme_dup, ptr %buf, ptr %dbuf, double 0x3FF8000000000000, double 1.0)
  call void @llvm.memset.p0.i64(ptr %dbuf, i8 0, i64 32, i1 false)
  %rv.copy_v4xi16 = call double (ptr, ...) @__enzyme_autodiff(ptr @copy_v4xi16, ptr @enzyme_dup, ptr %buf, ptr %dbuf, double 0x3FF8000000000000)
  %fwd.copy_v4xi16 = fadd double %fw.copy_v4xi16, 0.0
  %rvd.copy_v4xi16 = fadd double %rv.copy_v4xi16, 0.0
  call i32 (ptr, ...) @printf(ptr @fmt, ptr @name.copy_v4xi16, double %fwd.copy_v4xi16, double %rvd.copy_v4xi16)
  call void @llvm.memset.p0.i64(ptr %buf, i8 0, i64 32, i1 false)
  call void @llvm.memset.p0.i64(ptr %dbuf, i8 0, i64 32, i1 false)
  %fw.copy_v8xi8 = call double (ptr, ...) @__enzyme_fwddiff(ptr @copy_v8xi8, ptr @enzyme_dup, ptr %buf, ptr %dbuf, double 0x3FF8000000000000, double 1.0)
  call void @llvm.memset.p0.i64(ptr %dbuf, i8 0, i64 32, i1 false)
  %rv.copy_v8xi8 = call double (ptr, ...) @__enzyme_autodiff(ptr @copy_v8xi8, ptr @enzyme_dup, ptr %buf, ptr %dbuf, double 0x3FF8000000000000)
  %fwd.copy_v8xi8 = fadd double %fw.copy_v8xi8, 0.0
  %rvd.copy_v8xi8 = fadd double %rv.copy_v8xi8, 0.0
  call i32 (ptr, ...) @printf(ptr @fmt, ptr @name.copy_v8xi8, double %fwd.copy_v8xi8, double %rvd.copy_v8xi8)
  call void @llvm.memset.p0.i64(ptr %buf, i8 0, i64 32, i1 false)
  call void @llvm.memset.p0.i64(ptr %dbuf, i8 0, i64 32, i1 false)
  %fw.copy_v1xi64 = call double (ptr, ...) @__enzyme_fwddiff(ptr @copy_v1xi64, ptr @enzyme_dup, ptr %buf, ptr %dbuf, double 0x3FF8000000000000, double 1.0)
  call void @llvm.memset.p0.i64(ptr %dbuf, i8 0, i64 32, i1 false)
  %rv.copy_v1xi64 = call double (ptr, ...) @__enzyme_autodiff(ptr @copy_v1xi64, ptr @enzyme_dup, ptr %buf, ptr %dbuf, double 0x3FF8000000000000)
  %fwd.copy_v1xi64 = fadd double %fw.copy_v1xi64, 0.0
  %rvd.copy_v1xi64 = fadd double %rv.copy_v1xi64, 0.0
  call i32 (ptr, ...) @printf(ptr @fmt, ptr @name.copy_v1xi64, double %fwd.copy_v1xi64, double %rvd.copy_v1xi64)
  call void @llvm.memset.p0.i64(ptr %buf, i8 0, i64 32, i1 false)
  call void @llvm.memset.p0.i64(ptr %dbuf, i8 0, i64 32, i1 false)
  %fw.copy_i128 = call double (ptr, ...) @__enzyme_fwddiff(ptr @copy_i128, ptr @enzyme_dup, ptr %buf, ptr %dbuf, double 0x3FF8000000000000, double 1.0)
  call void @llvm.memset.p0.i64(ptr %dbuf, i8 0, i64 32, i1 false)
  %rv.copy_i128 = call double (ptr, ...) @__enzyme_autodiff(ptr @copy_i128, ptr @enzyme_dup, ptr %buf, ptr %dbuf, double 0x3FF8000000000000)
  %fwd.copy_i128 = fadd double %fw.copy_i128, 0.0
  %rvd.copy_i128 = fadd double %rv.copy_i128, 0.0
  call i32 (ptr, ...) @printf(ptr @fmt, ptr @name.copy_i128, double %fwd.copy_i128, double %rvd.copy_i128)
  call void @llvm.memset.p0.i64(ptr %buf, i8 0, i64 32, i1 false)
  call void @llvm.memset.p0.i64(ptr %dbuf, i8 0, i64 32, i1 false)
  %fw.copy_v2xi64 = call double (ptr, ...) @__enzyme_fwddiff(ptr @copy_v2xi64, ptr @enzyme_dup, ptr %buf, ptr %dbuf, double 0x3FF8000000000000, double 1.0)
  call void @llvm.memset.p0.i64(ptr %dbuf, i8 0, i64 32, i1 false)
  %rv.copy_v2xi64 = call double (ptr, ...) @__enzyme_autodiff(ptr @copy_v2xi64, ptr @enzyme_dup, ptr %buf, ptr %dbuf, double 0x3FF8000000000000)
  %fwd.copy_v2xi64 = fadd double %fw.copy_v2xi64, 0.0
  %rvd.copy_v2xi64 = fadd double %rv.copy_v2xi64, 0.0
  call i32 (ptr, ...) @printf(ptr @fmt, ptr @name.copy_v2xi64, double %fwd.copy_v2xi64, double %rvd.copy_v2xi64)
  call void @llvm.memset.p0.i64(ptr %buf, i8 0, i64 32, i1 false)
  call void @llvm.memset.p0.i64(ptr %dbuf, i8 0, i64 32, i1 false)
  %fw.copy_v4xi32 = call double (ptr, ...) @__enzyme_fwddiff(ptr @copy_v4xi32, ptr @enzyme_dup, ptr %buf, ptr %dbuf, double 0x3FF8000000000000, double 1.0)
  call void @llvm.memset.p0.i64(ptr %dbuf, i8 0, i64 32, i1 false)
  %rv.copy_v4xi32 = call double (ptr, ...) @__enzyme_autodiff(ptr @copy_v4xi32, ptr @enzyme_dup, ptr %buf, ptr %dbuf, double 0x3FF8000000000000)
  %fwd.copy_v4xi32 = fadd double %fw.copy_v4xi32, 0.0
  %rvd.copy_v4xi32 = fadd double %rv.copy_v4xi32, 0.0
  call i32 (ptr, ...) @printf(ptr @fmt, ptr @name.copy_v4xi32, double %fwd.copy_v4xi32, double %rvd.copy_v4xi32)
  call void @llvm.memset.p0.i64(ptr %buf, i8 0, i64 32, i1 false)
  call void @llvm.memset.p0.i64(ptr %dbuf, i8 0, i64 32, i1 false)
  %fw.copy_v16xi8 = call double (ptr, ...) @__enzyme_fwddiff(ptr @copy_v16xi8, ptr @enzyme_dup, ptr %buf, ptr %dbuf, double 0x3FF8000000000000, double 1.0)
  call void @llvm.memset.p0.i64(ptr %dbuf, i8 0, i64 32, i1 false)
  %rv.copy_v16xi8 = call double (ptr, ...) @__enzyme_autodiff(ptr @copy_v16xi8, ptr @enzyme_dup, ptr %buf, ptr %dbuf, double 0x3FF8000000000000)
  %fwd.copy_v16xi8 = fadd double %fw.copy_v16xi8, 0.0
  %rvd.copy_v16xi8 = fadd double %rv.copy_v16xi8, 0.0
  call i32 (ptr, ...) @printf(ptr @fmt, ptr @name.copy_v16xi8, double %fwd.copy_v16xi8, double %rvd.copy_v16xi8)
  call void @llvm.memset.p0.i64(ptr %buf, i8 0, i64 32, i1 false)
  call void @llvm.memset.p0.i64(ptr %dbuf, i8 0, i64 32, i1 false)
  %fw.copy_a2xi64 = call double (ptr, ...) @__enzyme_fwddiff(ptr @copy_a2xi64, ptr @enzyme_dup, ptr %buf, ptr %dbuf, double 0x3FF8000000000000, double 1.0)
  call void @llvm.memset.p0.i64(ptr %dbuf, i8 0, i64 32, i1 false)
  %rv.copy_a2xi64 = call double (ptr, ...) @__enzyme_autodiff(ptr @copy_a2xi64, ptr @enzyme_dup, ptr %buf, ptr %dbuf, double 0x3FF8000000000000)
  %fwd.copy_a2xi64 = fadd double %fw.copy_a2xi64, 0.0
  %rvd.copy_a2xi64 = fadd double %rv.copy_a2xi64, 0.0
  call i32 (ptr, ...) @printf(ptr @fmt, ptr @name.copy_a2xi64, double %fwd.copy_a2xi64, double %rvd.copy_a2xi64)
  call void @llvm.memset.p0.i64(ptr %buf, i8 0, i64 32, i1 false)
  call void @llvm.memset.p0.i64(ptr %dbuf, i8 0, i64 32, i1 false)
  %fw.copy_s_i64_i64 = call double (ptr, ...) @__enzyme_fwddiff(ptr @copy_s_i64_i64, ptr @enzyme_dup, ptr %buf, ptr %dbuf, double 0x3FF8000000000000, double 1.0)
  call void @llvm.memset.p0.i64(ptr %dbuf, i8 0, i64 32, i1 false)
  %rv.copy_s_i64_i64 = call double (ptr, ...) @__enzyme_autodiff(ptr @copy_s_i64_i64, ptr @enzyme_dup, ptr %buf, ptr %dbuf, double 0x3FF8000000000000)
  %fwd.copy_s_i64_i64 = fadd double %fw.copy_s_i64_i64, 0.0
  %rvd.copy_s_i64_i64 = fadd double %rv.copy_s_i64_i64, 0.0
  call i32 (ptr, ...) @printf(ptr @fmt, ptr @name.copy_s_i64_i64, double %fwd.copy_s_i64_i64, double %rvd.copy_s_i64_i64)
  call void @llvm.memset.p0.i64(ptr %buf, i8 0, i64 32, i1 false)
  call void @llvm.memset.p0.i64(ptr %dbuf, i8 0, i64 32, i1 false)
  %fw.copy_s_double_i64 = call double (ptr, ...) @__enzyme_fwddiff(ptr @copy_s_double_i64, ptr @enzyme_dup, ptr %buf, ptr %dbuf, double 0x3FF8000000000000, double 1.0)
  call void @llvm.memset.p0.i64(ptr %dbuf, i8 0, i64 32, i1 false)
  %rv.copy_s_double_i64 = call double (ptr, ...) @__enzyme_autodiff(ptr @copy_s_double_i64, ptr @enzyme_dup, ptr %buf, ptr %dbuf, double 0x3FF8000000000000)
  %fwd.copy_s_double_i64 = fadd double %fw.copy_s_double_i64, 0.0
  %rvd.copy_s_double_i64 = fadd double %rv.copy_s_double_i64, 0.0
  call i32 (ptr, ...) @printf(ptr @fmt, ptr @name.copy_s_double_i64, double %fwd.copy_s_double_i64, double %rvd.copy_s_double_i64)
  call void @llvm.memset.p0.i64(ptr %buf, i8 0, i64 32, i1 false)
  call void @llvm.memset.p0.i64(ptr %dbuf, i8 0, i64 32, i1 false)
  %fw.copy_i32 = call float (ptr, ...) @__enzyme_fwddiff_f(ptr @copy_i32, ptr @enzyme_dup, ptr %buf, ptr %dbuf, float 0x3FF8000000000000, float 1.0)
  call void @llvm.memset.p0.i64(ptr %dbuf, i8 0, i64 32, i1 false)
  %rv.copy_i32 = call float (ptr, ...) @__enzyme_autodiff_f(ptr @copy_i32, ptr @enzyme_dup, ptr %buf, ptr %dbuf, float 0x3FF8000000000000)
  %fwd.copy_i32 = fpext float %fw.copy_i32 to double
  %rvd.copy_i32 = fpext float %rv.copy_i32 to double
  call i32 (ptr, ...) @printf(ptr @fmt, ptr @name.copy_i32, double %fwd.copy_i32, double %rvd.copy_i32)
  call void @llvm.memset.p0.i64(ptr %buf, i8 0, i64 32, i1 false)
  call void @llvm.memset.p0.i64(ptr %dbuf, i8 0, i64 32, i1 false)
  %fw.copy_v2xi16 = call float (ptr, ...) @__enzyme_fwddiff_f(ptr @copy_v2xi16, ptr @enzyme_dup, ptr %buf, ptr %dbuf, float 0x3FF8000000000000, float 1.0)
  call void @llvm.memset.p0.i64(ptr %dbuf, i8 0, i64 32, i1 false)
  %rv.copy_v2xi16 = call float (ptr, ...) @__enzyme_autodiff_f(ptr @copy_v2xi16, ptr @enzyme_dup, ptr %buf, ptr %dbuf, float 0x3FF8000000000000)
  %fwd.copy_v2xi16 = fpext float %fw.copy_v2xi16 to double
  %rvd.copy_v2xi16 = fpext float %rv.copy_v2xi16 to double
  call i32 (ptr, ...) @printf(ptr @fmt, ptr @name.copy_v2xi16, double %fwd.copy_v2xi16, double %rvd.copy_v2xi16)
  call void @llvm.memset.p0.i64(ptr %buf, i8 0, i64 32, i1 false)
  call void @llvm.memset.p0.i64(ptr %dbuf, i8 0, i64 32, i1 false)
  %fw.copy_v4xi8 = call float (ptr, ...) @__enzyme_fwddiff_f(ptr @copy_v4xi8, ptr @enzyme_dup, ptr %buf, ptr %dbuf, float 0x3FF8000000000000, float 1.0)
  call void @llvm.memset.p0.i64(ptr %dbuf, i8 0, i64 32, i1 false)
  %rv.copy_v4xi8 = call float (ptr, ...) @__enzyme_autodiff_f(ptr @copy_v4xi8, ptr @enzyme_dup, ptr %buf, ptr %dbuf, float 0x3FF8000000000000)
  %fwd.copy_v4xi8 = fpext float %fw.copy_v4xi8 to double
  %rvd.copy_v4xi8 = fpext float %rv.copy_v4xi8 to double
  call i32 (ptr, ...) @printf(ptr @fmt, ptr @name.copy_v4xi8, double %fwd.copy_v4xi8, double %rvd.copy_v4xi8)
  call void @llvm.memset.p0.i64(ptr %buf, i8 0, i64 32, i1 false)
  call void @llvm.memset.p0.i64(ptr %dbuf, i8 0, i64 32, i1 false)
  %fw.clear_i64 = call double (ptr, ...) @__enzyme_fwddiff(ptr @clear_i64, ptr @enzyme_dup, ptr %buf, ptr %dbuf, double 0x3FF8000000000000, double 1.0)
  call void @llvm.memset.p0.i64(ptr %dbuf, i8 0, i64 32, i1 false)
  %rv.clear_i64 = call double (ptr, ...) @__enzyme_autodiff(ptr @clear_i64, ptr @enzyme_dup, ptr %buf, ptr %dbuf, double 0x3FF8000000000000)
  %fwd.clear_i64 = fadd double %fw.clear_i64, 0.0
  %rvd.clear_i64 = fadd double %rv.clear_i64, 0.0
  call i32 (ptr, ...) @printf(ptr @fmt, ptr @name.clear_i64, double %fwd.clear_i64, double %rvd.clear_i64)
  call void @llvm.memset.p0.i64(ptr %buf, i8 0, i64 32, i1 false)
  call void @llvm.memset.p0.i64(ptr %dbuf, i8 0, i64 32, i1 false)
  %fw.clear_v2xi32 = call double (ptr, ...) @__enzyme_fwddiff(ptr @clear_v2xi32, ptr @enzyme_dup, ptr %buf, ptr %dbuf, double 0x3FF8000000000000, double 1.0)
  call void @llvm.memset.p0.i64(ptr %dbuf, i8 0, i64 32, i1 false)
  %rv.clear_v2xi32 = call double (ptr, ...) @__enzyme_autodiff(ptr @clear_v2xi32, ptr @enzyme_dup, ptr %buf, ptr %dbuf, double 0x3FF8000000000000)
  %fwd.clear_v2xi32 = fadd double %fw.clear_v2xi32, 0.0
  %rvd.clear_v2xi32 = fadd double %rv.clear_v2xi32, 0.0
  call i32 (ptr, ...) @printf(ptr @fmt, ptr @name.clear_v2xi32, double %fwd.clear_v2xi32, double %rvd.clear_v2xi32)
  call void @llvm.memset.p0.i64(ptr %buf, i8 0, i64 32, i1 false)
  call void @llvm.memset.p0.i64(ptr %dbuf, i8 0, i64 32, i1 false)
  %fw.clear_v4xi16 = call double (ptr, ...) @__enzyme_fwddiff(ptr @clear_v4xi16, ptr @enzyme_dup, ptr %buf, ptr %dbuf, double 0x3FF8000000000000, double 1.0)
  call void @llvm.memset.p0.i64(ptr %dbuf, i8 0, i64 32, i1 false)
  %rv.clear_v4xi16 = call double (ptr, ...) @__enzyme_autodiff(ptr @clear_v4xi16, ptr @enzyme_dup, ptr %buf, ptr %dbuf, double 0x3FF8000000000000)
  %fwd.clear_v4xi16 = fadd double %fw.clear_v4xi16, 0.0
  %rvd.clear_v4xi16 = fadd double %rv.clear_v4xi16, 0.0
  call i32 (ptr, ...) @printf(ptr @fmt, ptr @name.clear_v4xi16, double %fwd.clear_v4xi16, double %rvd.clear_v4xi16)
  call void @llvm.memset.p0.i64(ptr %buf, i8 0, i64 32, i1 false)
  call void @llvm.memset.p0.i64(ptr %dbuf, i8 0, i64 32, i1 false)
  %fw.clear_v8xi8 = call double (ptr, ...) @__enzyme_fwddiff(ptr @clear_v8xi8, ptr @enzyme_dup, ptr %buf, ptr %dbuf, double 0x3FF8000000000000, double 1.0)
  call void @llvm.memset.p0.i64(ptr %dbuf, i8 0, i64 32, i1 false)
  %rv.clear_v8xi8 = call double (ptr, ...) @__enzyme_autodiff(ptr @clear_v8xi8, ptr @enzyme_dup, ptr %buf, ptr %dbuf, double 0x3FF8000000000000)
  %fwd.clear_v8xi8 = fadd double %fw.clear_v8xi8, 0.0
  %rvd.clear_v8xi8 = fadd double %rv.clear_v8xi8, 0.0
  call i32 (ptr, ...) @printf(ptr @fmt, ptr @name.clear_v8xi8, double %fwd.clear_v8xi8, double %rvd.clear_v8xi8)
  call void @llvm.memset.p0.i64(ptr %buf, i8 0, i64 32, i1 false)
  call void @llvm.memset.p0.i64(ptr %dbuf, i8 0, i64 32, i1 false)
  %fw.clear_v1xi64 = call double (ptr, ...) @__enzyme_fwddiff(ptr @clear_v1xi64, ptr @enzyme_dup, ptr %buf, ptr %dbuf, double 0x3FF8000000000000, double 1.0)
  call void @llvm.memset.p0.i64(ptr %dbuf, i8 0, i64 32, i1 false)
  %rv.clear_v1xi64 = call double (ptr, ...) @__enzyme_autodiff(ptr @clear_v1xi64, ptr @enzyme_dup, ptr %buf, ptr %dbuf, double 0x3FF8000000000000)
  %fwd.clear_v1xi64 = fadd double %fw.clear_v1xi64, 0.0
  %rvd.clear_v1xi64 = fadd double %rv.clear_v1xi64, 0.0
  call i32 (ptr, ...) @printf(ptr @fmt, ptr @name.clear_v1xi64, double %fwd.clear_v1xi64, double %rvd.clear_v1xi64)
  call void @llvm.memset.p0.i64(ptr %buf, i8 0, i64 32, i1 false)
  call void @llvm.memset.p0.i64(ptr %dbuf, i8 0, i64 32, i1 false)
  %fw.clear_i128 = call double (ptr, ...) @__enzyme_fwddiff(ptr @clear_i128, ptr @enzyme_dup, ptr %buf, ptr %dbuf, double 0x3FF8000000000000, double 1.0)
  call void @llvm.memset.p0.i64(ptr %dbuf, i8 0, i64 32, i1 false)
  %rv.clear_i128 = call double (ptr, ...) @__enzyme_autodiff(ptr @clear_i128, ptr @enzyme_dup, ptr %buf, ptr %dbuf, double 0x3FF8000000000000)
  %fwd.clear_i128 = fadd double %fw.clear_i128, 0.0
  %rvd.clear_i128 = fadd double %rv.clear_i128, 0.0
  call i32 (ptr, ...) @printf(ptr @fmt, ptr @name.clear_i128, double %fwd.clear_i128, double %rvd.clear_i128)
  call void @llvm.memset.p0.i64(ptr %buf, i8 0, i64 32, i1 false)
  call void @llvm.memset.p0.i64(ptr %dbuf, i8 0, i64 32, i1 false)
  %fw.clear_v2xi64 = call double (ptr, ...) @__enzyme_fwddiff(ptr @clear_v2xi64, ptr @enzyme_dup, ptr %buf, ptr %dbuf, double 0x3FF8000000000000, double 1.0)
  call void @llvm.memset.p0.i64(ptr %dbuf, i8 0, i64 32, i1 false)
  %rv.clear_v2xi64 = call double (ptr, ...) @__enzyme_autodiff(ptr @clear_v2xi64, ptr @enzyme_dup, ptr %buf, ptr %dbuf, double 0x3FF8000000000000)
  %fwd.clear_v2xi64 = fadd double %fw.clear_v2xi64, 0.0
  %rvd.clear_v2xi64 = fadd double %rv.clear_v2xi64, 0.0
  call i32 (ptr, ...) @printf(ptr @fmt, ptr @name.clear_v2xi64, double %fwd.clear_v2xi64, double %rvd.clear_v2xi64)
  call void @llvm.memset.p0.i64(ptr %buf, i8 0, i64 32, i1 false)
  call void @llvm.memset.p0.i64(ptr %dbuf, i8 0, i64 32, i1 false)
  %fw.clear_v4xi32 = call double (ptr, ...) @__enzyme_fwddiff(ptr @clear_v4xi32, ptr @enzyme_dup, ptr %buf, ptr %dbuf, double 0x3FF8000000000000, double 1.0)
  call void @llvm.memset.p0.i64(ptr %dbuf, i8 0, i64 32, i1 false)
  %rv.clear_v4xi32 = call double (ptr, ...) @__enzyme_autodiff(ptr @clear_v4xi32, ptr @enzyme_dup, ptr %buf, ptr %dbuf, double 0x3FF8000000000000)
  %fwd.clear_v4xi32 = fadd double %fw.clear_v4xi32, 0.0
  %rvd.clear_v4xi32 = fadd double %rv.clear_v4xi32, 0.0
  call i32 (ptr, ...) @printf(ptr @fmt, ptr @name.clear_v4xi32, double %fwd.clear_v4xi32, double %rvd.clear_v4xi32)
  call void @llvm.memset.p0.i64(ptr %buf, i8 0, i64 32, i1 false)
  call void @llvm.memset.p0.i64(ptr %dbuf, i8 0, i64 32, i1 false)
  %fw.clear_v16xi8 = call double (ptr, ...) @__enzyme_fwddiff(ptr @clear_v16xi8, ptr @enzyme_dup, ptr %buf, ptr %dbuf, double 0x3FF8000000000000, double 1.0)
  call void @llvm.memset.p0.i64(ptr %dbuf, i8 0, i64 32, i1 false)
  %rv.clear_v16xi8 = call double (ptr, ...) @__enzyme_autodiff(ptr @clear_v16xi8, ptr @enzyme_dup, ptr %buf, ptr %dbuf, double 0x3FF8000000000000)
  %fwd.clear_v16xi8 = fadd double %fw.clear_v16xi8, 0.0
  %rvd.clear_v16xi8 = fadd double %rv.clear_v16xi8, 0.0
  call i32 (ptr, ...) @printf(ptr @fmt, ptr @name.clear_v16xi8, double %fwd.clear_v16xi8, double %rvd.clear_v16xi8)
  call void @llvm.memset.p0.i64(ptr %buf, i8 0, i64 32, i1 false)
  call void @llvm.memset.p0.i64(ptr %dbuf, i8 0, i64 32, i1 false)
  %fw.clear_a2xi64 = call double (ptr, ...) @__enzyme_fwddiff(ptr @clear_a2xi64, ptr @enzyme_dup, ptr %buf, ptr %dbuf, double 0x3FF8000000000000, double 1.0)
  call void @llvm.memset.p0.i64(ptr %dbuf, i8 0, i64 32, i1 false)
  %rv.clear_a2xi64 = call double (ptr, ...) @__enzyme_autodiff(ptr @clear_a2xi64, ptr @enzyme_dup, ptr %buf, ptr %dbuf, double 0x3FF8000000000000)
  %fwd.clear_a2xi64 = fadd double %fw.clear_a2xi64, 0.0
  %rvd.clear_a2xi64 = fadd double %rv.clear_a2xi64, 0.0
  call i32 (ptr, ...) @printf(ptr @fmt, ptr @name.clear_a2xi64, double %fwd.clear_a2xi64, double %rvd.clear_a2xi64)
  call void @llvm.memset.p0.i64(ptr %buf, i8 0, i64 32, i1 false)
  call void @llvm.memset.p0.i64(ptr %dbuf, i8 0, i64 32, i1 false)
  %fw.clear_s_i64_i64 = call double (ptr, ...) @__enzyme_fwddiff(ptr @clear_s_i64_i64, ptr @enzyme_dup, ptr %buf, ptr %dbuf, double 0x3FF8000000000000, double 1.0)
  call void @llvm.memset.p0.i64(ptr %dbuf, i8 0, i64 32, i1 false)
  %rv.clear_s_i64_i64 = call double (ptr, ...) @__enzyme_autodiff(ptr @clear_s_i64_i64, ptr @enzyme_dup, ptr %buf, ptr %dbuf, double 0x3FF8000000000000)
  %fwd.clear_s_i64_i64 = fadd double %fw.clear_s_i64_i64, 0.0
  %rvd.clear_s_i64_i64 = fadd double %rv.clear_s_i64_i64, 0.0
  call i32 (ptr, ...) @printf(ptr @fmt, ptr @name.clear_s_i64_i64, double %fwd.clear_s_i64_i64, double %rvd.clear_s_i64_i64)
  call void @llvm.memset.p0.i64(ptr %buf, i8 0, i64 32, i1 false)
  call void @llvm.memset.p0.i64(ptr %dbuf, i8 0, i64 32, i1 false)
  %fw.clear_s_double_i64 = call double (ptr, ...) @__enzyme_fwddiff(ptr @clear_s_double_i64, ptr @enzyme_dup, ptr %buf, ptr %dbuf, double 0x3FF8000000000000, double 1.0)
  call void @llvm.memset.p0.i64(ptr %dbuf, i8 0, i64 32, i1 false)
  %rv.clear_s_double_i64 = call double (ptr, ...) @__enzyme_autodiff(ptr @clear_s_double_i64, ptr @enzyme_dup, ptr %buf, ptr %dbuf, double 0x3FF8000000000000)
  %fwd.clear_s_double_i64 = fadd double %fw.clear_s_double_i64, 0.0
  %rvd.clear_s_double_i64 = fadd double %rv.clear_s_double_i64, 0.0
  call i32 (ptr, ...) @printf(ptr @fmt, ptr @name.clear_s_double_i64, double %fwd.clear_s_double_i64, double %rvd.clear_s_double_i64)
  call void @llvm.memset.p0.i64(ptr %buf, i8 0, i64 32, i1 false)
  call void @llvm.memset.p0.i64(ptr %dbuf, i8 0, i64 32, i1 false)
  %fw.clear_i32 = call float (ptr, ...) @__enzyme_fwddiff_f(ptr @clear_i32, ptr @enzyme_dup, ptr %buf, ptr %dbuf, float 0x3FF8000000000000, float 1.0)
  call void @llvm.memset.p0.i64(ptr %dbuf, i8 0, i64 32, i1 false)
  %rv.clear_i32 = call float (ptr, ...) @__enzyme_autodiff_f(ptr @clear_i32, ptr @enzyme_dup, ptr %buf, ptr %dbuf, float 0x3FF8000000000000)
  %fwd.clear_i32 = fpext float %fw.clear_i32 to double
  %rvd.clear_i32 = fpext float %rv.clear_i32 to double
  call i32 (ptr, ...) @printf(ptr @fmt, ptr @name.clear_i32, double %fwd.clear_i32, double %rvd.clear_i32)
  call void @llvm.memset.p0.i64(ptr %buf, i8 0, i64 32, i1 false)
  call void @llvm.memset.p0.i64(ptr %dbuf, i8 0, i64 32, i1 false)
  %fw.clear_v2xi16 = call float (ptr, ...) @__enzyme_fwddiff_f(ptr @clear_v2xi16, ptr @enzyme_dup, ptr %buf, ptr %dbuf, float 0x3FF8000000000000, float 1.0)
  call void @llvm.memset.p0.i64(ptr %dbuf, i8 0, i64 32, i1 false)
  %rv.clear_v2xi16 = call float (ptr, ...) @__enzyme_autodiff_f(ptr @clear_v2xi16, ptr @enzyme_dup, ptr %buf, ptr %dbuf, float 0x3FF8000000000000)
  %fwd.clear_v2xi16 = fpext float %fw.clear_v2xi16 to double
  %rvd.clear_v2xi16 = fpext float %rv.clear_v2xi16 to double
  call i32 (ptr, ...) @printf(ptr @fmt, ptr @name.clear_v2xi16, double %fwd.clear_v2xi16, double %rvd.clear_v2xi16)
  call void @llvm.memset.p0.i64(ptr %buf, i8 0, i64 32, i1 false)
  call void @llvm.memset.p0.i64(ptr %dbuf, i8 0, i64 32, i1 false)
  %fw.clear_v4xi8 = call float (ptr, ...) @__enzyme_fwddiff_f(ptr @clear_v4xi8, ptr @enzyme_dup, ptr %buf, ptr %dbuf, float 0x3FF8000000000000, float 1.0)
  call void @llvm.memset.p0.i64(ptr %dbuf, i8 0, i64 32, i1 false)
  %rv.clear_v4xi8 = call float (ptr, ...) @__enzyme_autodiff_f(ptr @clear_v4xi8, ptr @enzyme_dup, ptr %buf, ptr %dbuf, float 0x3FF8000000000000)
  %fwd.clear_v4xi8 = fpext float %fw.clear_v4xi8 to double
  %rvd.clear_v4xi8 = fpext float %rv.clear_v4xi8 to double
  call i32 (ptr, ...) @printf(ptr @fmt, ptr @name.clear_v4xi8, double %fwd.clear_v4xi8, double %rvd.clear_v4xi8)
  ret i32 0
}
; CHECK: copy_i64: fwd 1 rev 1{{$}}
; CHECK: copy_v2xi32: fwd 1 rev 1{{$}}
; CHECK: copy_v4xi16: fwd 1 rev 1{{$}}
; CHECK: copy_v8xi8: fwd 1 rev 1{{$}}
; CHECK: copy_v1xi64: fwd 1 rev 1{{$}}
; CHECK: copy_i128: fwd 7 rev 7{{$}}
; CHECK: copy_v2xi64: fwd 7 rev 7{{$}}
; CHECK: copy_v4xi32: fwd 7 rev 7{{$}}
; CHECK: copy_v16xi8: fwd 7 rev 7{{$}}
; CHECK: copy_a2xi64: fwd 7 rev 7{{$}}
; CHECK: copy_s_i64_i64: fwd 7 rev 7{{$}}
; CHECK: copy_s_double_i64: fwd 7 rev 7{{$}}
; CHECK: copy_i32: fwd 1 rev 1{{$}}
; CHECK: copy_v2xi16: fwd 1 rev 1{{$}}
; CHECK: copy_v4xi8: fwd 1 rev 1{{$}}
; CHECK: clear_i64: fwd 0 rev 0{{$}}
; CHECK: clear_v2xi32: fwd 0 rev 0{{$}}
; CHECK: clear_v4xi16: fwd 0 rev 0{{$}}
; CHECK: clear_v8xi8: fwd 0 rev 0{{$}}
; CHECK: clear_v1xi64: fwd 0 rev 0{{$}}
; CHECK: clear_i128: fwd 0 rev 0{{$}}
; CHECK: clear_v2xi64: fwd 0 rev 0{{$}}
; CHECK: clear_v4xi32: fwd 0 rev 0{{$}}
; CHECK: clear_v16xi8: fwd 0 rev 0{{$}}
; CHECK: clear_a2xi64: fwd 0 rev 0{{$}}
; CHECK: clear_s_i64_i64: fwd 0 rev 0{{$}}
; CHECK: clear_s_double_i64: fwd 0 rev 0{{$}}
; CHECK: clear_i32: fwd 0 rev 0{{$}}
; CHECK: clear_v2xi16: fwd 0 rev 0{{$}}
; CHECK: clear_v4xi8: fwd 0 rev 0{{$}}
