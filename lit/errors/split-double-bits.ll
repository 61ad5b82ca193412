; A double's bits split into integer halves (what SROA makes at -O1/-O2 of a copy through a
; struct { int, int }): the halves carry the derivative into integer operations, so both modes
; refuse it (they used to write a zero tangent / return a zero adjoint). Type analysis calls %b an
; integer because of its uses; that it is a bitcast of a double settles it.
; RUN: not %llad %s -S -o /dev/null 2>&1 | FileCheck %s
; RUN: sed -e 's/@__enzyme_fwddiff(ptr @f, ptr %y, ptr %dy, double 2.0, double 1.0)/@__enzyme_autodiff(ptr @f, ptr %y, ptr %dy, double 2.0)/' %s | not %llad - -S -o /dev/null 2>&1 | FileCheck %s
; RUN: not opt -load-pass-plugin=%plugin -passes=llad %s -disable-output 2>&1 | FileCheck %s

declare void @__enzyme_fwddiff(ptr, ...)
declare void @__enzyme_autodiff(ptr, ...)

define void @f(ptr %y, double %x) {
  %b = bitcast double %x to i64
  %lo = trunc i64 %b to i32
  %sh = lshr i64 %b, 32
  %hi = trunc i64 %sh to i32
  store i32 %lo, ptr %y, align 8
  %y4 = getelementptr inbounds i8, ptr %y, i64 4
  store i32 %hi, ptr %y4, align 4
  ret void
}

define void @test(ptr %y, ptr %dy) {
  call void (ptr, ...) @__enzyme_fwddiff(ptr @f, ptr %y, ptr %dy, double 2.0, double 1.0)
  ret void
}

; CHECK: in function 'f', instruction `%lo = trunc i64 %b to i32`: cannot differentiate: integer arithmetic on the bits of an active floating-point value
