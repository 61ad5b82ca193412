; __enzyme_todense without any derivative: a load at byte offset 24 of the view becomes a call of
; the load function with offset 24 and the extra argument; a store becomes a call of the store
; function. The GEP on the made-up base loses `inbounds` (the base is no object).
; RUN: %llad %s -S -o - | FileCheck %s
; RUN: opt -load-pass-plugin=%plugin -passes=llad %s -S -o - | FileCheck %s

declare ptr @__enzyme_todense(ptr, ptr, ...)

define internal double @get(i64 %offset, i32 %k) {
  %f = sitofp i64 %offset to double
  ret double %f
}

define internal void @put(double %v, i64 %offset, i32 %k) {
  ret void
}

define double @test(i32 %k, double %w) {
  %view = call ptr (ptr, ptr, ...) @__enzyme_todense(ptr @get, ptr @put, i32 %k)
  %p = getelementptr inbounds double, ptr %view, i64 3
  %v = load double, ptr %p, align 8
  store double %w, ptr %p, align 8
  ret double %v
}

; CHECK-LABEL: define double @test(
; CHECK-NOT:   __enzyme_todense
; CHECK:       %p = getelementptr double, ptr inttoptr (i64 17592186044416 to ptr), i64 3
; CHECK:       [[A:%.*]] = ptrtoint ptr %p to i64
; CHECK:       [[O:%.*]] = sub i64 [[A]], 17592186044416
; CHECK:       [[V:%.*]] = call double @get(i64 [[O]], i32 %k)
; CHECK:       [[B:%.*]] = ptrtoint ptr %p to i64
; CHECK:       [[O2:%.*]] = sub i64 [[B]], 17592186044416
; CHECK:       call void @put(double %w, i64 [[O2]], i32 %k)
; CHECK:       ret double [[V]]
