; A request declared with a return type the derivative cannot be adapted to.
; RUN: not %llad %s -S -o /dev/null 2>&1 | FileCheck %s --check-prefixes=CHECK,CLI
; RUN: not opt -load-pass-plugin=%plugin -passes=llad %s -disable-output 2>&1 | FileCheck %s --check-prefixes=CHECK,PLUGIN

declare float @__enzyme_fwddiff(ptr, ...)

define double @square(double %x) {
  %m = fmul double %x, %x
  ret double %m
}

define float @test(double %x) {
  %r = call float (ptr, ...) @__enzyme_fwddiff(ptr @square, double %x, double 1.0)
  ret float %r
}

; CLI:         llad: error: in function 'test', instruction `%r = call float (ptr, ...) @__enzyme_fwddiff(ptr @square, double %x, double 1.000000e+00)`: invalid derivative request: the request is declared to return float but the derivative returns double
; PLUGIN:      error: llad: in function 'test', instruction `%r = call float (ptr, ...) @__enzyme_fwddiff(ptr @square, double %x, double 1.000000e+00)`: invalid derivative request: the request is declared to return float but the derivative returns double
; CHECK-NEXT:  {{^}}  hint: declare the request with the derivative's return type (forward: the tangent, or {primal, tangent} with enzyme_primal_return; reverse: the adjoints of the active arguments)
