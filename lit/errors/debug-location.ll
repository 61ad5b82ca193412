; An error in IR with !dbg locations names the source file, line and column (here kernel.c:7:12).
; RUN: not %llad %s -S -o /dev/null 2>&1 | FileCheck %s --check-prefixes=CHECK,CLI
; RUN: not opt -load-pass-plugin=%plugin -passes=llad %s -disable-output 2>&1 | FileCheck %s --check-prefixes=CHECK,PLUGIN

declare double @__enzyme_fwddiff(ptr, ...)

define double @bitabs(double %x) !dbg !5 {
  %i = bitcast double %x to i64, !dbg !8
  %a = and i64 %i, 9223372036854775807, !dbg !9
  %d = bitcast i64 %a to double, !dbg !9
  ret double %d, !dbg !10
}

define double @test(double %x) !dbg !11 {
  %r = call double (ptr, ...) @__enzyme_fwddiff(ptr @bitabs, double %x, double 1.0), !dbg !12
  ret double %r, !dbg !12
}

; CLI:        llad: error: kernel.c:7:12: in function 'bitabs', instruction `%a = and i64 %i, 9223372036854775807`: cannot differentiate: integer arithmetic on the bits of an active floating-point value
; PLUGIN:     error: llad: kernel.c:7:12: in function 'bitabs', instruction `%a = and i64 %i, 9223372036854775807`: cannot differentiate: integer arithmetic on the bits of an active floating-point value
; CHECK-NEXT: {{^}}  hint: use floating-point operations (fabs, copysign, ...) instead of bit manipulation

!llvm.dbg.cu = !{!0}
!llvm.module.flags = !{!2, !3}

!0 = distinct !DICompileUnit(language: DW_LANG_C11, file: !1, producer: "hand-written", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug)
!1 = !DIFile(filename: "kernel.c", directory: "/src")
!2 = !{i32 2, !"Debug Info Version", i32 3}
!3 = !{i32 7, !"Dwarf Version", i32 5}
!4 = !DISubroutineType(types: !{})
!5 = distinct !DISubprogram(name: "bitabs", scope: !1, file: !1, line: 5, type: !4, scopeLine: 5, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !0)
!8 = !DILocation(line: 6, column: 3, scope: !5)
!9 = !DILocation(line: 7, column: 12, scope: !5)
!10 = !DILocation(line: 8, column: 3, scope: !5)
!11 = distinct !DISubprogram(name: "test", scope: !1, file: !1, line: 11, type: !4, scopeLine: 11, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !0)
!12 = !DILocation(line: 12, column: 10, scope: !11)
