; Regression test (fixed): at -O0, a const pointer argument that goes through a local slot reaches a
; custom rule as dup with a null shadow. clang -O0 spills g's parameters to allocas; llad gives the
; slot of y a shadow slot, stores null into it (y is enzyme_const), and then treats the pointer
; reloaded from the slot as dup: the rule gets const_args = 0 and a (loaded) null dy, so a rule
; that trusts llad_is_const writes through NULL (tests/e2e/pending/rule_fwd_general.c segfaults at
; -O0, passes at -O2). Expected: the same as without the slots (lit/rules/llad-rules-forward.ll):
; const_args bit 0 set and null in y's shadow slot.
; Today: `@llad.config = private constant {...} { i32 1, i32 1, i32 1, i64 0, i64 0 }` and
; `call @f_general(ptr @llad.config, ptr %y1, ptr %3, ...)` with %3 loaded from a slot holding null.
; RUN: %llad %s -S -o - | FileCheck %s
; RUN: opt -load-pass-plugin=%plugin -passes=llad %s -S -o - | FileCheck %s

; CHECK: @[[CFG:llad.config[.0-9]*]] = private constant { i32, i32, i32, i64, i64 } { i32 1, i32 1, i32 1, i64 0, i64 1 }
; CHECK-LABEL: define internal double @fwddiffe_g(ptr %y, ptr %x, ptr %dx)
; CHECK: call { double, double } @f_general(ptr @[[CFG]], ptr %y1, ptr null, ptr %x1, ptr {{%.*}})

declare double @__enzyme_fwddiff(ptr, ...)

define double @f(ptr %y, ptr %x) !llad.rules !0 {
  %x0 = load double, ptr %x
  %s0 = fmul double %x0, %x0
  store double %s0, ptr %y
  ret double %s0
}
declare { double, double } @f_general(ptr, ptr, ptr, ptr, ptr)
!0 = !{!1}
!1 = !{!"forward", ptr @f_general, !"ret=const|dup|dupnoneed args=const|dup,const|dup"}

; g as clang -O0 emits it: the arguments go through local slots
define double @g(ptr %y, ptr %x) {
  %y.addr = alloca ptr
  %x.addr = alloca ptr
  store ptr %y, ptr %y.addr
  store ptr %x, ptr %x.addr
  %y1 = load ptr, ptr %y.addr
  %x1 = load ptr, ptr %x.addr
  %r = call double @f(ptr %y1, ptr %x1)
  %m = fmul double %r, %r
  ret double %m
}

define double @test_const_y(ptr %y, ptr %x, ptr %dx) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @g, metadata !"enzyme_const", ptr %y, metadata !"enzyme_dup", ptr %x, ptr %dx)
  ret double %r
}
