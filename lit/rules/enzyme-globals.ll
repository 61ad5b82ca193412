; Enzyme's registration globals, in the IR clang makes of them (design §3, enzyme-c-api.md §2.1):
; __enzyme_register_derivative<any> = {f, fwd}, __enzyme_register_gradient<any> = {f, aug, rev},
; __enzyme_inactivefn<any> = {fn}, __enzyme_inactive_global<any> = &g. The rules are used with
; Enzyme's convention (no config); malformed globals are errors naming the global (Enzyme itself
; hits llvm_unreachable).
; RUN: %llad %s -S -o - | FileCheck %s
; RUN: opt -load-pass-plugin=%plugin -passes=llad %s -S -o - | FileCheck %s
; RUN: sed -e 's/\[3 x ptr\] \[ptr @f, ptr @f_aug, ptr @f_rev\]/[2 x ptr] [ptr @f, ptr @f_aug]/' %s | not %llad - -S -o /dev/null 2>&1 | FileCheck %s --check-prefix=SHORT-GRADIENT
; RUN: sed -e 's/\[2 x ptr\] \[ptr @f, ptr @f_fwd\]/[2 x ptr] [ptr @f, ptr null]/' %s | not %llad - -S -o /dev/null 2>&1 | FileCheck %s --check-prefix=NULL-DERIVATIVE
; RUN: sed -e 's/\[1 x ptr\] \[ptr @trace\]/[1 x ptr] [ptr @counter]/' %s | not %llad - -S -o /dev/null 2>&1 | FileCheck %s --check-prefix=INACTIVEFN-GLOBAL
; RUN: sed -e 's/global ptr @counter$/global ptr @trace/' %s | not %llad - -S -o /dev/null 2>&1 | FileCheck %s --check-prefix=INACTIVE-GLOBAL-FN
; Without the inactive markers, @trace (no body) and the store into @counter are errors.
; RUN: sed -e 's/^@__enzyme_inactivefn_trace = .*$//' %s | not %llad - -S -o /dev/null 2>&1 | FileCheck %s --check-prefix=NO-INACTIVEFN
; RUN: sed -e 's/^@__enzyme_inactive_global_counter = .*$//' %s | %llad - -S -o - | FileCheck %s --check-prefix=NO-INACTIVE-GLOBAL

; CHECK:       @counter = global double 0.000000e+00, !llad.inactive
; CHECK-NOT:   @llad.config
; CHECK-LABEL: define internal double @fwddiffe_g(ptr %y, ptr %dy, ptr %x, ptr %dx)
; CHECK-NEXT:    [[PAIR:%.*]] = call { double, double } @f_fwd(ptr %y, ptr %dy, ptr %x, ptr %dx)
; CHECK-NEXT:    [[P:%.*]] = extractvalue { double, double } [[PAIR]], 0
; CHECK-NEXT:    extractvalue { double, double } [[PAIR]], 1
; CHECK-NEXT:    call void @trace(ptr %x)
; CHECK-NEXT:    store double [[P]], ptr @counter
; CHECK-LABEL: define internal double @augmented_g(ptr %y, ptr %dy, ptr %x, ptr %dx, ptr noalias %tape)
; CHECK-NEXT:    call { ptr, double } @f_aug(ptr %y, ptr %dy, ptr %x, ptr %dx)
; CHECK-LABEL: define internal void @reverse_g(
; CHECK:         call void @f_rev(ptr %y, ptr %dy, ptr %x, ptr %dx, double {{%.*}}, ptr {{%.*}})
; CHECK-NOT: define {{.*}}@fwddiffe_f(
; CHECK-NOT: define {{.*}}@augmented_f(

; SHORT-GRADIENT: llad: error: {{.*}}registration global '__enzyme_register_gradient_f' must be an array of at least 3 functions
; NULL-DERIVATIVE: llad: error: {{.*}}registration global '__enzyme_register_derivative_f' must be an array of at least 2 functions
; INACTIVEFN-GLOBAL: llad: error: {{.*}}registration global '__enzyme_inactivefn_trace' must hold a function
; INACTIVE-GLOBAL-FN: llad: error: {{.*}}registration global '__enzyme_inactive_global_counter' must hold the address of a global
; NO-INACTIVEFN: llad: error: in function 'g', instruction `call void @trace(ptr %x)`: cannot differentiate: call to external function 'trace' with active arguments
; Without the marker the global carries the derivative in a shadow global.
; NO-INACTIVE-GLOBAL: @counter_shadow = internal global double 0.000000e+00

declare double @__enzyme_fwddiff(ptr, ...)
declare void @__enzyme_autodiff_v(ptr, ...)

define double @f(ptr %y, ptr %x) {
  %x0 = load double, ptr %x
  %s0 = fmul double %x0, %x0
  store double %s0, ptr %y
  ret double %s0
}
declare { double, double } @f_fwd(ptr, ptr, ptr, ptr)
declare { ptr, double } @f_aug(ptr, ptr, ptr, ptr)
declare void @f_rev(ptr, ptr, ptr, ptr, double, ptr)
declare void @trace(ptr)
@counter = global double 0.0

@__enzyme_register_derivative_f = global [2 x ptr] [ptr @f, ptr @f_fwd]
@__enzyme_register_gradient_f = global [3 x ptr] [ptr @f, ptr @f_aug, ptr @f_rev]
@__enzyme_inactivefn_trace = global [1 x ptr] [ptr @trace]
@__enzyme_inactive_global_counter = global ptr @counter

define double @g(ptr %y, ptr %x) {
  %r = call double @f(ptr %y, ptr %x)
  call void @trace(ptr %x)
  store double %r, ptr @counter
  %m = fmul double %r, %r
  ret double %m
}

define double @test_fwd_g(ptr %y, ptr %dy, ptr %x, ptr %dx) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @g, metadata !"enzyme_dup", ptr %y, ptr %dy, metadata !"enzyme_dup", ptr %x, ptr %dx)
  ret double %r
}
define void @test_rev_g(ptr %y, ptr %dy, ptr %x, ptr %dx) {
  call void (ptr, ...) @__enzyme_autodiff_v(ptr @g, metadata !"enzyme_dup", ptr %y, ptr %dy, metadata !"enzyme_dup", ptr %x, ptr %dx)
  ret void
}
