; The tape: a growable LIFO byte stack shared by the augmented primal and reverse functions of
; one gradient computation. llad links these helpers into a module that needs them.
; Layout: { ptr buffer, i64 size, i64 capacity, ptr kept, i64 kept size, i64 kept capacity }: the
; second stack lists shadows of memory that may outlive the gradient (`llad.tape.keep`).

declare ptr @realloc(ptr, i64)
declare ptr @malloc(i64)
declare void @free(ptr)
declare void @abort()

; Makes room for `bytes` more bytes and returns where they go.
define ptr @llad.tape.push(ptr nocapture %tape, i64 %bytes) alwaysinline {
entry:
  %size.p = getelementptr inbounds { ptr, i64, i64 }, ptr %tape, i32 0, i32 1
  %cap.p = getelementptr inbounds { ptr, i64, i64 }, ptr %tape, i32 0, i32 2
  %size = load i64, ptr %size.p, align 8
  %cap = load i64, ptr %cap.p, align 8
  %new = add i64 %size, %bytes
  %full = icmp ugt i64 %new, %cap
  br i1 %full, label %grow, label %done, !prof !0
grow:
  call void @llad.tape.grow(ptr %tape, i64 %new)
  br label %done
done:
  %buf = load ptr, ptr %tape, align 8
  store i64 %new, ptr %size.p, align 8
  %slot = getelementptr inbounds i8, ptr %buf, i64 %size
  ret ptr %slot
}

define void @llad.tape.grow(ptr nocapture %tape, i64 %needed) noinline {
entry:
  %cap.p = getelementptr inbounds { ptr, i64, i64 }, ptr %tape, i32 0, i32 2
  %cap = load i64, ptr %cap.p, align 8
  %buf = load ptr, ptr %tape, align 8
  %first = icmp eq ptr %buf, null
  br i1 %first, label %reuse, label %resize
reuse:
  ; A new tape starts with the buffer an earlier gradient left behind, so tapes of repeated
  ; gradients neither grow call after call nor fault in fresh pages.
  %spare = atomicrmw xchg ptr @llad.tape.spare, ptr null acq_rel, align 8
  %have = icmp ne ptr %spare, null
  br i1 %have, label %check, label %resize
check:
  %usable = call i64 @malloc_usable_size(ptr %spare)
  %fits = icmp uge i64 %usable, %needed
  br i1 %fits, label %taken, label %too.small
too.small:
  call void @free(ptr %spare)
  br label %resize
taken:
  store ptr %spare, ptr %tape, align 8
  store i64 %usable, ptr %cap.p, align 8
  ret void
resize:
  %twice = shl i64 %cap, 1
  %a = call i64 @llvm.umax.i64(i64 %twice, i64 %needed)
  %newcap = call i64 @llvm.umax.i64(i64 %a, i64 4096)
  %newbuf = call ptr @realloc(ptr %buf, i64 %newcap)
  %failed = icmp eq ptr %newbuf, null
  br i1 %failed, label %oom, label %ok
oom:
  call void @abort()
  unreachable
ok:
  store ptr %newbuf, ptr %tape, align 8
  store i64 %newcap, ptr %cap.p, align 8
  ret void
}

; llad.tape.grow and llad.tape.recycle without the spare buffer: what a derivative of a derivative
; differentiates (analysis/calls.rs), since the spare buffer is shared state that has no shadow.
define void @llad.tape.grow.plain(ptr nocapture %tape, i64 %needed) noinline {
entry:
  %cap.p = getelementptr inbounds { ptr, i64, i64 }, ptr %tape, i32 0, i32 2
  %cap = load i64, ptr %cap.p, align 8
  %buf = load ptr, ptr %tape, align 8
  %twice = shl i64 %cap, 1
  %a = call i64 @llvm.umax.i64(i64 %twice, i64 %needed)
  %newcap = call i64 @llvm.umax.i64(i64 %a, i64 4096)
  %newbuf = call ptr @realloc(ptr %buf, i64 %newcap)
  %failed = icmp eq ptr %newbuf, null
  br i1 %failed, label %oom, label %ok
oom:
  call void @abort()
  unreachable
ok:
  store ptr %newbuf, ptr %tape, align 8
  store i64 %newcap, ptr %cap.p, align 8
  ret void
}

define void @llad.tape.recycle.plain(ptr %buf, i64 %cap) {
entry:
  call void @free(ptr %buf)
  ret void
}

; One spare tape buffer for the process (the largest recently released; threads exchange it
; atomically). A global, not thread-local: a thread's exit would lose it, and lli frees the code
; a thread-exit destructor would run.
@llad.tape.spare = internal global ptr null, align 8

