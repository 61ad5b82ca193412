; Regression test: the instruction quoted in an error message should be one line (diag.rs documents
; "The offending instruction, printed as IR (one line)"), but an invoke prints as two lines:
;   llad: error: in function 'f', instruction `%r = invoke double @may_throw(double %x)
;             to label %ok unwind label %lp`: cannot differentiate: ...
; Expected: whitespace runs (the newline and indentation) collapsed to one space.
; RUN: not %llad %s -S -o /dev/null 2>&1 | FileCheck %s

declare double @__enzyme_fwddiff(ptr, ...)
declare i32 @__gxx_personality_v0(...)

define double @may_throw(double %y) {
  %m = fmul double %y, %y
  ret double %m
}

define double @f(double %x) personality ptr @__gxx_personality_v0 {
entry:
  %r = invoke double @may_throw(double %x)
          to label %ok unwind label %lp
ok:
  ret double %r
lp:
  %l = landingpad { ptr, i32 } cleanup
  resume { ptr, i32 } %l
}

define double @test(double %x) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @f, double %x, double 1.0)
  ret double %r
}

; CHECK:      llad: error: in function 'f', instruction `%r = invoke double @may_throw(double %x) to label %ok unwind label %lp`: cannot differentiate: no derivative rule for the 'Invoke' instruction
; CHECK-NEXT: {{^}}  hint:
