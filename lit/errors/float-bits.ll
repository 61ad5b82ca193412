; Integer bit manipulation of an active double (fabs by clearing the sign bit).
; RUN: not %llad %s -S -o /dev/null 2>&1 | FileCheck %s --check-prefixes=CHECK,CLI
; RUN: not opt -load-pass-plugin=%plugin -passes=llad %s -disable-output 2>&1 | FileCheck %s --check-prefixes=CHECK,PLUGIN

declare double @__enzyme_fwddiff(ptr, ...)

define double @bitabs(double %x) {
  %i = bitcast double %x to i64
  %a = and i64 %i, 9223372036854775807
  %d = bitcast i64 %a to double
  ret double %d
}

define double @test(double %x) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @bitabs, double %x, double 1.0)
  ret double %r
}

; CLI:         llad: error: in function 'bitabs', instruction `%a = and i64 %i, 9223372036854775807`: cannot differentiate: integer arithmetic on the bits of an active floating-point value
; PLUGIN:      error: llad: in function 'bitabs', instruction `%a = and i64 %i, 9223372036854775807`: cannot differentiate: integer arithmetic on the bits of an active floating-point value
; CHECK-NEXT:  {{^}}  hint: use floating-point operations (fabs, copysign, ...) instead of bit manipulation