; A finished tape's buffer becomes the spare, unless the spare is larger.
define void @llad.tape.recycle(ptr %buf, i64 %cap) {
entry:
  %none = icmp eq ptr %buf, null
  br i1 %none, label %done, label %offer
offer:
  %old = atomicrmw xchg ptr @llad.tape.spare, ptr %buf acq_rel, align 8
  %had = icmp ne ptr %old, null
  br i1 %had, label %compare, label %done
compare:
  %old.size = call i64 @malloc_usable_size(ptr %old)
  %new.size = call i64 @malloc_usable_size(ptr %buf)
  %old.larger = icmp ugt i64 %old.size, %new.size
  br i1 %old.larger, label %restore, label %drop.old
restore:
  %back = atomicrmw xchg ptr @llad.tape.spare, ptr %old acq_rel, align 8
  call void @free(ptr %back)
  br label %done
drop.old:
  call void @free(ptr %old)
  br label %done
done:
  ret void
}

; Makes room for `trips` times `bytes` more bytes without pushing them: a loop whose trip count is
; known at its entry reserves what its iterations push, which then use `push.unchecked`.
define void @llad.tape.reserve(ptr nocapture %tape, i64 %trips, i64 %bytes) alwaysinline {
entry:
  %product = call { i64, i1 } @llvm.umul.with.overflow.i64(i64 %trips, i64 %bytes)
  %all = extractvalue { i64, i1 } %product, 0
  %overflow = extractvalue { i64, i1 } %product, 1
  %size.p = getelementptr inbounds { ptr, i64, i64 }, ptr %tape, i32 0, i32 1
  %cap.p = getelementptr inbounds { ptr, i64, i64 }, ptr %tape, i32 0, i32 2
  %size = load i64, ptr %size.p, align 8
  %cap = load i64, ptr %cap.p, align 8
  %sum = call { i64, i1 } @llvm.uadd.with.overflow.i64(i64 %size, i64 %all)
  %new = extractvalue { i64, i1 } %sum, 0
  %overflow2 = extractvalue { i64, i1 } %sum, 1
  %bad = or i1 %overflow, %overflow2
  br i1 %bad, label %oom, label %check
oom:
  call void @abort()
  unreachable
check:
  %full = icmp ugt i64 %new, %cap
  br i1 %full, label %grow, label %done, !prof !0
grow:
  call void @llad.tape.grow(ptr %tape, i64 %new)
  br label %done
done:
  ret void
}

; A push inside a loop that reserved room for it.
define ptr @llad.tape.push.unchecked(ptr nocapture %tape, i64 %bytes) alwaysinline {
entry:
  %size.p = getelementptr inbounds { ptr, i64, i64 }, ptr %tape, i32 0, i32 1
  %size = load i64, ptr %size.p, align 8
  %new = add i64 %size, %bytes
  %buf = load ptr, ptr %tape, align 8
  store i64 %new, ptr %size.p, align 8
  %slot = getelementptr inbounds i8, ptr %buf, i64 %size
  ret ptr %slot
}

declare { i64, i1 } @llvm.umul.with.overflow.i64(i64, i64)
declare { i64, i1 } @llvm.uadd.with.overflow.i64(i64, i64)

; Removes the last `bytes` bytes and returns where they are.
define ptr @llad.tape.pop(ptr nocapture %tape, i64 %bytes) alwaysinline {
entry:
  %size.p = getelementptr inbounds { ptr, i64, i64 }, ptr %tape, i32 0, i32 1
  %size = load i64, ptr %size.p, align 8
  %new = sub i64 %size, %bytes
  store i64 %new, ptr %size.p, align 8
  %buf = load ptr, ptr %tape, align 8
  %slot = getelementptr inbounds i8, ptr %buf, i64 %new
  ret ptr %slot
}

; A heap tape for split mode (__enzyme_augmentfwd returns it, __enzyme_reverse frees it).
define ptr @llad.tape.new() {
entry:
  %t = call ptr @calloc(i64 1, i64 48)
  %failed = icmp eq ptr %t, null
  br i1 %failed, label %oom, label %ok
oom:
  call void @abort()
  unreachable
ok:
  ret ptr %t
}

; Shadows of memory a differentiated function hands to its caller (and maybe to the user): the
; reverse of the allocation leaves them alone. If the program frees the memory before the gradient
; ends (`llad.tape.freed`), the shadow is freed with the tape; otherwise the user keeps it, as the
; memory itself. Entries are shadow pointers; bit 0 set marks "freed".
define void @llad.tape.keep(ptr nocapture %tape, ptr %shadow) {
entry:
  %n.p = getelementptr inbounds { ptr, i64, i64, ptr, i64, i64 }, ptr %tape, i32 0, i32 4
  %cap.p = getelementptr inbounds { ptr, i64, i64, ptr, i64, i64 }, ptr %tape, i32 0, i32 5
  %list.p = getelementptr inbounds { ptr, i64, i64, ptr, i64, i64 }, ptr %tape, i32 0, i32 3
  %n = load i64, ptr %n.p, align 8
  %cap = load i64, ptr %cap.p, align 8
  %full = icmp eq i64 %n, %cap
  br i1 %full, label %grow, label %add
grow:
  %twice = shl i64 %cap, 1
  %newcap = call i64 @llvm.umax.i64(i64 %twice, i64 16)
  %old = load ptr, ptr %list.p, align 8
  %bytes = shl i64 %newcap, 3
  %new = call ptr @realloc(ptr %old, i64 %bytes)
  %failed = icmp eq ptr %new, null
  br i1 %failed, label %oom, label %grown
oom:
  call void @abort()
  unreachable
grown:
  store ptr %new, ptr %list.p, align 8
  store i64 %newcap, ptr %cap.p, align 8
  br label %add
add:
  %list = load ptr, ptr %list.p, align 8
  %slot = getelementptr inbounds ptr, ptr %list, i64 %n
  store ptr %shadow, ptr %slot, align 8
  %n1 = add i64 %n, 1
  store i64 %n1, ptr %n.p, align 8
  ret void
}

