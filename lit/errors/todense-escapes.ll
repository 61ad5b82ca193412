; A pointer from __enzyme_todense is a view, not memory: its loads and stores become calls of the
; user's functions wherever llad can follow it. Stored into a global, it could be read anywhere,
; so llad refuses (naming the store) instead of leaving a made-up address to be dereferenced.
; RUN: not %llad %s -S -o /dev/null 2>&1 | FileCheck %s --check-prefixes=CHECK,CLI
; RUN: not opt -load-pass-plugin=%plugin -passes=llad %s -disable-output 2>&1 | FileCheck %s --check-prefixes=CHECK,PLUGIN

@saved = global ptr null

declare ptr @__enzyme_todense(ptr, ptr, ...)

define internal double @load_one(i64 %offset) {
  ret double 1.0
}

define internal void @store_none(double %v, i64 %offset) {
  ret void
}

define double @test() {
  %view = call ptr (ptr, ptr, ...) @__enzyme_todense(ptr @load_one, ptr @store_none)
  %p = getelementptr inbounds double, ptr %view, i64 3
  store ptr %p, ptr @saved, align 8
  %v = load double, ptr %p, align 8
  ret double %v
}

; CLI:         llad: error: in function 'test', instruction `store ptr %p, ptr @saved, align 8`: cannot differentiate: a pointer from __enzyme_todense (or a constant enzyme_dupnoneed pointer) is stored to memory, where llad cannot follow it
; PLUGIN:      error: llad: in function 'test', instruction `store ptr %p, ptr @saved, align 8`: cannot differentiate: a pointer from __enzyme_todense (or a constant enzyme_dupnoneed pointer) is stored to memory, where llad cannot follow it
; CHECK-NEXT:  {{^}}  hint: use such pointers only for loads, stores, address arithmetic and calls of functions defined in the module
