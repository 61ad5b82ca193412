; A malformed --rules file is an error naming the file and the line, before any IR is touched; the
; plugin reads the same option from LLAD_OPTIONS.
; RUN: rm -rf %t && split-file %s %t
; RUN: not %llad --rules %t/arity.rules %t/input.ll -S -o /dev/null 2>&1 | FileCheck %s --check-prefix=ARITY
; RUN: not env LLAD_OPTIONS="--rules %t/arity.rules" opt -load-pass-plugin=%plugin -passes=llad %t/input.ll -disable-output 2>&1 | FileCheck %s --check-prefix=ARITY-PLUGIN
; RUN: not %llad --rules %t/syntax.rules %t/input.ll -S -o /dev/null 2>&1 | FileCheck %s --check-prefix=SYNTAX
; RUN: not %llad --rules %t/name.rules %t/input.ll -S -o /dev/null 2>&1 | FileCheck %s --check-prefix=NAME
; RUN: not %llad --rules %t/signature.rules %t/input.ll -S -o /dev/null 2>&1 | FileCheck %s --check-prefix=SIGNATURE
; RUN: not %llad --rules %t/call.rules %t/input.ll -S -o /dev/null 2>&1 | FileCheck %s --check-prefix=CALL
; RUN: not %llad --rules %t/missing.rules %t/input.ll -S -o /dev/null 2>&1 | FileCheck %s --check-prefix=MISSING

; ARITY:        llad: error: {{.*}}arity.rules:3: invalid rule: 2 argument(s) but 1 partial derivative(s)
; ARITY-PLUGIN: error: llad: {{.*}}arity.rules:3: invalid rule: 2 argument(s) but 1 partial derivative(s)
; SYNTAX:       llad: error: {{.*}}syntax.rules:1: invalid rule: unexpected end of expression
; NAME:         llad: error: {{.*}}name.rules:2: invalid rule: unknown name 'y' (arguments are x)
; SIGNATURE:    llad: error: {{.*}}signature.rules:1: invalid rule: missing '(' in the signature
; CALL:         llad: error: {{.*}}call.rules:2: invalid rule: unknown function 'nosuch' in expression
; MISSING:      llad: error: cannot read '{{.*}}missing.rules': No such file or directory

;--- arity.rules
# comment lines and blank lines count

mystery(x, y): 1
;--- syntax.rules
mystery(x): 2 *
;--- name.rules
sqrt2(x): 0.5 / x
mystery(x): y * 2
;--- signature.rules
mystery x: 1
;--- call.rules
helper(x): 2 * x
mystery(x): nosuch(x) + helper(x)
;--- input.ll
declare double @__enzyme_fwddiff(ptr, ...)

define double @square(double %x) {
  %m = fmul double %x, %x
  ret double %m
}

define double @test(double %x) {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @square, double %x, double 1.0)
  ret double %r
}