; The program frees memory whose shadow is `shadow`: if that shadow is kept, it is freed with the
; tape. Searched from the most recent entry (memory is mostly freed in reverse order of allocation).
define void @llad.tape.freed(ptr nocapture %tape, ptr %shadow) {
entry:
  %n.p = getelementptr inbounds { ptr, i64, i64, ptr, i64, i64 }, ptr %tape, i32 0, i32 4
  %list.p = getelementptr inbounds { ptr, i64, i64, ptr, i64, i64 }, ptr %tape, i32 0, i32 3
  %n = load i64, ptr %n.p, align 8
  %list = load ptr, ptr %list.p, align 8
  br label %loop
loop:
  %i = phi i64 [ %n, %entry ], [ %k, %next ]
  %done = icmp eq i64 %i, 0
  br i1 %done, label %exit, label %look
look:
  %k = sub i64 %i, 1
  %slot = getelementptr inbounds ptr, ptr %list, i64 %k
  %entry.v = load ptr, ptr %slot, align 8
  %same = icmp eq ptr %entry.v, %shadow
  br i1 %same, label %mark, label %next
next:
  br label %loop
mark:
  %bits = ptrtoint ptr %shadow to i64
  %marked = or i64 %bits, 1
  %m = inttoptr i64 %marked to ptr
  store ptr %m, ptr %slot, align 8
  br label %exit
exit:
  ret void
}

; Frees a tape's buffer (combined mode keeps the tape itself on the stack) and the kept shadows
; whose memory the program freed.
define void @llad.tape.release(ptr nocapture %tape) {
entry:
  %buf = load ptr, ptr %tape, align 8
  %cap.p = getelementptr inbounds { ptr, i64, i64 }, ptr %tape, i32 0, i32 2
  %cap = load i64, ptr %cap.p, align 8
  call void @llad.tape.recycle(ptr %buf, i64 %cap)
  call void @llad.tape.release.kept(ptr %tape)
  ret void
}

; (Separate and inactive: a derivative of a derivative differentiates llad.tape.release, and the
; marked pointers here are bits, not addresses to follow.)
define void @llad.tape.release.kept(ptr nocapture %tape) {
entry:
  %n.p = getelementptr inbounds { ptr, i64, i64, ptr, i64, i64 }, ptr %tape, i32 0, i32 4
  %list.p = getelementptr inbounds { ptr, i64, i64, ptr, i64, i64 }, ptr %tape, i32 0, i32 3
  %n = load i64, ptr %n.p, align 8
  %list = load ptr, ptr %list.p, align 8
  br label %loop
loop:
  %i = phi i64 [ 0, %entry ], [ %i1, %next ]
  %done = icmp eq i64 %i, %n
  br i1 %done, label %exit, label %look
look:
  %slot = getelementptr inbounds ptr, ptr %list, i64 %i
  %v = load ptr, ptr %slot, align 8
  %bits = ptrtoint ptr %v to i64
  %low = and i64 %bits, 1
  %freed = icmp ne i64 %low, 0
  br i1 %freed, label %release, label %next
release:
  %clear = and i64 %bits, -2
  %p = inttoptr i64 %clear to ptr
  call void @free(ptr %p)
  br label %next
next:
  %i1 = add i64 %i, 1
  br label %loop
exit:
  call void @free(ptr %list)
  ret void
}

define void @llad.tape.delete(ptr %tape) {
entry:
  call void @llad.tape.release(ptr %tape)
  call void @free(ptr %tape)
  ret void
}

; Reverse of memcpy/memmove on double memory: ds[k] += dd[k]; dd[k] = 0 (overlap-safe).
define void @llad.memcpy.adjoint.f64(ptr %dd, ptr %ds, i64 %bytes) alwaysinline {
entry:
  %n = lshr i64 %bytes, 3
  ; Disjoint shadows (a memcpy, most memmoves) take one fused pass without a scratch copy.
  %dd.end = getelementptr inbounds i8, ptr %dd, i64 %bytes
  %ds.end = getelementptr inbounds i8, ptr %ds, i64 %bytes
  %below = icmp ule ptr %dd.end, %ds
  %above = icmp ule ptr %ds.end, %dd
  %disjoint = or i1 %below, %above
  %empty.d = icmp eq i64 %n, 0
  br i1 %disjoint, label %fused.check, label %overlap
fused.check:
  br i1 %empty.d, label %done, label %fused
fused:
  call void @llad.memcpy.adjoint.f64.disjoint(ptr %dd, ptr %ds, i64 %n)
  br label %done
done:
  ret void
overlap:
  call void @llad.memcpy.adjoint.f64.overlap(ptr %dd, ptr %ds, i64 %bytes)
  ret void
}

