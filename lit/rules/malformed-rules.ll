; Malformed custom rules are compile-time errors that name the primal, the rule and what is wrong:
; bad activity patterns (the seed's activities are const, dup, dupnoneed, active), patterns that do
; not list every argument, unknown rule kinds, malformed !llad.rules nodes, and rules whose
; signature does not fit their pattern (parameter count: the config, each argument followed by its
; shadow where the pattern admits dup/dupnoneed, then for reverse rules d_ret and the tape; return
; type: {primal, shadow}, the primal for a const-only return, {tape, primal} for augmented rules,
; the active arguments' adjoints for reverse rules); an augmented rule without a reverse rule.
; RUN: rm -rf %t && split-file %s %t
; RUN: cat %t/common.ll %t/unknown-activity.ll | not %llad - -S -o /dev/null 2>&1 | FileCheck %s --check-prefix=UNKNOWN-ACTIVITY
; RUN: cat %t/common.ll %t/pattern-arity.ll | not %llad - -S -o /dev/null 2>&1 | FileCheck %s --check-prefix=PATTERN-ARITY
; RUN: cat %t/common.ll %t/unknown-key.ll | not %llad - -S -o /dev/null 2>&1 | FileCheck %s --check-prefix=UNKNOWN-KEY
; RUN: cat %t/common.ll %t/missing-ret.ll | not %llad - -S -o /dev/null 2>&1 | FileCheck %s --check-prefix=MISSING-RET
; RUN: cat %t/common.ll %t/no-equals.ll | not %llad - -S -o /dev/null 2>&1 | FileCheck %s --check-prefix=NO-EQUALS
; RUN: cat %t/common.ll %t/unknown-kind.ll | not %llad - -S -o /dev/null 2>&1 | FileCheck %s --check-prefix=UNKNOWN-KIND
; RUN: cat %t/common.ll %t/not-function.ll | not %llad - -S -o /dev/null 2>&1 | FileCheck %s --check-prefix=NOT-FUNCTION
; RUN: cat %t/common.ll %t/bad-node.ll | not %llad - -S -o /dev/null 2>&1 | FileCheck %s --check-prefix=BAD-NODE
; RUN: cat %t/common.ll %t/fwd-params.ll | not %llad - -S -o /dev/null 2>&1 | FileCheck %s --check-prefix=FWD-PARAMS
; RUN: cat %t/common.ll %t/fwd-params-const.ll | not %llad - -S -o /dev/null 2>&1 | FileCheck %s --check-prefix=FWD-PARAMS-CONST
; RUN: cat %t/common.ll %t/fwd-void.ll | not %llad - -S -o /dev/null 2>&1 | FileCheck %s --check-prefix=FWD-VOID
; RUN: cat %t/common.ll %t/fwd-const-ret-pair.ll | not %llad - -S -o /dev/null 2>&1 | FileCheck %s --check-prefix=FWD-CONST-RET-PAIR
; RUN: cat %t/common.ll %t/fwd-bad-ret.ll | not %llad - -S -o /dev/null 2>&1 | FileCheck %s --check-prefix=FWD-BAD-RET
; RUN: cat %t/common.ll %t/aug-params.ll | not %llad - -S -o /dev/null 2>&1 | FileCheck %s --check-prefix=AUG-PARAMS
; RUN: cat %t/common.ll %t/aug-bad-ret.ll | not %llad - -S -o /dev/null 2>&1 | FileCheck %s --check-prefix=AUG-BAD-RET
; RUN: cat %t/common.ll %t/aug-only.ll | not %llad - -S -o /dev/null 2>&1 | FileCheck %s --check-prefix=AUG-ONLY
; RUN: cat %t/common.ll %t/rev-only.ll | not %llad - -S -o /dev/null 2>&1 | FileCheck %s --check-prefix=REV-ONLY
; RUN: cat %t/common.ll %t/rev-params.ll | not %llad - -S -o /dev/null 2>&1 | FileCheck %s --check-prefix=REV-PARAMS
; RUN: cat %t/common.ll %t/rev-bad-adjoints.ll | not %llad - -S -o /dev/null 2>&1 | FileCheck %s --check-prefix=REV-BAD-ADJOINTS
; RUN: cat %t/common.ll %t/unknown-activity.ll > %t/unknown-activity.full.ll
; RUN: not opt -load-pass-plugin=%plugin -passes=llad %t/unknown-activity.full.ll -disable-output 2>&1 | FileCheck %s --check-prefix=PLUGIN-ACTIVITY
; RUN: cat %t/common.ll %t/fwd-params.ll > %t/fwd-params.full.ll
; RUN: not opt -load-pass-plugin=%plugin -passes=llad %t/fwd-params.full.ll -disable-output 2>&1 | FileCheck %s --check-prefix=PLUGIN-PARAMS

; UNKNOWN-ACTIVITY: llad: error: in function 'f': invalid custom rule: malformed activity pattern 'ret=sometimes args=dup,dup' of forward rule 'f_fwd': unknown activity 'sometimes' (const, dup, dupnoneed, active)
; PATTERN-ARITY: llad: error: in function 'f': invalid custom rule: malformed activity pattern 'ret=dup args=dup' of forward rule 'f_fwd': the pattern lists 1 argument(s) but the function takes 2
; UNKNOWN-KEY: llad: error: in function 'f': invalid custom rule: malformed activity pattern 'ret=dup arguments=dup,dup' of forward rule 'f_fwd': unknown key 'arguments' (ret, args)
; MISSING-RET: llad: error: in function 'f': invalid custom rule: malformed activity pattern 'args=dup,dup' of forward rule 'f_fwd': missing 'ret='
; NO-EQUALS: llad: error: in function 'f': invalid custom rule: malformed activity pattern 'dup dup,dup' of forward rule 'f_fwd': expected 'ret=...' or 'args=...', found 'dup'
; UNKNOWN-KIND: llad: error: in function 'f': invalid custom rule: unknown rule kind 'backward' (forward, augmented, reverse)
; NOT-FUNCTION: llad: error: in function 'f': invalid custom rule: the forward rule is not a function
; BAD-NODE: llad: error: in function 'f': invalid custom rule: a !llad.rules entry must be !{!"kind", ptr @rule, !"pattern"}
; FWD-PARAMS: llad: error: in function 'f': invalid custom rule: forward rule 'f_fwd' takes 4 parameter(s), but its pattern 'ret=dup args=dup,dup' means 5 (the config, each argument followed by its shadow where the pattern admits dup)
; FWD-PARAMS-CONST: llad: error: in function 'f': invalid custom rule: forward rule 'f_fwd' takes 5 parameter(s), but its pattern 'ret=dup args=const,dup' means 4 (the config, each argument followed by its shadow where the pattern admits dup)
; FWD-VOID: llad: error: in function 'f': invalid custom rule: forward rule 'f_fwd' must return {primal, shadow}
; FWD-CONST-RET-PAIR: llad: error: in function 'f': invalid custom rule: forward rule 'f_fwd' must return the primal
; FWD-BAD-RET: llad: error: in function 'g', instruction `%r = call double @f(ptr %y, ptr %x)`: invalid custom rule: rule 'f_fwd' does not fit its pattern: it returns "i32" instead of {primal, shadow}
; AUG-PARAMS: llad: error: in function 'f': invalid custom rule: augmented rule 'f_aug' takes 3 parameter(s), but its pattern 'ret=active args=dup,dup' means 5 (the config, each argument followed by its shadow where the pattern admits dup)
; AUG-BAD-RET: llad: error: in function 'g', instruction `%r = call double @f(ptr %y, ptr %x)`: invalid custom rule: rule 'f_aug' does not fit its pattern: it returns "i32" but must return {tape, primal} or the primal
; AUG-ONLY: llad: error: in function 'g', instruction `%r = call double @f(ptr %y, ptr %x)`: cannot differentiate: 'f' has an augmented rule or a reverse rule but not both
; REV-ONLY: llad: error: in function 'g', instruction `%r = call double @f(ptr %y, ptr %x)`: cannot differentiate: 'f' has an augmented rule or a reverse rule but not both
; REV-PARAMS: llad: error: in function 'g', instruction `%r = call double @f(ptr %y, ptr %x)`: invalid custom rule: rule 'f_rev' does not fit its pattern: it takes 6 parameter(s), the call needs 7
; REV-BAD-ADJOINTS: llad: error: in function 'g', instruction `%r = call double @f(ptr %y, ptr %x)`: invalid custom rule: rule 'f_rev' does not fit its pattern: it must return the adjoints of 0 argument(s)
; PLUGIN-ACTIVITY: error: llad: in function 'f': invalid custom rule: malformed activity pattern 'ret=sometimes args=dup,dup' of forward rule 'f_fwd': unknown activity 'sometimes' (const, dup, dupnoneed, active)
; PLUGIN-PARAMS: error: llad: in function 'f': invalid custom rule: forward rule 'f_fwd' takes 4 parameter(s), but its pattern 'ret=dup args=dup,dup' means 5 (the config, each argument followed by its shadow where the pattern admits dup)

;--- common.ll
declare double @__enzyme_fwddiff(ptr, ...)
declare void @__enzyme_autodiff(ptr, ...)

define double @f(ptr %y, ptr %x) !llad.rules !0 {
  %x0 = load double, ptr %x
  %s0 = fmul double %x0, %x0
  store double %s0, ptr %y
  ret double %s0
}

define double @g(ptr %y, ptr %x) {
  %r = call double @f(ptr %y, ptr %x)
  %m = fmul double %r, %r
  ret double %m
}

@not_a_function = global i32 0

define double @test_fwd(ptr %y, ptr %dy, ptr %x, ptr %dx) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @g, metadata !"enzyme_dup", ptr %y, ptr %dy, metadata !"enzyme_dup", ptr %x, ptr %dx)
  ret double %r
}

