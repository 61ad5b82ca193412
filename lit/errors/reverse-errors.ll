; Errors specific to reverse mode, each with the request's location and a hint.
; RUN: split-file %s %t
; RUN: not %llad %t/small-tape.ll -S -o /dev/null 2>&1 | FileCheck %s --check-prefix=SMALL
; RUN: not %llad %t/no-tape.ll -S -o /dev/null 2>&1 | FileCheck %s --check-prefix=NOTAPE
; RUN: not %llad %t/external.ll -S -o /dev/null 2>&1 | FileCheck %s --check-prefix=EXTERNAL
; RUN: not %llad %t/realloc-arg.ll -S -o /dev/null 2>&1 | FileCheck %s --check-prefix=REALLOC
; RUN: not opt -load-pass-plugin=%plugin -passes=llad %t/external.ll -disable-output 2>&1 | FileCheck %s --check-prefix=EXTERNAL
; RUN: not opt -load-pass-plugin=%plugin -passes=llad %t/no-tape.ll -disable-output 2>&1 | FileCheck %s --check-prefix=NOTAPE

;--- small-tape.ll
declare { double } @__enzyme_augmentfwd(ptr, ...)
define double @f(double %x) {
  %m = fmul double %x, %x
  ret double %m
}
define void @t(double %x, ptr %buf) {
  %r = call { double } (ptr, ...) @__enzyme_augmentfwd(ptr @f, metadata !"enzyme_allocated", i64 4, metadata !"enzyme_tape", ptr %buf, double %x)
  ret void
}
; SMALL: llad: error: in function 't', instruction `{{.*}}__enzyme_augmentfwd{{.*}}`: invalid derivative request: the tape needs 8 bytes but enzyme_allocated gives 4
; SMALL-NEXT: hint: allocate __enzyme_augmentsize(f, ...) bytes

;--- no-tape.ll
declare double @__enzyme_reverse(ptr, ...)
define double @f(double %x) {
  %m = fmul double %x, %x
  ret double %m
}
define double @t(double %x) {
  %r = call double (ptr, ...) @__enzyme_reverse(ptr @f, double %x, double 1.0)
  ret double %r
}
; NOTAPE: invalid derivative request: __enzyme_reverse expects the arguments, then the return's adjoint (optional), then the tape; got 1 extra operand(s)
; NOTAPE-NEXT: hint: pass the tape returned by __enzyme_augmentfwd as the last argument

;--- external.ll
declare double @__enzyme_autodiff(ptr, ...)
declare double @ext(double)
define double @f(double %x) {
  %e = call double @ext(double %x)
  ret double %e
}
define double @t(double %x) {
  %r = call double (ptr, ...) @__enzyme_autodiff(ptr @f, double %x)
  ret double %r
}
; EXTERNAL: in function 'f', instruction `%e = call double @ext(double %x)`: cannot differentiate: call to external function 'ext' with active arguments, and llad has no derivative for it
; EXTERNAL-NEXT: hint: provide its body in this module, give it a custom rule, or mark it inactive

;--- realloc-arg.ll
declare void @__enzyme_autodiff(ptr, ...)
declare ptr @realloc(ptr, i64)
define ptr @f(ptr %p, double %x) {
  %q = call ptr @realloc(ptr %p, i64 32)
  store double %x, ptr %q, align 8
  ret ptr %q
}
define void @t(ptr %p, ptr %dp, double %x) {
  call void (ptr, ...) @__enzyme_autodiff(ptr @f, ptr %p, ptr %dp, double %x)
  ret void
}
; REALLOC: in function 'f', instruction `%q = call ptr @realloc(ptr %p, i64 32)`: cannot differentiate: realloc of memory that may come from outside the differentiated code (its shadow may not be heap memory, and the caller keeps the new block)
; REALLOC-NEXT: hint: allocate the buffer inside the differentiated function, or copy it into one allocated there