; Overlapping shadows: the adjoints are moved out first (one scratch copy), then added.
define internal void @llad.memcpy.adjoint.f64.overlap(ptr %dd, ptr %ds, i64 %bytes) noinline {
entry:
  %n = lshr i64 %bytes, 3
  %tmp = call ptr @malloc(i64 %bytes)
  call void @llvm.memmove.p0.p0.i64(ptr %tmp, ptr %dd, i64 %bytes, i1 false)
  call void @llvm.memset.p0.i64(ptr %dd, i8 0, i64 %bytes, i1 false)
  %empty = icmp eq i64 %n, 0
  br i1 %empty, label %exit, label %loop
loop:
  %k = phi i64 [ 0, %entry ], [ %k1, %loop ]
  %src = getelementptr inbounds double, ptr %tmp, i64 %k
  %dst = getelementptr inbounds double, ptr %ds, i64 %k
  %g = load double, ptr %src, align 8
  %old = load double, ptr %dst, align 8
  %sum = fadd double %old, %g
  store double %sum, ptr %dst, align 8
  %k1 = add nuw i64 %k, 1
  %more = icmp ult i64 %k1, %n
  br i1 %more, label %loop, label %exit
exit:
  call void @free(ptr %tmp)
  ret void
}

; The fused pass on shadows known disjoint (noalias lets the loop vectorize without checks).
define internal void @llad.memcpy.adjoint.f64.disjoint(ptr noalias %dd, ptr noalias %ds, i64 %n) alwaysinline {
entry:
  br label %loop
loop:
  %f = phi i64 [ 0, %entry ], [ %f1, %loop ]
  %fsrc = getelementptr inbounds double, ptr %dd, i64 %f
  %fdst = getelementptr inbounds double, ptr %ds, i64 %f
  %fg = load double, ptr %fsrc, align 8
  store double 0.0, ptr %fsrc, align 8
  %fold = load double, ptr %fdst, align 8
  %fsum = fadd double %fold, %fg
  store double %fsum, ptr %fdst, align 8
  %f1 = add nuw i64 %f, 1
  %more = icmp ult i64 %f1, %n
  br i1 %more, label %loop, label %exit
exit:
  ret void
}

define void @llad.memcpy.adjoint.f32(ptr %dd, ptr %ds, i64 %bytes) alwaysinline {
entry:
  %n = lshr i64 %bytes, 2
  ; Disjoint shadows (a memcpy, most memmoves) take one fused pass without a scratch copy.
  %dd.end = getelementptr inbounds i8, ptr %dd, i64 %bytes
  %ds.end = getelementptr inbounds i8, ptr %ds, i64 %bytes
  %below = icmp ule ptr %dd.end, %ds
  %above = icmp ule ptr %ds.end, %dd
  %disjoint = or i1 %below, %above
  %empty.d = icmp eq i64 %n, 0
  br i1 %disjoint, label %fused.check, label %overlap
fused.check:
  br i1 %empty.d, label %done, label %fused
fused:
  call void @llad.memcpy.adjoint.f32.disjoint(ptr %dd, ptr %ds, i64 %n)
  br label %done
done:
  ret void
overlap:
  call void @llad.memcpy.adjoint.f32.overlap(ptr %dd, ptr %ds, i64 %bytes)
  ret void
}

; Overlapping shadows: the adjoints are moved out first (one scratch copy), then added.
define internal void @llad.memcpy.adjoint.f32.overlap(ptr %dd, ptr %ds, i64 %bytes) noinline {
entry:
  %n = lshr i64 %bytes, 2
  %tmp = call ptr @malloc(i64 %bytes)
  call void @llvm.memmove.p0.p0.i64(ptr %tmp, ptr %dd, i64 %bytes, i1 false)
  call void @llvm.memset.p0.i64(ptr %dd, i8 0, i64 %bytes, i1 false)
  %empty = icmp eq i64 %n, 0
  br i1 %empty, label %exit, label %loop
loop:
  %k = phi i64 [ 0, %entry ], [ %k1, %loop ]
  %src = getelementptr inbounds float, ptr %tmp, i64 %k
  %dst = getelementptr inbounds float, ptr %ds, i64 %k
  %g = load float, ptr %src, align 4
  %old = load float, ptr %dst, align 4
  %sum = fadd float %old, %g
  store float %sum, ptr %dst, align 4
  %k1 = add nuw i64 %k, 1
  %more = icmp ult i64 %k1, %n
  br i1 %more, label %loop, label %exit
exit:
  call void @free(ptr %tmp)
  ret void
}

