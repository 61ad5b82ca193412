; Regression test: the augmented primal copies the primal's function
; attributes. @dot is `memory(argmem: read) nofree nosync willreturn`, so @augmented_dot claims it only
; reads its arguments although it pushes onto the tape (memory reached through a loaded pointer, and
; possibly realloc'ed). The optimizer then deletes the call of @augmented_dot (its result is unused),
; the reverse sweep pops from an empty tape, and the program segfaults (see
; reverse-augmented-attributes.c). Expected: augmented_* functions drop memory(...)/nofree/nosync (and
; similar) attributes inherited from the primal.
; RUN: %llad %s -S -o - | FileCheck %s
; RUN: %llad %s -S -o - | opt -passes='default<O2>' -S | FileCheck %s --check-prefix=OPT

declare void @__enzyme_autodiff(ptr, ...)

define internal double @dot(ptr nocapture readonly %a, ptr nocapture readonly %b) #0 {
  %a0 = load double, ptr %a, align 8
  %b0 = load double, ptr %b, align 8
  %m0 = fmul double %a0, %b0
  %a1p = getelementptr inbounds double, ptr %a, i64 1
  %b1p = getelementptr inbounds double, ptr %b, i64 1
  %a1 = load double, ptr %a1p, align 8
  %b1 = load double, ptr %b1p, align 8
  %m1 = fmul double %a1, %b1
  %s = fadd double %m0, %m1
  ret double %s
}

define void @test(ptr %a, ptr %da, ptr %b) {
  call void (ptr, ...) @__enzyme_autodiff(ptr @dot, ptr %a, ptr %da, metadata !"enzyme_const", ptr %b)
  ret void
}

attributes #0 = { mustprogress nofree norecurse nosync nounwind willreturn memory(argmem: read) }

; CHECK: define internal double @augmented_dot({{.*}}) [[ATTRS:#[0-9]+]]
; CHECK-NOT: attributes [[ATTRS]] = { {{.*}}memory(argmem: read)

; After optimization the gradient is da[i] += b[i] (nothing needs the tape: b is reloaded, the
; shadow addresses are recomputed), and no call was deleted from under the reverse.
; OPT-LABEL: define void @test(
; OPT-NOT:     inttoptr
; OPT:         store double {{%.*}}, ptr {{%.*}}, align 8
; OPT:         store double {{%.*}}, ptr %da, align 8
; OPT-NOT:     inttoptr
; OPT:         ret void
