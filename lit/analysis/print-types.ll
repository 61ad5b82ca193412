; --print-types: an i64 load/store pair that copies doubles (as memcpy-like C code compiles to) is
; typed float64 from how the memory is used elsewhere, so the copy carries the tangent; the shadow
; is copied with the same integer instructions.
; RUN: %llad %s -S -o /dev/null --print-types 2>&1 | FileCheck %s --check-prefix=TYPES
; RUN: env LLAD_OPTIONS="--print-types --lint" opt -load-pass-plugin=%plugin -passes=llad %s -disable-output 2>&1 | FileCheck %s --check-prefix=TYPES
; RUN: %llad %s -S -o - 2>/dev/null | FileCheck %s --check-prefix=IR
; Without the option nothing is printed.
; RUN: %llad %s -S -o /dev/null 2>&1 | count 0

declare double @__enzyme_fwddiff(ptr, ...)

; dst[0] = src[0] (as bits); return dst[0]^2
define double @copy(ptr %dst, ptr %src, i64 %n) {
  %bits = load i64, ptr %src, align 8
  store i64 %bits, ptr %dst, align 8
  %v = load double, ptr %dst, align 8
  %k = add i64 %n, 1
  %w = fmul double %v, %v
  ret double %w
}

define double @test(ptr %a, ptr %da, ptr %b, ptr %db, i64 %n) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @copy, ptr %a, ptr %da, ptr %b, ptr %db, i64 %n)
  ret double %r
}

; TYPES:      types for copy:
; TYPES-NEXT:   arg 0 %dst: ptr -> [0:float64]
; TYPES-NEXT:   arg 1 %src: ptr -> [0:float64]
; TYPES-NEXT:   arg 2 %n: int
; TYPES-NEXT:   %bits = load i64, ptr %src, align 8: float64
; TYPES-NEXT:   %v = load double, ptr %dst, align 8: float64
; TYPES-NEXT:   %k = add i64 %n, 1: int
; TYPES-NEXT:   %w = fmul double %v, %v: float64
; TYPES-NOT:  types for

; IR-LABEL: define internal double @fwddiffe_copy(ptr %dst, ptr %ddst, ptr %src, ptr %dsrc, i64 %n)
; IR-NEXT:    %bits = load i64, ptr %src, align 8
; IR-NEXT:    [[DBITS:%.*]] = load i64, ptr %dsrc, align 8
; IR-NEXT:    store i64 %bits, ptr %dst, align 8
; IR-NEXT:    store i64 [[DBITS]], ptr %ddst, align 8
; IR-NEXT:    %v = load double, ptr %dst, align 8
; IR-NEXT:    [[DV:%.*]] = load double, ptr %ddst, align 8
