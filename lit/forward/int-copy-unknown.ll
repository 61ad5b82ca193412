; Two doubles copied through an i128 from memory whose type llad cannot see (a[2..3] = a[0..1]):
; forward mode copies the tangent bytes with it (it used to store a zero tangent). Reverse mode
; cannot tell floats from integers in a 16-byte copy of unknown memory, and says so; 8-byte copies
; of unknown memory (i64, <2 x i32>) are taken as doubles, as clang copies them.
; RUN: %llad %s -S -o %t.ll
; RUN: %clang -O0 -Wno-override-module %t.ll -o %t.exe && %t.exe | FileCheck %s
; RUN: sed -e 's/call void (ptr, ...) @__enzyme_fwddiff(ptr @copy128/call void (ptr, ...) @__enzyme_autodiff(ptr @copy128/' %s | not %llad - -S -o /dev/null 2>&1 | FileCheck %s --check-prefix=REV

declare void @__enzyme_fwddiff(ptr, ...)
declare void @__enzyme_autodiff(ptr, ...)
declare i32 @printf(ptr, ...)
@fmt = private constant [23 x i8] c"fwd %g %g rev64 %g %g\0A\00"

define internal void @copy128(ptr %a) noinline {
  %v = load i128, ptr %a, align 8
  %dst = getelementptr inbounds i8, ptr %a, i64 16
  store i128 %v, ptr %dst, align 8
  ret void
}

define internal void @copy64(ptr %a) noinline {
  %v = load <2 x i32>, ptr %a, align 8
  %dst = getelementptr inbounds double, ptr %a, i64 1
  store <2 x i32> %v, ptr %dst, align 8
  ret void
}

define i32 @main() {
  %a = alloca [4 x double]
  %da = alloca [4 x double]
  store [4 x double] [double 3.0, double 5.0, double 0.0, double 0.0], ptr %a
  store [4 x double] [double 1.0, double 2.0, double 0.0, double 0.0], ptr %da
  call void (ptr, ...) @__enzyme_fwddiff(ptr @copy128, ptr %a, ptr %da)
  %p2 = getelementptr inbounds double, ptr %da, i64 2
  %d2 = load double, ptr %p2
  %p3 = getelementptr inbounds double, ptr %da, i64 3
  %d3 = load double, ptr %p3
  ; reverse of a[1] = a[0] with adjoint (0, 1): da = (1, 0)
  %b = alloca [2 x double]
  %db = alloca [2 x double]
  store [2 x double] [double 3.0, double 5.0], ptr %b
  store [2 x double] [double 0.0, double 1.0], ptr %db
  call void (ptr, ...) @__enzyme_autodiff(ptr @copy64, ptr %b, ptr %db)
  %e0 = load double, ptr %db
  %q1 = getelementptr inbounds double, ptr %db, i64 1
  %e1 = load double, ptr %q1
  call i32 (ptr, ...) @printf(ptr @fmt, double %d2, double %d3, double %e0, double %e1)
  ret i32 0
}

; CHECK: fwd 1 2 rev64 1 0
; REV: in function 'copy128', instruction `store i128 %v, ptr %dst, align 8`: cannot differentiate: `%v = load i128, ptr %a, align 8` copies data whose type llad cannot tell (floats or integers?)
