; Regression test: a request made with `invoke` (C compiled with -fexceptions and a cleanup
; variable, or C++ with a local object that has a destructor) makes llad produce a block without
; terminator:
;   llad: error: internal error: llad produced invalid IR (please report this): Basic Block in
;   function 't' does not have terminator!
; and with `clang -O1/-O2 -fpass-plugin` the broken module then crashes clang (segfault in
; instcombine), see invoke-request-clang.c. Enzyme turns such an invoke into a call followed by a
; branch to the normal destination; expected here: the same.
; RUN: %llad %s -S -o - | FileCheck %s
; RUN: opt -load-pass-plugin=%plugin -passes=llad %s -S -o - | FileCheck %s

declare double @__enzyme_fwddiff(ptr, ...)
declare i32 @__gxx_personality_v0(...)

define double @sq(double %x) {
  %m = fmul double %x, %x
  ret double %m
}

define double @t(double %x) personality ptr @__gxx_personality_v0 {
entry:
  %r = invoke double (ptr, ...) @__enzyme_fwddiff(ptr @sq, double %x, double 1.0)
          to label %ok unwind label %lp
ok:
  ret double %r
lp:
  %l = landingpad { ptr, i32 } cleanup
  resume { ptr, i32 } %l
}

; CHECK-LABEL: define double @t(double %x)
; CHECK:         [[R:%.*]] = call double @fwddiffe_sq(double %x, double 1.000000e+00)
; CHECK-NEXT:    br label %ok
; CHECK:       ok:
; CHECK-NEXT:    ret double [[R]]
