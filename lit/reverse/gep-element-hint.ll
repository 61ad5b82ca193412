; Memory this function only reads and writes as integers, but addresses as elements of a double
; array (`getelementptr double, ptr %a, i64 k`), holds doubles: type analysis takes the GEP's element
; type as a last hint where nothing else says what the memory holds.
;  - @copy128 copies a[0..1] to a[2..3] through an i128: its reverse moves both adjoints back
;    (da = (0.5, 0.25, 1, 2) becomes (1.5, 2.25, 0, 0)).
;  - @halves copies a[1] to a[0] as two i32 halves (found by scripts/fuzz, seed 51): an i32 holds
;    half a double, which no adjoint can follow, so reverse mode refuses it. It used to guess the
;    halves were floats and return a garbage derivative (2e-21 instead of 1).
; RUN: %llad %s -S -o %t.ll
; RUN: %clang -O0 -Wno-override-module %t.ll -o %t.exe && %t.exe | FileCheck %s
; RUN: sed -e 's/@__enzyme_autodiff(ptr @copy128/@__enzyme_autodiff(ptr @halves/' %s | not %llad - -S -o /dev/null 2>&1 | FileCheck %s --check-prefix=HALVES
; RUN: sed -e 's/@__enzyme_autodiff(ptr @copy128/@__enzyme_autodiff(ptr @halves_bytes/' %s | not %llad - -S -o /dev/null 2>&1 | FileCheck %s --check-prefix=BYTES
;  - @halves_bytes is the same copy addressed in bytes (as -O2 writes it): nothing says what the
;    slot holds, and its two 32-bit halves are two floats or one double, so it is refused too
;    (a lone 32-bit copy of unknown memory is still taken as a float).
; CHECK: 1.5 2.25 0 0
; BYTES: in function 'halves_bytes', instruction `store i32 %hi, ptr %dst.hi, align 4`: cannot differentiate: `%hi = load i32, ptr %src.hi, align 4` copies data whose type llad cannot tell
; HALVES: in function 'halves', instruction `store i32 %lo, ptr %dst, align 4`: cannot differentiate: `%lo = load i32, ptr %src, align 4` holds part of a floating-point value as an integer

declare void @__enzyme_autodiff(ptr, ...)
declare i32 @printf(ptr, ...)
@fmt = private constant [13 x i8] c"%g %g %g %g\0A\00"

define internal void @copy128(ptr %a) noinline {
  %v = load i128, ptr %a, align 8
  %dst = getelementptr inbounds double, ptr %a, i64 2
  store i128 %v, ptr %dst, align 8
  ret void
}

define internal void @halves(ptr %a) noinline {
  %src = getelementptr inbounds double, ptr %a, i64 1
  %lo = load i32, ptr %src, align 4
  %src.hi = getelementptr inbounds i8, ptr %src, i64 4
  %hi = load i32, ptr %src.hi, align 4
  %dst = getelementptr inbounds double, ptr %a, i64 0
  store i32 %lo, ptr %dst, align 4
  %dst.hi = getelementptr inbounds i8, ptr %dst, i64 4
  store i32 %hi, ptr %dst.hi, align 4
  ret void
}

define internal void @halves_bytes(ptr %a) noinline {
  %src = getelementptr inbounds i8, ptr %a, i64 8
  %lo = load i32, ptr %src, align 4
  %src.hi = getelementptr inbounds i8, ptr %a, i64 12
  %hi = load i32, ptr %src.hi, align 4
  store i32 %lo, ptr %a, align 4
  %dst.hi = getelementptr inbounds i8, ptr %a, i64 4
  store i32 %hi, ptr %dst.hi, align 4
  ret void
}

define i32 @main() {
  %a = alloca [4 x double]
  %da = alloca [4 x double]
  store [4 x double] [double 3.0, double 5.0, double 0.0, double 0.0], ptr %a
  store [4 x double] [double 0.5, double 0.25, double 1.0, double 2.0], ptr %da
  call void (ptr, ...) @__enzyme_autodiff(ptr @copy128, ptr %a, ptr %da)
  %d0 = load double, ptr %da
  %p1 = getelementptr inbounds double, ptr %da, i64 1
  %d1 = load double, ptr %p1
  %p2 = getelementptr inbounds double, ptr %da, i64 2
  %d2 = load double, ptr %p2
  %p3 = getelementptr inbounds double, ptr %da, i64 3
  %d3 = load double, ptr %p3
  call i32 (ptr, ...) @printf(ptr @fmt, double %d0, double %d1, double %d2, double %d3)
  ret i32 0
}
