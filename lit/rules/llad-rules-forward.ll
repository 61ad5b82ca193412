; The canonical IR form of custom forward rules: `!llad.rules` on the primal, one node per rule
; !{!"forward", ptr @rule, !"pattern"}. At each call llad computes the activities and calls the
; first rule whose pattern matches, with a private constant config { width, needs_primal,
; needs_shadow, overwritten, const_args } and each argument followed by its shadow (null when
; the argument is const at this call). f's body is never differentiated.
; Seed tutorial: the first rule (ret=dup, used through g = f^2), the DuplicatedNoNeed rule (used by
; a request on f itself), and the general rule (const arguments).
; RUN: %llad %s -S -o - | FileCheck %s
; RUN: opt -load-pass-plugin=%plugin -passes=llad %s -S -o - | FileCheck %s

; CHECK-DAG: @[[CFG_DUP:llad.config[.0-9]*]] = private constant { i32, i32, i32, i64, i64 } { i32 1, i32 1, i32 1, i64 0, i64 0 }
; CHECK-DAG: @[[CFG_NONEED:llad.config[.0-9]*]] = private constant { i32, i32, i32, i64, i64 } { i32 1, i32 0, i32 1, i64 0, i64 0 }
; CHECK-DAG: @[[CFG_UNUSED:llad.config[.0-9]*]] = private constant { i32, i32, i32, i64, i64 } { i32 1, i32 0, i32 0, i64 0, i64 0 }
; CHECK-DAG: @[[CFG_CONST_Y:llad.config[.0-9]*]] = private constant { i32, i32, i32, i64, i64 } { i32 1, i32 1, i32 1, i64 0, i64 1 }
; CHECK-DAG: @[[CFG_CONST_X:llad.config[.0-9]*]] = private constant { i32, i32, i32, i64, i64 } { i32 1, i32 1, i32 1, i64 0, i64 2 }
; CHECK-NOT: define {{.*}}@fwddiffe_f(
; CHECK-NOT: define {{.*}}@f.llad.call(

; A request on f itself wants only the tangent (dupnoneed): the second rule, called from the
; derivative of a caller of f (a request meets rules as any call does).
; CHECK-LABEL: define double @test_f(ptr %y, ptr %dy, ptr %x, ptr %dx)
; CHECK-NEXT:    [[T:%.*]] = call double @fwddiffe_f.llad.call(ptr %y, ptr %dy, ptr %x, ptr %dx)
; CHECK-NEXT:    ret double [[T]]

; g = f(y, x)^2 needs f's value and tangent: ret=dup, the first rule.
; CHECK-LABEL: define internal double @fwddiffe_g(ptr %y, ptr %dy, ptr %x, ptr %dx)
; CHECK-NEXT:    [[PAIR:%.*]] = call { double, double } @f_fwd(ptr @[[CFG_DUP]], ptr %y, ptr %dy, ptr %x, ptr %dx)
; CHECK-NEXT:    [[P:%.*]] = extractvalue { double, double } [[PAIR]], 0
; CHECK-NEXT:    [[D:%.*]] = extractvalue { double, double } [[PAIR]], 1
; CHECK:         [[A:%.*]] = fmul double [[D]], [[P]]
; CHECK-NEXT:    [[B:%.*]] = fmul double [[P]], [[D]]
; CHECK-NEXT:    [[S:%.*]] = fadd reassoc double [[A]], [[B]]
; CHECK-NEXT:    ret double [[S]]

; CHECK-LABEL: define internal double @fwddiffe_f.llad.call(ptr %0, ptr %1, ptr %2, ptr %3)
; CHECK:         [[T:%.*]] = call double @f_fwd_noneed(ptr @[[CFG_NONEED]], ptr %0, ptr %1, ptr %2, ptr %3)
; CHECK-NEXT:    ret double [[T]]

; f's result unused: ret=const, the rule returns the primal only (needs_primal = needs_shadow = 0).
; CHECK-LABEL: define internal double @fwddiffe_g_unused(ptr %y, ptr %dy, ptr %x, ptr %dx)
; CHECK-NEXT:    call double @f_const_ret(ptr @[[CFG_UNUSED]], ptr %y, ptr %dy, ptr %x, ptr %dx)
; CHECK:         [[V:%.*]] = load double, ptr %dy
; CHECK-NEXT:    ret double [[V]]

; y const (const_args bit 0): only the general rule accepts it; y's shadow slot gets null.
; CHECK-LABEL: define internal double @fwddiffe_g{{[.0-9]+}}(ptr %y, ptr %x, ptr %dx)
; CHECK-NEXT:    call { double, double } @f_general(ptr @[[CFG_CONST_Y]], ptr %y, ptr null, ptr %x, ptr %dx)

; x const (bit 1): null in x's shadow slot.
; CHECK-LABEL: define internal double @fwddiffe_g{{[.0-9]+}}(ptr %y, ptr %dy, ptr %x)
; CHECK-NEXT:    call { double, double } @f_general(ptr @[[CFG_CONST_X]], ptr %y, ptr %dy, ptr %x, ptr null)

declare double @__enzyme_fwddiff(ptr, ...)
declare void @__enzyme_fwddiff_v(ptr, ...)

; f(y, x): y[i] = x[i]^2, returns y[0] + y[1] (the seed's f, unrolled)
define double @f(ptr %y, ptr %x) !llad.rules !0 {
  %x0 = load double, ptr %x
  %x1p = getelementptr double, ptr %x, i64 1
  %x1 = load double, ptr %x1p
  %s0 = fmul double %x0, %x0
  %s1 = fmul double %x1, %x1
  store double %s0, ptr %y
  %y1p = getelementptr double, ptr %y, i64 1
  store double %s1, ptr %y1p
  %r = fadd double %s0, %s1
  ret double %r
}

declare { double, double } @f_fwd(ptr, ptr, ptr, ptr, ptr)
declare double @f_fwd_noneed(ptr, ptr, ptr, ptr, ptr)
declare { double, double } @f_general(ptr, ptr, ptr, ptr, ptr)
declare double @f_const_ret(ptr, ptr, ptr, ptr, ptr)

define double @g(ptr %y, ptr %x) {
  %r = call double @f(ptr %y, ptr %x)
  %m = fmul double %r, %r
  ret double %m
}

; the result of f is not used: its return is const
define double @g_unused(ptr %y, ptr %x) {
  %r = call double @f(ptr %y, ptr %x)
  %v = load double, ptr %y
  ret double %v
}

!0 = !{!1, !2, !3, !4}
!1 = !{!"forward", ptr @f_fwd, !"ret=dup args=dup,dup"}
!2 = !{!"forward", ptr @f_fwd_noneed, !"ret=dupnoneed args=dup,dup"}
!3 = !{!"forward", ptr @f_const_ret, !"ret=const args=dup,dup"}
!4 = !{!"forward", ptr @f_general, !"ret=const|dup|dupnoneed args=const|dup,const|dup"}

define double @test_g(ptr %y, ptr %dy, ptr %x, ptr %dx) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @g, metadata !"enzyme_dup", ptr %y, ptr %dy, metadata !"enzyme_dup", ptr %x, ptr %dx)
  ret double %r
}
define double @test_f(ptr %y, ptr %dy, ptr %x, ptr %dx) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @f, metadata !"enzyme_dup", ptr %y, ptr %dy, metadata !"enzyme_dup", ptr %x, ptr %dx)
  ret double %r
}
define double @test_unused(ptr %y, ptr %dy, ptr %x, ptr %dx) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @g_unused, metadata !"enzyme_dup", ptr %y, ptr %dy, metadata !"enzyme_dup", ptr %x, ptr %dx)
  ret double %r
}
define double @test_const_y(ptr %y, ptr %x, ptr %dx) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @g, metadata !"enzyme_const", ptr %y, metadata !"enzyme_dup", ptr %x, ptr %dx)
  ret double %r
}
define double @test_const_x(ptr %y, ptr %dy, ptr %x) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @g, metadata !"enzyme_dup", ptr %y, ptr %dy, metadata !"enzyme_const", ptr %x)
  ret double %r
}
