; Pointer arithmetic through integers (ptrtoint + add + inttoptr) on memory that has a shadow.
; RUN: not %llad %s -S -o /dev/null 2>&1 | FileCheck %s --check-prefixes=CHECK,CLI
; RUN: not opt -load-pass-plugin=%plugin -passes=llad %s -disable-output 2>&1 | FileCheck %s --check-prefixes=CHECK,PLUGIN

declare double @__enzyme_fwddiff(ptr, ...)

define double @second(ptr %p) {
  %i = ptrtoint ptr %p to i64
  %j = add i64 %i, 8
  %q = inttoptr i64 %j to ptr
  %v = load double, ptr %q, align 8
  ret double %v
}

define double @test(ptr %p, ptr %dp) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @second, ptr %p, ptr %dp)
  ret double %r
}

; CLI:         llad: error: in function 'second', instruction `%j = add i64 %i, 8`: cannot differentiate: integer arithmetic on the address of memory that has a shadow
; PLUGIN:      error: llad: in function 'second', instruction `%j = add i64 %i, 8`: cannot differentiate: integer arithmetic on the address of memory that has a shadow
; CHECK-NEXT:  {{^}}  hint: index with getelementptr (ordinary C pointer arithmetic) instead of casting pointers to integers
