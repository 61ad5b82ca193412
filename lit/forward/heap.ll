; malloc/calloc get a zeroed shadow allocation of the same size (from llad's size-tracking shadow
; allocator, so that realloc can move shadows) and free releases both.
; RUN: %llad %s -S -o - | FileCheck %s
; RUN: opt -load-pass-plugin=%plugin -passes=llad %s -S -o - | FileCheck %s

declare double @__enzyme_fwddiff(ptr, ...)
declare ptr @malloc(i64)
declare ptr @calloc(i64, i64)
declare void @free(ptr)

define double @heap(double %x) {
  %p = call ptr @malloc(i64 16)
  store double %x, ptr %p, align 8
  %v = load double, ptr %p, align 8
  %m = fmul double %v, %x
  call void @free(ptr %p)
  ret double %m
}

define double @heapc(double %x, i64 %n) {
  %p = call ptr @calloc(i64 %n, i64 8)
  store double %x, ptr %p, align 8
  %v = load double, ptr %p, align 8
  call void @free(ptr %p)
  ret double %v
}

define double @test(double %x, i64 %n) {
  %a = call double (ptr, ...) @__enzyme_fwddiff(ptr @heap, double %x, double 1.0)
  %b = call double (ptr, ...) @__enzyme_fwddiff(ptr @heapc, double %x, double 1.0, i64 %n)
  %r = fadd double %a, %b
  ret double %r
}

; CHECK-LABEL: define internal double @fwddiffe_heap(double %x, double %dx)
; CHECK-NEXT:    %p = call ptr @malloc(i64 16)
; CHECK-NEXT:    [[DP:%.*]] = call ptr @llad.shadow.alloc(i64 16)
; CHECK-NEXT:    store double %x, ptr %p, align 8
; CHECK-NEXT:    store double %dx, ptr [[DP]], align 8
; CHECK-NEXT:    %v = load double, ptr %p, align 8
; CHECK-NEXT:    [[DV:%.*]] = load double, ptr [[DP]], align 8
; CHECK:         call void @free(ptr %p)
; CHECK-NEXT:    call void @free(ptr [[DP]])

; CHECK-LABEL: define internal double @fwddiffe_heapc(double %x, double %dx, i64 %n)
; CHECK-NEXT:    %p = call ptr @calloc(i64 %n, i64 8)
; CHECK-NEXT:    [[BYTES:%.*]] = mul i64 %n, 8
; CHECK-NEXT:    [[DP:%.*]] = call ptr @llad.shadow.alloc(i64 [[BYTES]])
; CHECK-NEXT:    store double %x, ptr %p, align 8
; CHECK-NEXT:    store double %dx, ptr [[DP]], align 8
; CHECK-NEXT:    %v = load double, ptr %p, align 8
; CHECK-NEXT:    [[DV:%.*]] = load double, ptr [[DP]], align 8
; CHECK-NEXT:    call void @free(ptr %p)
; CHECK-NEXT:    call void @free(ptr [[DP]])
; CHECK-NEXT:    ret double [[DV]]

; The shadow allocator (linked in, before the derivatives) makes plain heap blocks, zeroed to their
; usable size, so that free() releases them.
; RUN: %llad %s -S -o - | FileCheck %s --check-prefix=RUNTIME
; RUNTIME-LABEL: define internal ptr @llad.shadow.alloc(i64 %n)
; RUNTIME:         call ptr @calloc(i64 1, i64 %n)
; RUNTIME:         call i64 @malloc_usable_size(