define void @test_rev(ptr %y, ptr %dy, ptr %x, ptr %dx) {
  call void (ptr, ...) @__enzyme_autodiff(ptr @g, metadata !"enzyme_dup", ptr %y, ptr %dy, metadata !"enzyme_dup", ptr %x, ptr %dx)
  ret void
}
;--- unknown-activity.ll
declare { double, double } @f_fwd(ptr, ptr, ptr, ptr, ptr)
!0 = !{!1}
!1 = !{!"forward", ptr @f_fwd, !"ret=sometimes args=dup,dup"}
;--- pattern-arity.ll
declare { double, double } @f_fwd(ptr, ptr, ptr, ptr, ptr)
!0 = !{!1}
!1 = !{!"forward", ptr @f_fwd, !"ret=dup args=dup"}
;--- unknown-key.ll
declare { double, double } @f_fwd(ptr, ptr, ptr, ptr, ptr)
!0 = !{!1}
!1 = !{!"forward", ptr @f_fwd, !"ret=dup arguments=dup,dup"}
;--- missing-ret.ll
declare { double, double } @f_fwd(ptr, ptr, ptr, ptr, ptr)
!0 = !{!1}
!1 = !{!"forward", ptr @f_fwd, !"args=dup,dup"}
;--- no-equals.ll
declare { double, double } @f_fwd(ptr, ptr, ptr, ptr, ptr)
!0 = !{!1}
!1 = !{!"forward", ptr @f_fwd, !"dup dup,dup"}
;--- unknown-kind.ll
declare { double, double } @f_fwd(ptr, ptr, ptr, ptr, ptr)
!0 = !{!1}
!1 = !{!"backward", ptr @f_fwd, !"ret=dup args=dup,dup"}
;--- not-function.ll
!0 = !{!1}
!1 = !{!"forward", ptr @not_a_function, !"ret=dup args=dup,dup"}
;--- bad-node.ll
declare { double, double } @f_fwd(ptr, ptr, ptr, ptr, ptr)
!0 = !{!1}
!1 = !{!"forward", ptr @f_fwd}
;--- fwd-params.ll
declare { double, double } @f_fwd(ptr, ptr, ptr, ptr)
!0 = !{!1}
!1 = !{!"forward", ptr @f_fwd, !"ret=dup args=dup,dup"}
;--- fwd-params-const.ll
declare { double, double } @f_fwd(ptr, ptr, ptr, ptr, ptr)
!0 = !{!1}
!1 = !{!"forward", ptr @f_fwd, !"ret=dup args=const,dup"}
;--- fwd-void.ll
declare void @f_fwd(ptr, ptr, ptr, ptr, ptr)
!0 = !{!1}
!1 = !{!"forward", ptr @f_fwd, !"ret=dup args=dup,dup"}
;--- fwd-const-ret-pair.ll
declare { double, double } @f_fwd(ptr, ptr, ptr, ptr, ptr)
!0 = !{!1}
!1 = !{!"forward", ptr @f_fwd, !"ret=const args=dup,dup"}
;--- fwd-bad-ret.ll
declare i32 @f_fwd(ptr, ptr, ptr, ptr, ptr)
!0 = !{!1}
!1 = !{!"forward", ptr @f_fwd, !"ret=dup args=dup,dup"}
;--- aug-params.ll
declare { ptr, double } @f_aug(ptr, ptr, ptr)
declare void @f_rev(ptr, ptr, ptr, ptr, ptr, double, ptr)
!0 = !{!1, !2}
!1 = !{!"augmented", ptr @f_aug, !"ret=active args=dup,dup"}
!2 = !{!"reverse", ptr @f_rev, !"ret=active args=dup,dup"}
;--- aug-bad-ret.ll
declare i32 @f_aug(ptr, ptr, ptr, ptr, ptr)
declare void @f_rev(ptr, ptr, ptr, ptr, ptr, double, ptr)
!0 = !{!1, !2}
!1 = !{!"augmented", ptr @f_aug, !"ret=active args=dup,dup"}
!2 = !{!"reverse", ptr @f_rev, !"ret=active args=dup,dup"}
;--- aug-only.ll
declare { ptr, double } @f_aug(ptr, ptr, ptr, ptr, ptr)
!0 = !{!1}
!1 = !{!"augmented", ptr @f_aug, !"ret=active args=dup,dup"}
;--- rev-only.ll
declare void @f_rev(ptr, ptr, ptr, ptr, ptr, double)
!0 = !{!1}
!1 = !{!"reverse", ptr @f_rev, !"ret=active args=dup,dup"}
;--- rev-params.ll
declare { ptr, double } @f_aug(ptr, ptr, ptr, ptr, ptr)
declare void @f_rev(ptr, ptr, ptr, ptr, ptr, ptr)
!0 = !{!1, !2}
!1 = !{!"augmented", ptr @f_aug, !"ret=active args=dup,dup"}
!2 = !{!"reverse", ptr @f_rev, !"ret=active args=dup,dup"}
;--- rev-bad-adjoints.ll
declare { ptr, double } @f_aug(ptr, ptr, ptr, ptr, ptr)
declare double @f_rev(ptr, ptr, ptr, ptr, ptr, double, ptr)
!0 = !{!1, !2}
!1 = !{!"augmented", ptr @f_aug, !"ret=active args=dup,dup"}
!2 = !{!"reverse", ptr @f_rev, !"ret=active args=dup,dup"}
