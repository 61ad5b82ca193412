; `!llad.inactive` (design §3) on a function (defined or declared) and on a global. Seed tutorial:
; printhi is inactive, so k(x) = x^2 still calls it and its derivative is 2x; `twice` is wrongly
; marked inactive, so x + twice(x) has derivative 1 (the tangent and the adjoint ignore the call);
; @show (no body) receives a pointer to an active value and the inactive global @last_value
; receives an active value. Without the markers the same module is an error (show has no body;
; @last_value has no shadow) or gets d(x + 2x) = 3.
; RUN: %llad %s -S -o - | FileCheck %s
; RUN: opt -load-pass-plugin=%plugin -passes=llad %s -S -o - | FileCheck %s
; RUN: sed -e 's/^declare !llad.inactive !0 void @show/declare void @show/' %s | not %llad - -S -o /dev/null 2>&1 | FileCheck %s --check-prefix=NOFN
; RUN: sed -e 's/^@last_value = global double 0.0, !llad.inactive !0/@last_value = global double 0.0/' %s | %llad - -S -o - | FileCheck %s --check-prefix=NOGLOBAL
; RUN: sed -e 's/^define double @twice(double %%x) !llad.inactive !0 {/define double @twice(double %%x) {/' %s | %llad - -S -o - | FileCheck %s --check-prefix=NOTWICE

declare double @__enzyme_fwddiff(ptr, ...)
declare double @__enzyme_autodiff(ptr, ...)

@last_value = global double 0.0, !llad.inactive !0

define void @printhi() !llad.inactive !0 {
  ret void
}
declare !llad.inactive !0 void @show(ptr)

define double @twice(double %x) !llad.inactive !0 {
  %m = fmul double %x, 2.0
  ret double %m
}

define double @k(double %x) {
  %slot = alloca double
  store double %x, ptr %slot
  call void @printhi()
  call void @show(ptr %slot)
  store double %x, ptr @last_value
  %m = fmul double %x, %x
  ret double %m
}

define double @x_plus_twice(double %x) {
  %t = call double @twice(double %x)
  %s = fadd double %x, %t
  ret double %s
}

define double @test_k(double %x) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @k, double %x, double 1.0)
  ret double %r
}
define double @test_k_rev(double %x) {
  %r = call double (ptr, ...) @__enzyme_autodiff(ptr @k, double %x)
  ret double %r
}
define double @test_twice(double %x) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @x_plus_twice, double %x, double 1.0)
  ret double %r
}
define double @test_twice_rev(double %x) {
  %r = call double (ptr, ...) @__enzyme_autodiff(ptr @x_plus_twice, double %x)
  ret double %r
}

!0 = !{}

; CHECK-LABEL: define internal double @fwddiffe_k(double %x, double %dx)
; CHECK:         call void @printhi()
; CHECK-NEXT:    call void @show(ptr %slot)
; CHECK-NEXT:    store double %x, ptr @last_value
; CHECK-NEXT:    %m = fmul double %x, %x
; CHECK-NEXT:    [[A:%.*]] = fmul double %dx, %x
; CHECK-NEXT:    [[B:%.*]] = fmul double %x, %dx
; CHECK-NEXT:    [[S:%.*]] = fadd reassoc double [[A]], [[B]]
; CHECK-NEXT:    ret double [[S]]

; The augmented primal runs printhi and the store once; the sweep does not repeat them.
; CHECK-LABEL: define internal double @augmented_k(double %x, ptr noalias %tape)
; CHECK:         call void @printhi()
; CHECK-NEXT:    call void @show(ptr %slot)
; CHECK-NEXT:    store double %x, ptr @last_value
; CHECK-LABEL: define internal { double } @reverse_k(
; CHECK-NOT:     @printhi
; CHECK-NOT:     @show
; CHECK-NOT:     @last_value
; CHECK:         ret { double }

; twice is called for its value, and contributes no tangent: d(x + twice(x)) = dx (the term of
; the constant operand vanishes from fadd's tangent rule, so dx is returned as it is).
; CHECK-LABEL: define internal double @fwddiffe_x_plus_twice(double %x, double %dx)
; CHECK-NEXT:    %t = call double @twice(double %x)
; CHECK-NEXT:    %s = fadd double %x, %t
; CHECK-NEXT:    ret double %dx
; CHECK-LABEL: define internal { double } @reverse_x_plus_twice(
; CHECK-NOT:     @twice
; CHECK:         ret { double }
; CHECK-NOT: define {{.*}}@fwddiffe_twice
; CHECK-NOT: define {{.*}}@reverse_twice

; NOFN: llad: error: in function 'k', instruction `call void @show(ptr %slot)`: cannot differentiate: call to external function 'show' with active arguments, and llad has no derivative for it
; Without the marker the global carries the derivative in a shadow global.
; NOGLOBAL: @last_value_shadow = internal global double 0.000000e+00
; NOTWICE-LABEL: define internal double @fwddiffe_x_plus_twice(double %x, double %dx)
; NOTWICE-NEXT:    call { double, double } @fwddiffe_twice(double %x, double %dx)
