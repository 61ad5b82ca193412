; A copy of active doubles into a global, then one double's bits read back through a constant
; address as an i64 and split into i32 halves stored into the array (what -O2 makes of a copy
; through integers). The constant address inherits what is known of the global's memory (the
; memcpy from the double array), so the i64 is seen to take a double's bytes: a clear error, where
; it used to be taken for an integer and the derivative through the copy was silently dropped.
; RUN: not %llad %s -S -o /dev/null 2>&1 | FileCheck %s
; RUN: sed -e 's/@__enzyme_fwddiff(ptr @f, ptr %a, ptr %da, double 2.0, double 1.0)/@__enzyme_autodiff(ptr @f, ptr %a, ptr %da, double 2.0)/' %s | not %llad - -S -o /dev/null 2>&1 | FileCheck %s
; RUN: not opt -load-pass-plugin=%plugin -passes=llad %s -disable-output 2>&1 | FileCheck %s

@g = internal global [4 x double] zeroinitializer, align 16
declare void @llvm.memcpy.p0.p0.i64(ptr, ptr, i64, i1)
declare double @__enzyme_fwddiff(ptr, ...)
declare double @__enzyme_autodiff(ptr, ...)
define double @f(ptr %a, double %x) {
  call void @llvm.memcpy.p0.p0.i64(ptr align 16 @g, ptr align 8 %a, i64 32, i1 false)
  %v = load i64, ptr getelementptr inbounds (i8, ptr @g, i64 24), align 8
  %lo = trunc i64 %v to i32
  %s = lshr i64 %v, 32
  %hi = trunc i64 %s to i32
  %p = getelementptr inbounds i8, ptr %a, i64 8
  store i32 %lo, ptr %p, align 8
  %p4 = getelementptr inbounds i8, ptr %a, i64 12
  store i32 %hi, ptr %p4, align 4
  %q = getelementptr inbounds i8, ptr %a, i64 24
  %w = load double, ptr %q
  %r = fmul double %w, %x
  ret double %r
}

define double @test(ptr %a, ptr %da) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @f, ptr %a, ptr %da, double 2.0, double 1.0)
  ret double %r
}

; CHECK: in function 'f', instruction `%v = load i64, ptr getelementptr inbounds (i8, ptr @g, i64 24), align 8`: cannot differentiate: the i64 loaded here takes the bytes of a float64 (at offset 0) that carries a derivative