; The fused pass on shadows known disjoint (noalias lets the loop vectorize without checks).
define internal void @llad.memcpy.adjoint.f32.disjoint(ptr noalias %dd, ptr noalias %ds, i64 %n) alwaysinline {
entry:
  br label %loop
loop:
  %f = phi i64 [ 0, %entry ], [ %f1, %loop ]
  %fsrc = getelementptr inbounds float, ptr %dd, i64 %f
  %fdst = getelementptr inbounds float, ptr %ds, i64 %f
  %fg = load float, ptr %fsrc, align 4
  store float 0.0, ptr %fsrc, align 4
  %fold = load float, ptr %fdst, align 4
  %fsum = fadd float %fold, %fg
  store float %fsum, ptr %fdst, align 4
  %f1 = add nuw i64 %f, 1
  %more = icmp ult i64 %f1, %n
  br i1 %more, label %loop, label %exit
exit:
  ret void
}

declare i64 @llvm.umax.i64(i64, i64)
declare void @llvm.memmove.p0.p0.i64(ptr, ptr, i64, i1)
declare void @llvm.memset.p0.i64(ptr, i8, i64, i1)

!0 = !{!"branch_weights", i32 1, i32 1000}

; Reverse of a copy in code that runs on many threads at once (an OpenMP parallel region),
; whose source other threads may receive adjoints in too: ds[k] += dd[k] atomically, dd[k] = 0.
; The adjoints are moved out first (as for overlapping shadows).
define void @llad.memcpy.adjoint.f64.atomic(ptr %dd, ptr %ds, i64 %bytes) {
entry:
  %n = lshr i64 %bytes, 3
  %tmp = call ptr @malloc(i64 %bytes)
  call void @llvm.memmove.p0.p0.i64(ptr %tmp, ptr %dd, i64 %bytes, i1 false)
  call void @llvm.memset.p0.i64(ptr %dd, i8 0, i64 %bytes, i1 false)
  %empty = icmp eq i64 %n, 0
  br i1 %empty, label %exit, label %loop
loop:
  %k = phi i64 [ 0, %entry ], [ %k1, %loop ]
  %src = getelementptr inbounds double, ptr %tmp, i64 %k
  %dst = getelementptr inbounds double, ptr %ds, i64 %k
  %g = load double, ptr %src, align 8
  %old = atomicrmw fadd ptr %dst, double %g monotonic, align 8
  %k1 = add nuw i64 %k, 1
  %more = icmp ult i64 %k1, %n
  br i1 %more, label %loop, label %exit
exit:
  call void @free(ptr %tmp)
  ret void
}

; Reverse of a copy in code that runs on many threads at once (an OpenMP parallel region),
; whose source other threads may receive adjoints in too: ds[k] += dd[k] atomically, dd[k] = 0.
; The adjoints are moved out first (as for overlapping shadows).
define void @llad.memcpy.adjoint.f32.atomic(ptr %dd, ptr %ds, i64 %bytes) {
entry:
  %n = lshr i64 %bytes, 2
  %tmp = call ptr @malloc(i64 %bytes)
  call void @llvm.memmove.p0.p0.i64(ptr %tmp, ptr %dd, i64 %bytes, i1 false)
  call void @llvm.memset.p0.i64(ptr %dd, i8 0, i64 %bytes, i1 false)
  %empty = icmp eq i64 %n, 0
  br i1 %empty, label %exit, label %loop
loop:
  %k = phi i64 [ 0, %entry ], [ %k1, %loop ]
  %src = getelementptr inbounds float, ptr %tmp, i64 %k
  %dst = getelementptr inbounds float, ptr %ds, i64 %k
  %g = load float, ptr %src, align 4
  %old = atomicrmw fadd ptr %dst, float %g monotonic, align 4
  %k1 = add nuw i64 %k, 1
  %more = icmp ult i64 %k1, %n
  br i1 %more, label %loop, label %exit
exit:
  call void @free(ptr %tmp)
  ret void
}

; Shadows of heap allocations are plain heap blocks, zeroed to their usable size, so that free()
; releases them wherever the program frees its memory (a shadow may be freed by code that cannot
; tell who allocated it), and realloc can copy a whole block: bytes past what the program asked
; for are never written, so they stay zero.
define ptr @llad.shadow.alloc(i64 %n) {
entry:
  %p = call ptr @calloc(i64 1, i64 %n)
  %failed = icmp eq ptr %p, null
  br i1 %failed, label %oom, label %ok
oom:
  call void @abort()
  unreachable
ok:
  %usable = call i64 @malloc_usable_size(ptr %p)
  %tail = getelementptr inbounds i8, ptr %p, i64 %n
  %extra = sub i64 %usable, %n
  call void @llvm.memset.p0.i64(ptr %tail, i8 0, i64 %extra, i1 false)
  ret ptr %p
}

