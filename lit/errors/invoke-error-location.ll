; Functions with invokes are differentiated along their normal path, from a copy whose invokes are
; calls: an error found there names the user's function (not the copy) and quotes the call on one
; line.
; RUN: not %llad %s -S -o /dev/null 2>&1 | FileCheck %s

declare double @__enzyme_fwddiff(ptr, ...)
declare i32 @__gxx_personality_v0(...)
declare double @external(double)

define double @f(double %x) personality ptr @__gxx_personality_v0 {
entry:
  %r = invoke double @external(double %x)
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

; CHECK:      llad: error: in function 'f', instruction `%r = call double @external(double %x)`: cannot differentiate: call to external function 'external' with active arguments
; CHECK-NEXT: {{^}}  hint:
