; Two doubles copied through an i128 that LLVM -O2 then splits with shifts and truncations: the
; integer carries the doubles' derivatives into integer operations llad cannot follow. Both modes
; refuse it (it used to give a zero derivative in forward and reverse mode).
; RUN: not %llad %s -S -o /dev/null 2>&1 | FileCheck %s
; RUN: sed -e 's/@__enzyme_fwddiff/@__enzyme_autodiff/' -e 's/, double 1.0)/)/' %s | not %llad - -S -o /dev/null 2>&1 | FileCheck %s
; RUN: not opt -load-pass-plugin=%plugin -passes=llad %s -disable-output 2>&1 | FileCheck %s

declare double @__enzyme_fwddiff(ptr, ...)
@enzyme_dup = external global i32

define internal double @copy_i128(ptr %p, double %x) {
  store double %x, ptr %p, align 8
  %x2 = fmul double %x, 2.000000e+00
  %p1 = getelementptr inbounds i8, ptr %p, i64 8
  store double %x2, ptr %p1, align 8
  %bits = load i128, ptr %p, align 4
  store <4 x double> zeroinitializer, ptr %p, align 32
  store i128 %bits, ptr %p, align 4
  %1 = trunc i128 %bits to i64
  %2 = bitcast i64 %1 to double
  %3 = lshr i128 %bits, 64
  %4 = trunc nuw i128 %3 to i64
  %5 = bitcast i64 %4 to double
  %t1 = fmul double %5, 3.000000e+00
  %v = fadd double %t1, %2
  ret double %v
}

define double @t(ptr %p, ptr %dp, double %x) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @copy_i128, ptr @enzyme_dup, ptr %p, ptr %dp, double %x, double 1.0)
  ret double %r
}

; CHECK: in function 'copy_i128', instruction `%bits = load i128, ptr %p, align 4`: cannot differentiate: the i128 loaded here takes the bytes of a float64 (at offset 0) that carries a derivative, and is then used as an integer (shifted, truncated, ...); llad cannot follow a derivative through integer operations
; CHECK-NEXT: hint: copy floating-point data with its own type