define void @llad.shadow.free(ptr %p) {
entry:
  call void @free(ptr %p)
  ret void
}

define i64 @llad.shadow.size(ptr %p) {
entry:
  %null = icmp eq ptr %p, null
  br i1 %null, label %zero, label %read
zero:
  ret i64 0
read:
  %n = call i64 @malloc_usable_size(ptr %p)
  ret i64 %n
}

declare i64 @malloc_usable_size(ptr)

; A new shadow of %n bytes holding the old one's contents (the rest zero). The old shadow stays
; alive: the reverse sends the moved bytes' adjoints back to it.
define ptr @llad.shadow.grow(ptr %p, i64 %n) {
entry:
  %old = call i64 @llad.shadow.size(ptr %p)
  %q = call ptr @llad.shadow.alloc(i64 %n)
  %m = call i64 @llvm.umin.i64(i64 %old, i64 %n)
  %any = icmp ne i64 %m, 0
  br i1 %any, label %copy, label %done
copy:
  call void @llvm.memcpy.p0.p0.i64(ptr %q, ptr %p, i64 %m, i1 false)
  br label %done
done:
  ret ptr %q
}

; Forward mode's realloc of a shadow: grow, then free the old one.
define ptr @llad.shadow.realloc(ptr %p, i64 %n) {
entry:
  %q = call ptr @llad.shadow.grow(ptr %p, i64 %n)
  call void @llad.shadow.free(ptr %p)
  ret ptr %q
}

; Reverse of q = realloc(p, n): the adjoints of the bytes realloc moved go back to p's shadow.
; A byte copy, whatever the bytes hold: p's shadow was allocated zeroed by llad and the augmented
; primal writes no adjoints, so its floats are still zero (copying equals adding), and its pointer
; fields hold the shadow pointers `grow` copied.
define void @llad.shadow.realloc.adjoint(ptr %old, ptr %new, i64 %n) {
entry:
  %a = call i64 @llad.shadow.size(ptr %old)
  %m = call i64 @llvm.umin.i64(i64 %a, i64 %n)
  %any = icmp ne i64 %m, 0
  br i1 %any, label %copy, label %done
copy:
  call void @llvm.memcpy.p0.p0.i64(ptr %old, ptr %new, i64 %m, i1 false)
  br label %done
done:
  ret void
}

declare ptr @calloc(i64, i64)
declare i64 @llvm.umin.i64(i64, i64)
declare void @llvm.memcpy.p0.p0.i64(ptr, ptr, i64, i1)

; An exception unwound into a derivative (llad differentiates the normal path of code that may
; throw): the derivative's tape and shadows would be half done, so the program stops here.
@llad.unwind.message = private constant [92 x i8] c"llad: a C++ exception was thrown inside a derivative; derivatives cannot unwind, aborting\0A\00\00"
declare i64 @write(i32, ptr, i64)

define void @llad.unwind.abort() noreturn nounwind {
entry:
  %w = call i64 @write(i32 2, ptr @llad.unwind.message, i64 90)
  call void @abort()
  unreachable
}

; Indirect calls (`dispatch.rs`): the address of the called function, as a number that carries no
; derivative, and the end of a dispatch that knows no function at that address.
define i64 @llad.function.key(ptr %f) nounwind {
entry:
  %k = ptrtoint ptr %f to i64
  ret i64 %k
}

@llad.indirect.message = private constant [119 x i8] c"llad: a derivative called, through a function pointer, a function whose address the differentiated module never takes\0A\00"

define void @llad.indirect.unknown() noreturn nounwind {
entry:
  %w = call i64 @write(i32 2, ptr @llad.indirect.message, i64 118)
  call void @abort()
  unreachable
}

; BLAS/LAPACK helpers the BLAS rules call when the module has no cblas_<p>lacpy / cblas_<p>lascl
; (LAPACK routines CBLAS lacks): copy or scale the part of an m x n matrix `uplo`/`type` names
; (U upper, L lower, both with the diagonal; anything else all of it), row major when layout is 101.
; Compiled from C with clang -O1.

