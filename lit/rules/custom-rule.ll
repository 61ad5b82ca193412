; A user rules file (--rules, or LLAD_OPTIONS for the plugin) gives a derivative to an external
; function and marks another one inactive. Without it, the same input is an error.
; RUN: rm -rf %t && split-file %s %t
; RUN: %llad --rules %t/my.rules %t/input.ll -S -o - | FileCheck %s
; RUN: env LLAD_OPTIONS="--rules %t/my.rules --lint" opt -load-pass-plugin=%plugin -passes=llad %t/input.ll -S -o - | FileCheck %s
; RUN: not %llad %t/input.ll -S -o /dev/null 2>&1 | FileCheck %s --check-prefix=NORULE
; RUN: not %llad --rules %t/trace-only.rules %t/input.ll -S -o /dev/null 2>&1 | FileCheck %s --check-prefix=TRACEONLY

; CHECK-LABEL: define internal double @fwddiffe_f(double %x, double %dx)
; CHECK:         call void @trace(ptr %x.addr)
; CHECK-NEXT:    %m = call double @mystery(double %x)
; CHECK-NEXT:    [[P:%.*]] = fmul double 2.000000e+00, %x
; CHECK-NEXT:    [[T:%.*]] = fmul double [[P]], %dx
; CHECK-NEXT:    ret double [[T]]

; NORULE:    llad: error: in function 'f', instruction `call void @trace(ptr %x.addr)`: cannot differentiate: call to external function 'trace' with active arguments, and llad has no derivative for it
; TRACEONLY: llad: error: in function 'f', instruction `%m = call double @mystery(double %x)`: cannot differentiate: call to external function 'mystery' with active arguments, and llad has no derivative for it

;--- my.rules
# d/dx mystery(x) = 2x
mystery(x): 2 * x
trace
;--- trace-only.rules
trace
;--- input.ll
declare double @__enzyme_fwddiff(ptr, ...)
declare double @mystery(double)
declare void @trace(ptr)

define double @f(double %x) {
  %x.addr = alloca double
  store double %x, ptr %x.addr
  call void @trace(ptr %x.addr)
  %m = call double @mystery(double %x)
  ret double %m
}

define double @test(double %x) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @f, double %x, double 1.0)
  ret double %r
}
