; Reverse mode (__enzyme_autodiff): the request becomes an augmented primal that records what the
; reverse sweep needs on a tape, then the reverse sweep, seeded with 1.0 for the return. Active
; scalars' adjoints are returned ({d/dx, d/dy}); a dup pointer's adjoint is accumulated into its shadow.
; RUN: %llad %s -S -o - | FileCheck %s
; RUN: opt -load-pass-plugin=%plugin -passes=llad %s -S -o - | FileCheck %s

declare { double, double } @__enzyme_autodiff(ptr, ...)
declare void @__enzyme_autodiff_v(ptr, ...)
declare double @llvm.sin.f64(double)

; f = sin(x) * y: df/dx = cos(x) * y, df/dy = sin(x)
define double @f(double %x, double %y) {
  %s = call double @llvm.sin.f64(double %x)
  %m = fmul double %s, %y
  ret double %m
}

; *p = *p * k, k constant: the adjoint of *p is multiplied by k.
define void @scale(ptr %p, double %k) {
  %v = load double, ptr %p, align 8
  %m = fmul double %v, %k
  store double %m, ptr %p, align 8
  ret void
}

define { double, double } @test(double %x, double %y) {
  %r = call { double, double } (ptr, ...) @__enzyme_autodiff(ptr @f, double %x, double %y)
  ret { double, double } %r
}

define void @test_ptr(ptr %p, ptr %dp, double %k) {
  call void (ptr, ...) @__enzyme_autodiff_v(ptr @scale, ptr %p, ptr %dp, metadata !"enzyme_const", double %k)
  ret void
}

; CHECK-LABEL: define { double, double } @test(double %x, double %y)
; CHECK:         call double @augmented_f(double %x, double %y, ptr [[TAPE:%.*]])
; CHECK-NEXT:    [[ADJ:%.*]] = call { double, double } @reverse_f(double %x, double %y, double 1.000000e+00, ptr [[TAPE]])
; CHECK:         ret { double, double } [[ADJ]]

; CHECK-LABEL: define void @test_ptr(ptr %p, ptr %dp, double %k)
; CHECK:         call void @augmented_scale(ptr %p, ptr %dp, double %k, ptr [[TAPE:%.*]])
; CHECK-NEXT:    call void @reverse_scale(ptr %p, ptr %dp, double %k, ptr [[TAPE]])

; CHECK-NOT: __enzyme_autodiff

; The augmented primal saves sin(x) (needed for d/dy); x and y come back as arguments.
; CHECK-LABEL: define internal double @augmented_f(double %x, double %y, ptr noalias %tape)
; CHECK:         %s = call double @llvm.sin.f64(double %x)
; CHECK:         %m = fmul double %s, %y
; CHECK:         [[SLOT:%.*]] = call ptr @llad.tape.push(ptr %tape, i64 8)
; CHECK-NEXT:    store double %s, ptr [[SLOT]], align 8
; CHECK:         ret double %m

; CHECK-LABEL: define internal { double, double } @reverse_f(double %x, double %y, double %dret, ptr noalias %tape)
; CHECK:         [[POP:%.*]] = call ptr @llad.tape.pop(ptr %tape, i64 8)
; CHECK-NEXT:    [[S:%.*]] = load double, ptr [[POP]], align 8
; CHECK:         fmul double {{%.*}}, %y
; CHECK:         fmul double {{%.*}}, [[S]]
; CHECK:         call double @llvm.cos.f64(double %x)
; CHECK:         ret { double, double }

; Nothing needs saving for *p = *p * k: k is an argument.
; CHECK-LABEL: define internal void @augmented_scale(ptr %p, ptr %dp, double %k, ptr noalias %tape)
; CHECK-NOT:     tape.push
; CHECK:         store double %m, ptr %p, align 8
; CHECK-NOT:     store double {{.*}}, ptr %dp
; CHECK:         ret void

; The store's reverse reads and zeroes the shadow; the load's reverse accumulates into it.
; CHECK-LABEL: define internal void @reverse_scale(ptr %p, ptr %dp, double %k, ptr noalias %tape)
; CHECK-NOT:     tape.pop
; CHECK:         [[DM:%.*]] = load double, ptr %dp, align 8
; CHECK-NEXT:    store double 0.000000e+00, ptr %dp, align 8
; CHECK:         fmul double {{%.*}}, %k
; CHECK:         [[OLD:%.*]] = load double, ptr %dp, align 8
; CHECK-NEXT:    [[NEW:%.*]] = fadd double [[OLD]], {{%.*}}
; CHECK-NEXT:    store double [[NEW]], ptr %dp, align 8
; CHECK:         ret void
