; The caller's doubles are read as one i128 and split with integer shifts and truncations (what
; opt -O3 made of a 16-byte struct copy in a fuzz-generated function). Inside the function nothing
; says the memory holds doubles, so type analysis took the i128 for a true integer and the
; derivative of the upper double was silently zero in every mode (found by scripts/fuzz, seed 31).
; Now both modes refuse it, naming the truncation that pulls the float out of the integer.
; RUN: not %llad %s -S -o /dev/null 2>&1 | FileCheck %s
; RUN: sed -e 's/@__enzyme_fwddiff/@__enzyme_autodiff/' %s | not %llad - -S -o /dev/null 2>&1 | FileCheck %s
; RUN: not opt -load-pass-plugin=%plugin -passes=llad %s -disable-output 2>&1 | FileCheck %s
; CHECK: in function 'upper_squared', instruction `%hi64 = trunc i128 %hi to i64`: cannot differentiate: a floating-point value is taken out of the bits of the integer `%hi = lshr i128 %bits, 64` by integer operations; llad cannot follow a derivative through them
; CHECK-NEXT: hint: copy floating-point data with its own type

declare double @__enzyme_fwddiff(ptr, ...)
@enzyme_dup = external global i32

define internal double @upper_squared(ptr %a) {
  %bits = load i128, ptr %a, align 8
  %hi = lshr i128 %bits, 64
  %hi64 = trunc i128 %hi to i64
  %x = bitcast i64 %hi64 to double
  %sq = fmul double %x, %x
  ret double %sq
}

define double @caller(ptr %a, ptr %da) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @upper_squared, ptr @enzyme_dup, ptr %a, ptr %da)
  ret double %r
}
