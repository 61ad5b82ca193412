; An invoke (a call that may throw, with an exception landing pad) of active data in a differentiated
; function has no derivative rule.
; (The instruction text spans two lines here; see pending/invoke-one-line-message.ll.)
; RUN: not %llad %s -S -o /dev/null 2>&1 | FileCheck %s --check-prefixes=CHECK,CLI
; RUN: not opt -load-pass-plugin=%plugin -passes=llad %s -disable-output 2>&1 | FileCheck %s --check-prefixes=CHECK,PLUGIN

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

; CLI:         llad: error: in function 'f', instruction `%r = invoke double @may_throw(double %x)
; PLUGIN:      error: llad: in function 'f', instruction `%r = invoke double @may_throw(double %x)
; CHECK:       to label %ok unwind label %lp`: cannot differentiate: no derivative rule for the 'Invoke' instruction
; CHECK-NEXT:  {{^}}  hint: a call that may throw a C++ exception: compile the differentiated code with -fno-exceptions, or at -O1 and up (where clang turns most invokes into calls)