define void @llad.blas.d.lacpy(i32 noundef %0, i32 noundef %1, i32 noundef %2, i32 noundef %3, ptr nocapture noundef readonly %4, i32 noundef %5, ptr nocapture noundef writeonly %6, i32 noundef %7) {
  %9 = icmp eq i32 %0, 101
  %10 = icmp sgt i32 %2, 0
  br i1 %10, label %11, label %31

11:                                               ; preds = %8
  %12 = icmp sgt i32 %3, 0
  %13 = and i32 %1, -33
  %14 = icmp eq i32 %13, 85
  %15 = icmp eq i32 %1, 121
  %16 = or i1 %15, %14
  %17 = icmp eq i32 %13, 76
  %18 = icmp eq i32 %1, 122
  %19 = or i1 %18, %17
  %20 = sext i32 %5 to i64
  %21 = sext i32 %5 to i64
  %22 = sext i32 %7 to i64
  %23 = sext i32 %7 to i64
  %24 = zext nneg i32 %2 to i64
  %25 = zext nneg i32 %3 to i64
  br label %26

26:                                               ; preds = %11, %32
  %27 = phi i64 [ 0, %11 ], [ %33, %32 ]
  br i1 %12, label %28, label %32

28:                                               ; preds = %26
  %29 = mul nsw i64 %27, %21
  %30 = mul nsw i64 %27, %23
  br label %35

31:                                               ; preds = %32, %8
  ret void

32:                                               ; preds = %54, %26
  %33 = add nuw nsw i64 %27, 1
  %34 = icmp eq i64 %33, %24
  br i1 %34, label %31, label %26

35:                                               ; preds = %28, %54
  %36 = phi i64 [ 0, %28 ], [ %55, %54 ]
  %37 = icmp ult i64 %36, %27
  %38 = and i1 %16, %37
  %39 = icmp ugt i64 %36, %27
  %40 = and i1 %19, %39
  %41 = or i1 %38, %40
  br i1 %41, label %54, label %42

42:                                               ; preds = %35
  %43 = add nsw i64 %29, %36
  %44 = mul nsw i64 %36, %20
  %45 = add nsw i64 %44, %27
  %46 = select i1 %9, i64 %43, i64 %45
  %47 = add nsw i64 %30, %36
  %48 = mul nsw i64 %36, %22
  %49 = add nsw i64 %48, %27
  %50 = select i1 %9, i64 %47, i64 %49
  %51 = getelementptr inbounds double, ptr %4, i64 %46
  %52 = load double, ptr %51, align 8
  %53 = getelementptr inbounds double, ptr %6, i64 %50
  store double %52, ptr %53, align 8
  br label %54

54:                                               ; preds = %35, %42
  %55 = add nuw nsw i64 %36, 1
  %56 = icmp eq i64 %55, %25
  br i1 %56, label %32, label %35
}
define void @llad.blas.d.lascl(i32 noundef %0, i32 noundef %1, i32 noundef %2, i32 noundef %3, double noundef %4, double noundef %5, i32 noundef %6, i32 noundef %7, ptr nocapture noundef %8, i32 noundef %9, i32 noundef %10) {
  %12 = icmp eq i32 %0, 101
  %13 = fdiv double %5, %4
  %14 = icmp sgt i32 %6, 0
  br i1 %14, label %15, label %32

15:                                               ; preds = %11
  %16 = icmp sgt i32 %7, 0
  %17 = and i32 %1, -33
  %18 = icmp eq i32 %17, 85
  %19 = icmp eq i32 %1, 121
  %20 = or i1 %19, %18
  %21 = icmp eq i32 %17, 76
  %22 = icmp eq i32 %1, 122
  %23 = or i1 %22, %21
  %24 = sext i32 %9 to i64
  %25 = sext i32 %9 to i64
  %26 = zext nneg i32 %6 to i64
  %27 = zext nneg i32 %7 to i64
  br label %28

28:                                               ; preds = %15, %33
  %29 = phi i64 [ 0, %15 ], [ %34, %33 ]
  br i1 %16, label %30, label %33

30:                                               ; preds = %28
  %31 = mul nsw i64 %29, %25
  br label %36

32:                                               ; preds = %33, %11
  ret void

33:                                               ; preds = %51, %28
  %34 = add nuw nsw i64 %29, 1
  %35 = icmp eq i64 %34, %26
  br i1 %35, label %32, label %28

36:                                               ; preds = %30, %51
  %37 = phi i64 [ 0, %30 ], [ %52, %51 ]
  %38 = icmp ult i64 %37, %29
  %39 = and i1 %20, %38
  %40 = icmp ugt i64 %37, %29
  %41 = and i1 %23, %40
  %42 = or i1 %39, %41
  br i1 %42, label %51, label %43

43:                                               ; preds = %36
  %44 = add nsw i64 %31, %37
  %45 = mul nsw i64 %37, %24
  %46 = add nsw i64 %45, %29
  %47 = select i1 %12, i64 %44, i64 %46
  %48 = getelementptr inbounds double, ptr %8, i64 %47
  %49 = load double, ptr %48, align 8
  %50 = fmul double %13, %49
  store double %50, ptr %48, align 8
  br label %51

51:                                               ; preds = %36, %43
  %52 = add nuw nsw i64 %37, 1
  %53 = icmp eq i64 %52, %27
  br i1 %53, label %33, label %36
}
define void @llad.blas.s.lacpy(i32 noundef %0, i32 noundef %1, i32 noundef %2, i32 noundef %3, ptr nocapture noundef readonly %4, i32 noundef %5, ptr nocapture noundef writeonly %6, i32 noundef %7) {
  %9 = icmp eq i32 %0, 101
  %10 = icmp sgt i32 %2, 0
  br i1 %10, label %11, label %31

11:                                               ; preds = %8
  %12 = icmp sgt i32 %3, 0
  %13 = and i32 %1, -33
  %14 = icmp eq i32 %13, 85
  %15 = icmp eq i32 %1, 121
  %16 = or i1 %15, %14
  %17 = icmp eq i32 %13, 76
  %18 = icmp eq i32 %1, 122
  %19 = or i1 %18, %17
  %20 = sext i32 %5 to i64
  %21 = sext i32 %5 to i64
  %22 = sext i32 %7 to i64
  %23 = sext i32 %7 to i64
  %24 = zext nneg i32 %2 to i64
  %25 = zext nneg i32 %3 to i64
  br label %26

26:                                               ; preds = %11, %32
  %27 = phi i64 [ 0, %11 ], [ %33, %32 ]
  br i1 %12, label %28, label %32

28:                                               ; preds = %26
  %29 = mul nsw i64 %27, %21
  %30 = mul nsw i64 %27, %23
  br label %35

31:                                               ; preds = %32, %8
  ret void

32:                                               ; preds = %54, %26
  %33 = add nuw nsw i64 %27, 1
  %34 = icmp eq i64 %33, %24
  br i1 %34, label %31, label %26

35:                                               ; preds = %28, %54
  %36 = phi i64 [ 0, %28 ], [ %55, %54 ]
  %37 = icmp ult i64 %36, %27
  %38 = and i1 %16, %37
  %39 = icmp ugt i64 %36, %27
  %40 = and i1 %19, %39
  %41 = or i1 %38, %40
  br i1 %41, label %54, label %42

42:                                               ; preds = %35
  %43 = add nsw i64 %29, %36
  %44 = mul nsw i64 %36, %20
  %45 = add nsw i64 %44, %27
  %46 = select i1 %9, i64 %43, i64 %45
  %47 = add nsw i64 %30, %36
  %48 = mul nsw i64 %36, %22
  %49 = add nsw i64 %48, %27
  %50 = select i1 %9, i64 %47, i64 %49
  %51 = getelementptr inbounds float, ptr %4, i64 %46
  %52 = load float, ptr %51, align 4
  %53 = getelementptr inbounds float, ptr %6, i64 %50
  store float %52, ptr %53, align 4
  br label %54

54:                                               ; preds = %35, %42
  %55 = add nuw nsw i64 %36, 1
  %56 = icmp eq i64 %55, %25
  br i1 %56, label %32, label %35
}
define void @llad.blas.s.lascl(i32 noundef %0, i32 noundef %1, i32 noundef %2, i32 noundef %3, float noundef %4, float noundef %5, i32 noundef %6, i32 noundef %7, ptr nocapture noundef %8, i32 noundef %9, i32 noundef %10) {
  %12 = icmp eq i32 %0, 101
  %13 = fdiv float %5, %4
  %14 = icmp sgt i32 %6, 0
  br i1 %14, label %15, label %32

15:                                               ; preds = %11
  %16 = icmp sgt i32 %7, 0
  %17 = and i32 %1, -33
  %18 = icmp eq i32 %17, 85
  %19 = icmp eq i32 %1, 121
  %20 = or i1 %19, %18
  %21 = icmp eq i32 %17, 76
  %22 = icmp eq i32 %1, 122
  %23 = or i1 %22, %21
  %24 = sext i32 %9 to i64
  %25 = sext i32 %9 to i64
  %26 = zext nneg i32 %6 to i64
  %27 = zext nneg i32 %7 to i64
  br label %28

28:                                               ; preds = %15, %33
  %29 = phi i64 [ 0, %15 ], [ %34, %33 ]
  br i1 %16, label %30, label %33

30:                                               ; preds = %28
  %31 = mul nsw i64 %29, %25
  br label %36

32:                                               ; preds = %33, %11
  ret void

33:                                               ; preds = %51, %28
  %34 = add nuw nsw i64 %29, 1
  %35 = icmp eq i64 %34, %26
  br i1 %35, label %32, label %28

36:                                               ; preds = %30, %51
  %37 = phi i64 [ 0, %30 ], [ %52, %51 ]
  %38 = icmp ult i64 %37, %29
  %39 = and i1 %20, %38
  %40 = icmp ugt i64 %37, %29
  %41 = and i1 %23, %40
  %42 = or i1 %39, %41
  br i1 %42, label %51, label %43

43:                                               ; preds = %36
  %44 = add nsw i64 %31, %37
  %45 = mul nsw i64 %37, %24
  %46 = add nsw i64 %45, %29
  %47 = select i1 %12, i64 %44, i64 %46
  %48 = getelementptr inbounds float, ptr %8, i64 %47
  %49 = load float, ptr %48, align 4
  %50 = fmul float %13, %49
  store float %50, ptr %48, align 4
  br label %51

51:                                               ; preds = %36, %43
  %52 = add nuw nsw i64 %37, 1
  %53 = icmp eq i64 %52, %27
  br i1 %53, label %33, label %36
}
