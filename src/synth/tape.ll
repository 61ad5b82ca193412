; The tape: a growable LIFO byte stack shared by the augmented primal and reverse functions of
; one gradient computation. llad links these helpers into a module that needs them.
; Layout: { ptr buffer, i64 size, i64 capacity, ptr kept, i64 kept size, i64 kept capacity }: the
; second stack lists shadows of memory that may outlive the gradient (`llad.tape.keep`).

declare ptr @realloc(ptr, i64)
declare ptr @malloc(i64)
declare void @free(ptr)
declare void @abort()

; Makes room for `bytes` more bytes and returns where they go.
define ptr @llad.tape.push(ptr %tape, i64 %bytes) alwaysinline {
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

define void @llad.tape.grow(ptr %tape, i64 %needed) noinline {
entry:
  %cap.p = getelementptr inbounds { ptr, i64, i64 }, ptr %tape, i32 0, i32 2
  %cap = load i64, ptr %cap.p, align 8
  %twice = shl i64 %cap, 1
  %a = call i64 @llvm.umax.i64(i64 %twice, i64 %needed)
  %newcap = call i64 @llvm.umax.i64(i64 %a, i64 4096)
  %buf = load ptr, ptr %tape, align 8
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

; Removes the last `bytes` bytes and returns where they are.
define ptr @llad.tape.pop(ptr %tape, i64 %bytes) alwaysinline {
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
define void @llad.tape.keep(ptr %tape, ptr %shadow) {
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
define void @llad.tape.freed(ptr %tape, ptr %shadow) {
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
define void @llad.tape.release(ptr %tape) {
entry:
  %buf = load ptr, ptr %tape, align 8
  call void @free(ptr %buf)
  call void @llad.tape.release.kept(ptr %tape)
  ret void
}

; (Separate and inactive: a derivative of a derivative differentiates llad.tape.release, and the
; marked pointers here are bits, not addresses to follow.)
define void @llad.tape.release.kept(ptr %tape) {
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
define void @llad.memcpy.adjoint.f64(ptr %dd, ptr %ds, i64 %bytes) {
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

define void @llad.memcpy.adjoint.f32(ptr %dd, ptr %ds, i64 %bytes) {
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

declare i64 @llvm.umax.i64(i64, i64)
declare void @llvm.memmove.p0.p0.i64(ptr, ptr, i64, i1)
declare void @llvm.memset.p0.i64(ptr, i8, i64, i1)

!0 = !{!"branch_weights", i32 1, i32 1000}

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
