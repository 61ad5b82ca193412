; What a counted loop nest keeps on the tape (--print-tape). A triangular nest: the inner loop
; starts at the outer counter plus one, both exit on `next == n`, guards skip empty loops, and x[i]
; is read before the inner loop and overwritten after it (so it cannot be reloaded).
; - No edge index: loop headers follow from their counters (any start), the blocks after the
;   guards from the guard conditions (n and the counters are available in the reverse).
; - No counter is pushed when a loop is left: its exit value is n - 1.
; - x[i] is pushed once where the inner loop is left, not once per inner iteration; x[j] (loaded
;   inside, overwritten later) is pushed per inner iteration, 8 bytes.
; - The inner loop's trip count is known at its entry: it reserves its pushes (llad.tape.reserve)
;   and pushes unchecked.
; RUN: %llad %s -S -o %t.ll --print-tape 2>&1 | FileCheck %s
; RUN: FileCheck %s --check-prefix=IR < %t.ll
; RUN: env LLAD_OPTIONS="--print-tape --lint" opt -load-pass-plugin=%plugin -passes=llad %s -disable-output 2>&1 | FileCheck %s

declare void @__enzyme_autodiff(ptr, ...)

define double @tri(ptr %x, i64 %n) {
entry:
  %guard = icmp sgt i64 %n, 0
  br i1 %guard, label %outer, label %done
outer:
  %i = phi i64 [ 0, %entry ], [ %i.next, %outer.latch ]
  %s = phi double [ 0.0, %entry ], [ %s.inner, %outer.latch ]
  %xp = getelementptr inbounds double, ptr %x, i64 %i
  %xi = load double, ptr %xp, align 8
  %j0 = add nuw nsw i64 %i, 1
  %inner.guard = icmp slt i64 %j0, %n
  br i1 %inner.guard, label %inner, label %outer.latch
inner:
  %j = phi i64 [ %j0, %outer ], [ %j.next, %inner ]
  %t = phi double [ %s, %outer ], [ %t.next, %inner ]
  %xjp = getelementptr inbounds double, ptr %x, i64 %j
  %xj = load double, ptr %xjp, align 8
  %p = fmul double %xi, %xj
  %t.next = fadd double %t, %p
  %j.next = add nuw nsw i64 %j, 1
  %jdone = icmp eq i64 %j.next, %n
  br i1 %jdone, label %outer.latch, label %inner
outer.latch:
  %s.inner = phi double [ %s, %outer ], [ %t.next, %inner ]
  store double 0.0, ptr %xp, align 8
  %i.next = add nuw nsw i64 %i, 1
  %idone = icmp eq i64 %i.next, %n
  br i1 %idone, label %done, label %outer
done:
  %r = phi double [ 0.0, %entry ], [ %s.inner, %outer.latch ]
  ret double %r
}

define void @grad(ptr %x, ptr %dx, i64 %n) {
  call void (ptr, ...) @__enzyme_autodiff(ptr @tri, ptr %x, ptr %dx, i64 %n)
  ret void
}

; CHECK-LABEL: tape for tri
; CHECK-NOT:   edge index
; CHECK:       each time block %inner runs:
; CHECK-NEXT:    value %xj (operand of a product: %p = fmul double %xi, %xj)
; CHECK-NOT:   edge index
; CHECK:       leaving a loop ({{.*}}): %xi (induction variables
; CHECK-NOT:   leaving a loop
; CHECK:       bytes: 0 once per call
; CHECK-DAG:   bytes: up to 0 per iteration of the loop at block %outer, 0 when it is left
; CHECK-DAG:   bytes: up to 8 per iteration of the loop at block %inner, 8 when it is left

; IR-LABEL: define internal double @augmented_tri(
; IR:         call void @llad.tape.reserve(ptr %{{.*}}, i64 %{{.*}}, i64 8)
; IR:       inner:
; IR:         call ptr @llad.tape.push.unchecked(
