; KNOWN BUG (found by scripts/fuzz --part diff --count 150 --seed 21, case 26, reduced): reverse mode
; returns NaN for d/dx0 where forward mode and finite differences give 0. The function selects
; between two shadowed stack slots (`select i1 %t33, ptr %t37, ptr %s0`), uses fmin/fmax/maximum
; of x0 with itself and copies a { double, double } aggregate; not a regression of session 2 (the
; build before it fails the same way). Run with: scripts/lit -v --param pending=1 lit/pending
; RUN: %llad %s -S -o %t.ll
; RUN: %clang -O2 -Wno-override-module %t.ll -o %t.exe -lm && %t.exe | FileCheck %s
; CHECK: , 0 failure(s)
; ModuleID = 'llvm-link'
source_filename = "llvm-link"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-pc-linux-gnu"

@IN0 = internal unnamed_addr constant [9 x double] [double 2.780000e-01, double 1.670000e-01, double 0x3FE3EF9DB22D0E56, double 0x3FEE04189374BC6A, double -2.310000e-01, double -1.498000e+00, double -1.235000e+00, double -4.370000e-01, double 9.320000e-01], align 16
@.str = private unnamed_addr constant [9 x i8] c"J %.17g\0A\00", align 1
@enzyme_dup = dso_local local_unnamed_addr global i32 0, align 4
@W0 = internal unnamed_addr constant [3 x double] [double -5.360000e-01, double 1.860000e-01, double 9.050000e-01], align 16
@W1 = internal unnamed_addr constant [5 x double] [double 5.140000e-01, double 0x3FB2F1A9FBE76C8B, double -2.650000e-01, double 0x3FEFCED916872B02, double 9.230000e-01], align 16
@.str.2 = private unnamed_addr constant [8 x i8] c"forward\00", align 1
@enzyme_out = dso_local local_unnamed_addr global i32 0, align 4
@.str.3 = private unnamed_addr constant [8 x i8] c"reverse\00", align 1
@.str.4 = private unnamed_addr constant [78 x i8] c"in %-6s fwd % .17g rev % .17g split % .17g batch % .17g fd % .17g fdK % .17g\0A\00", align 1
@NAMES = internal unnamed_addr constant [9 x ptr] [ptr @.str.14, ptr @.str.15, ptr @.str.16, ptr @.str.17, ptr @.str.18, ptr @.str.19, ptr @.str.20, ptr @.str.21, ptr @.str.22], align 16
@fd_skipped = internal unnamed_addr global i32 0, align 4
@.str.5 = private unnamed_addr constant [6 x i8] c"split\00", align 1
@.str.6 = private unnamed_addr constant [16 x i8] c"batched forward\00", align 1
@__const.main.what = private unnamed_addr constant [4 x ptr] [ptr @.str.2, ptr @.str.3, ptr @.str.5, ptr @.str.6], align 16
@__const.main.ref = private unnamed_addr constant [4 x i32] [i32 -1, i32 0, i32 1, i32 0], align 16
@compared = internal unnamed_addr global i32 0, align 4
@fails = internal unnamed_addr global i32 0, align 4
@.str.7 = private unnamed_addr constant [36 x i8] c"FAIL d/d%s: %s is %.17g (fd %.17g)\0A\00", align 1
@.str.8 = private unnamed_addr constant [47 x i8] c"FAIL d/d%s: %s %.17g vs %s %.17g (fd %.17g%s)\0A\00", align 1
@.str.9 = private unnamed_addr constant [1 x i8] zeroinitializer, align 1
@.str.10 = private unnamed_addr constant [11 x i8] c", unstable\00", align 1
@.str.11 = private unnamed_addr constant [49 x i8] c"FAIL d/d%s: %s %.17g vs finite difference %.17g\0A\00", align 1
@.str.12 = private unnamed_addr constant [82 x i8] c"checked %d derivatives, finite differences unstable for %d inputs, %d failure(s)\0A\00", align 1
@enzyme_const = dso_local local_unnamed_addr global i32 0, align 4
@enzyme_dupnoneed = dso_local local_unnamed_addr global i32 0, align 4
@enzyme_width = dso_local local_unnamed_addr global i32 0, align 4
@enzyme_primal_return = dso_local local_unnamed_addr global i32 0, align 4
@.str.13 = private unnamed_addr constant [68 x i8] c"FAIL primal %s: final %s = %.17g, the primal function leaves %.17g\0A\00", align 1
@.str.14 = private unnamed_addr constant [3 x i8] c"x0\00", align 1
@.str.15 = private unnamed_addr constant [6 x i8] c"a0[0]\00", align 1
@.str.16 = private unnamed_addr constant [6 x i8] c"a0[1]\00", align 1
@.str.17 = private unnamed_addr constant [6 x i8] c"a0[2]\00", align 1
@.str.18 = private unnamed_addr constant [6 x i8] c"a1[0]\00", align 1
@.str.19 = private unnamed_addr constant [6 x i8] c"a1[1]\00", align 1
@.str.20 = private unnamed_addr constant [6 x i8] c"a1[2]\00", align 1
@.str.21 = private unnamed_addr constant [6 x i8] c"a1[3]\00", align 1
@.str.22 = private unnamed_addr constant [6 x i8] c"a1[4]\00", align 1
@str = private unnamed_addr constant [23 x i8] c"SKIP primal not finite\00", align 1

; Function Attrs: nounwind uwtable
define dso_local range(i32 0, 2) i32 @main() local_unnamed_addr #0 {
  %1 = alloca [3 x double], align 16
  %2 = alloca [5 x double], align 16
  %3 = alloca [3 x double], align 16
  %4 = alloca [5 x double], align 16
  %5 = alloca [3 x double], align 16
  %6 = alloca [5 x double], align 16
  %7 = alloca [3 x double], align 16
  %8 = alloca [5 x double], align 16
  %9 = alloca [3 x double], align 16
  %10 = alloca [5 x double], align 16
  %11 = alloca [9 x double], align 16
  %12 = alloca [9 x double], align 16
  %13 = alloca [9 x double], align 16
  %14 = alloca [9 x double], align 16
  %15 = alloca [9 x double], align 16
  %16 = alloca [9 x double], align 16
  %17 = alloca [9 x double], align 16
  %18 = alloca [3 x double], align 16
  %19 = alloca [3 x double], align 16
  %20 = alloca [5 x double], align 16
  %21 = alloca [5 x double], align 16
  %22 = alloca [9 x double], align 16
  %23 = alloca [3 x double], align 16
  %24 = alloca [3 x double], align 16
  %25 = alloca [5 x double], align 16
  %26 = alloca [5 x double], align 16
  %27 = alloca [9 x double], align 16
  %28 = alloca [9 x double], align 16
  %29 = alloca [4 x double], align 16
  call void @llvm.lifetime.start.p0(i64 72, ptr nonnull %11) #9
  call void @llvm.memset.p0.i64(ptr noundef nonnull align 16 dereferenceable(72) %11, i8 0, i64 72, i1 false)
  call void @llvm.lifetime.start.p0(i64 24, ptr nonnull %9) #9
  call void @llvm.memcpy.p0.p0.i64(ptr noundef nonnull align 16 dereferenceable(24) %9, ptr noundef nonnull readonly align 8 dereferenceable(24) getelementptr inbounds (i8, ptr @IN0, i64 8), i64 24, i1 false)
  call void @llvm.lifetime.start.p0(i64 40, ptr nonnull %10) #9
  call void @llvm.memcpy.p0.p0.i64(ptr noundef nonnull align 16 dereferenceable(40) %10, ptr noundef nonnull readonly align 16 dereferenceable(40) getelementptr inbounds (i8, ptr @IN0, i64 32), i64 40, i1 false)
  %30 = call double @fz_f(ptr noundef nonnull %9, double noundef 2.780000e-01, ptr noundef nonnull %10) #9
  br label %33

31:                                               ; preds = %33
  %32 = getelementptr inbounds i8, ptr %11, i64 8
  call void @llvm.memcpy.p0.p0.i64(ptr noundef nonnull align 8 dereferenceable(24) %32, ptr noundef nonnull align 16 dereferenceable(24) %9, i64 24, i1 false)
  br label %43

33:                                               ; preds = %33, %0
  %34 = phi i64 [ 0, %0 ], [ %41, %33 ]
  %35 = phi double [ %30, %0 ], [ %40, %33 ]
  %36 = getelementptr inbounds [3 x double], ptr @W0, i64 0, i64 %34
  %37 = load double, ptr %36, align 8, !tbaa !5
  %38 = getelementptr inbounds [3 x double], ptr %9, i64 0, i64 %34
  %39 = load double, ptr %38, align 8, !tbaa !5
  %40 = call double @llvm.fmuladd.f64(double %37, double %39, double %35)
  %41 = add nuw nsw i64 %34, 1
  %42 = icmp eq i64 %41, 3
  br i1 %42, label %31, label %33, !llvm.loop !9

43:                                               ; preds = %43, %31
  %44 = phi i64 [ 0, %31 ], [ %51, %43 ]
  %45 = phi double [ %40, %31 ], [ %50, %43 ]
  %46 = getelementptr inbounds [5 x double], ptr @W1, i64 0, i64 %44
  %47 = load double, ptr %46, align 8, !tbaa !5
  %48 = getelementptr inbounds [5 x double], ptr %10, i64 0, i64 %44
  %49 = load double, ptr %48, align 8, !tbaa !5
  %50 = call double @llvm.fmuladd.f64(double %47, double %49, double %45)
  %51 = add nuw nsw i64 %44, 1
  %52 = icmp eq i64 %51, 5
  br i1 %52, label %53, label %43, !llvm.loop !12

53:                                               ; preds = %43
  %54 = getelementptr inbounds i8, ptr %11, i64 32
  call void @llvm.memcpy.p0.p0.i64(ptr noundef nonnull align 16 dereferenceable(40) %54, ptr noundef nonnull align 16 dereferenceable(40) %10, i64 40, i1 false)
  call void @llvm.lifetime.end.p0(i64 40, ptr nonnull %10) #9
  call void @llvm.lifetime.end.p0(i64 24, ptr nonnull %9) #9
  %55 = call i32 (ptr, ...) @printf(ptr noundef nonnull dereferenceable(1) @.str, double noundef %50)
  %56 = call double @llvm.fabs.f64(double %50)
  %57 = fcmp ueq double %56, 0x7FF0000000000000
  br i1 %57, label %58, label %60

58:                                               ; preds = %53
  %59 = call i32 @puts(ptr nonnull dereferenceable(1) @str)
  br label %403

60:                                               ; preds = %53
  call void @llvm.lifetime.start.p0(i64 72, ptr nonnull %12) #9
  call void @llvm.lifetime.start.p0(i64 72, ptr nonnull %13) #9
  call void @llvm.lifetime.start.p0(i64 72, ptr nonnull %14) #9
  call void @llvm.lifetime.start.p0(i64 72, ptr nonnull %15) #9
  call void @llvm.lifetime.start.p0(i64 72, ptr nonnull %16) #9
  call void @llvm.lifetime.start.p0(i64 72, ptr nonnull %17) #9
  br label %64

61:                                               ; preds = %64
  %62 = getelementptr inbounds i8, ptr %22, i64 8
  %63 = getelementptr inbounds i8, ptr %22, i64 32
  br label %82

64:                                               ; preds = %64, %60
  %65 = phi i64 [ 0, %60 ], [ %72, %64 ]
  %66 = getelementptr inbounds [9 x double], ptr %17, i64 0, i64 %65
  store double 0x7FF8000000000000, ptr %66, align 8, !tbaa !5
  %67 = getelementptr inbounds [9 x double], ptr %16, i64 0, i64 %65
  store double 0x7FF8000000000000, ptr %67, align 8, !tbaa !5
  %68 = getelementptr inbounds [9 x double], ptr %15, i64 0, i64 %65
  store double 0x7FF8000000000000, ptr %68, align 8, !tbaa !5
  %69 = getelementptr inbounds [9 x double], ptr %14, i64 0, i64 %65
  store double 0x7FF8000000000000, ptr %69, align 8, !tbaa !5
  %70 = getelementptr inbounds [9 x double], ptr %13, i64 0, i64 %65
  store double 0x7FF8000000000000, ptr %70, align 8, !tbaa !5
  %71 = getelementptr inbounds [9 x double], ptr %12, i64 0, i64 %65
  store double 0x7FF8000000000000, ptr %71, align 8, !tbaa !5
  %72 = add nuw nsw i64 %65, 1
  %73 = icmp eq i64 %72, 9
  br i1 %73, label %61, label %64, !llvm.loop !13

74:                                               ; preds = %140
  call void @llvm.lifetime.start.p0(i64 24, ptr nonnull %23) #9
  call void @llvm.memcpy.p0.p0.i64(ptr noundef nonnull align 16 dereferenceable(24) %23, ptr noundef nonnull align 8 dereferenceable(24) getelementptr inbounds (i8, ptr @IN0, i64 8), i64 24, i1 false)
  call void @llvm.lifetime.start.p0(i64 24, ptr nonnull %24) #9
  call void @llvm.memset.p0.i64(ptr noundef nonnull align 16 dereferenceable(24) %24, i8 0, i64 24, i1 false), !tbaa !5
  call void @llvm.lifetime.start.p0(i64 40, ptr nonnull %25) #9
  call void @llvm.memcpy.p0.p0.i64(ptr noundef nonnull align 16 dereferenceable(40) %25, ptr noundef nonnull align 16 dereferenceable(40) getelementptr inbounds (i8, ptr @IN0, i64 32), i64 40, i1 false)
  call void @llvm.lifetime.start.p0(i64 40, ptr nonnull %26) #9
  call void @llvm.memset.p0.i64(ptr noundef nonnull align 16 dereferenceable(40) %26, i8 0, i64 40, i1 false), !tbaa !5
  call void @llvm.memcpy.p0.p0.i64(ptr noundef nonnull align 16 dereferenceable(24) %24, ptr noundef nonnull align 16 dereferenceable(24) @W0, i64 24, i1 false)
  call void @llvm.memcpy.p0.p0.i64(ptr noundef nonnull align 16 dereferenceable(40) %26, ptr noundef nonnull align 16 dereferenceable(40) @W1, i64 40, i1 false)
  %75 = load i32, ptr @enzyme_dup, align 4, !tbaa !14
  %76 = load i32, ptr @enzyme_out, align 4, !tbaa !14
  %77 = call double (ptr, ...) @__enzyme_autodiff_r(ptr noundef nonnull @fz_f, i32 noundef %75, ptr noundef nonnull %23, ptr noundef nonnull %24, i32 noundef %76, double noundef 2.780000e-01, i32 noundef %75, ptr noundef nonnull %25, ptr noundef nonnull %26) #9
  store double %77, ptr %13, align 16, !tbaa !5
  %78 = getelementptr inbounds i8, ptr %13, i64 8
  call void @llvm.memcpy.p0.p0.i64(ptr noundef nonnull align 8 dereferenceable(24) %78, ptr noundef nonnull align 16 dereferenceable(24) %24, i64 24, i1 false), !tbaa !5
  %79 = getelementptr inbounds i8, ptr %13, i64 32
  call void @llvm.memcpy.p0.p0.i64(ptr noundef nonnull align 16 dereferenceable(40) %79, ptr noundef nonnull align 16 dereferenceable(40) %26, i64 40, i1 false), !tbaa !5
  call void @llvm.lifetime.start.p0(i64 72, ptr nonnull %27) #9
  call void @llvm.memset.p0.i64(ptr noundef nonnull align 16 dereferenceable(72) %27, i8 0, i64 72, i1 false)
  %80 = getelementptr inbounds i8, ptr %27, i64 8
  call void @llvm.memcpy.p0.p0.i64(ptr noundef nonnull align 8 dereferenceable(24) %80, ptr noundef nonnull align 16 dereferenceable(24) %23, i64 24, i1 false)
  %81 = getelementptr inbounds i8, ptr %27, i64 32
  call void @llvm.memcpy.p0.p0.i64(ptr noundef nonnull align 16 dereferenceable(40) %81, ptr noundef nonnull align 16 dereferenceable(40) %25, i64 40, i1 false)
  br label %153

82:                                               ; preds = %140, %61
  %83 = phi i64 [ 0, %61 ], [ %141, %140 ]
  %84 = icmp eq i64 %83, 0
  call void @llvm.lifetime.start.p0(i64 24, ptr nonnull %18) #9
  call void @llvm.memcpy.p0.p0.i64(ptr noundef nonnull align 16 dereferenceable(24) %18, ptr noundef nonnull align 8 dereferenceable(24) getelementptr inbounds (i8, ptr @IN0, i64 8), i64 24, i1 false)
  call void @llvm.lifetime.start.p0(i64 24, ptr nonnull %19) #9
  br label %86

85:                                               ; preds = %86
  call void @llvm.lifetime.start.p0(i64 40, ptr nonnull %20) #9
  call void @llvm.memcpy.p0.p0.i64(ptr noundef nonnull align 16 dereferenceable(40) %20, ptr noundef nonnull align 16 dereferenceable(40) getelementptr inbounds (i8, ptr @IN0, i64 32), i64 40, i1 false)
  call void @llvm.lifetime.start.p0(i64 40, ptr nonnull %21) #9
  br label %97

86:                                               ; preds = %86, %82
  %87 = phi i64 [ 0, %82 ], [ %88, %86 ]
  %88 = add nuw nsw i64 %87, 1
  %89 = icmp eq i64 %88, %83
  %90 = uitofp i1 %89 to double
  %91 = getelementptr inbounds [3 x double], ptr %19, i64 0, i64 %87
  store double %90, ptr %91, align 8, !tbaa !5
  %92 = icmp eq i64 %88, 3
  br i1 %92, label %85, label %86, !llvm.loop !16

93:                                               ; preds = %97
  %94 = uitofp i1 %84 to double
  %95 = load i32, ptr @enzyme_dup, align 4, !tbaa !14
  %96 = call double (ptr, ...) @__enzyme_fwddiff_f(ptr noundef nonnull @fz_f, i32 noundef %95, ptr noundef nonnull %18, ptr noundef nonnull %19, i32 noundef %95, double noundef 2.780000e-01, double noundef %94, ptr noundef nonnull %20, ptr noundef nonnull %21) #9
  br label %105

97:                                               ; preds = %97, %85
  %98 = phi i64 [ 0, %85 ], [ %103, %97 ]
  %99 = add nuw nsw i64 %98, 4
  %100 = icmp eq i64 %99, %83
  %101 = uitofp i1 %100 to double
  %102 = getelementptr inbounds [5 x double], ptr %21, i64 0, i64 %98
  store double %101, ptr %102, align 8, !tbaa !5
  %103 = add nuw nsw i64 %98, 1
  %104 = icmp eq i64 %103, 5
  br i1 %104, label %93, label %97, !llvm.loop !17

105:                                              ; preds = %105, %93
  %106 = phi i64 [ 0, %93 ], [ %113, %105 ]
  %107 = phi double [ %96, %93 ], [ %112, %105 ]
  %108 = getelementptr inbounds [3 x double], ptr @W0, i64 0, i64 %106
  %109 = load double, ptr %108, align 8, !tbaa !5
  %110 = getelementptr inbounds [3 x double], ptr %19, i64 0, i64 %106
  %111 = load double, ptr %110, align 8, !tbaa !5
  %112 = call double @llvm.fmuladd.f64(double %109, double %111, double %107)
  %113 = add nuw nsw i64 %106, 1
  %114 = icmp eq i64 %113, 3
  br i1 %114, label %143, label %105, !llvm.loop !18

115:                                              ; preds = %143
  %116 = getelementptr inbounds [9 x double], ptr %12, i64 0, i64 %83
  store double %150, ptr %116, align 8, !tbaa !5
  call void @llvm.lifetime.start.p0(i64 72, ptr nonnull %22) #9
  call void @llvm.memset.p0.i64(ptr noundef nonnull align 16 dereferenceable(72) %22, i8 0, i64 72, i1 false)
  call void @llvm.memcpy.p0.p0.i64(ptr noundef nonnull align 8 dereferenceable(24) %62, ptr noundef nonnull align 16 dereferenceable(24) %18, i64 24, i1 false)
  call void @llvm.memcpy.p0.p0.i64(ptr noundef nonnull align 16 dereferenceable(40) %63, ptr noundef nonnull align 16 dereferenceable(40) %20, i64 40, i1 false)
  br label %117

117:                                              ; preds = %137, %115
  %118 = phi i64 [ 1, %115 ], [ %138, %137 ]
  %119 = getelementptr inbounds double, ptr %22, i64 %118
  %120 = load double, ptr %119, align 8, !tbaa !5
  %121 = getelementptr inbounds double, ptr %11, i64 %118
  %122 = load double, ptr %121, align 8, !tbaa !5
  %123 = call double @llvm.fabs.f64(double %120)
  %124 = call double @llvm.fabs.f64(double %122)
  %125 = call double @llvm.maxnum.f64(double %123, double %124)
  %126 = call double @llvm.maxnum.f64(double %125, double 1.000000e+00)
  %127 = fsub double %120, %122
  %128 = call double @llvm.fabs.f64(double %127)
  %129 = fmul double %126, 0x3D719799812DEA11
  %130 = fcmp ugt double %128, %129
  br i1 %130, label %131, label %137

131:                                              ; preds = %117
  %132 = load i32, ptr @fails, align 4, !tbaa !14
  %133 = add nsw i32 %132, 1
  store i32 %133, ptr @fails, align 4, !tbaa !14
  %134 = getelementptr inbounds [9 x ptr], ptr @NAMES, i64 0, i64 %118
  %135 = load ptr, ptr %134, align 8, !tbaa !19
  %136 = call i32 (ptr, ...) @printf(ptr noundef nonnull dereferenceable(1) @.str.13, ptr noundef nonnull @.str.2, ptr noundef %135, double noundef %120, double noundef %122)
  br label %137

137:                                              ; preds = %131, %117
  %138 = add nuw nsw i64 %118, 1
  %139 = icmp eq i64 %138, 9
  br i1 %139, label %140, label %117, !llvm.loop !21

140:                                              ; preds = %137
  call void @llvm.lifetime.end.p0(i64 72, ptr nonnull %22) #9
  call void @llvm.lifetime.end.p0(i64 40, ptr nonnull %21) #9
  call void @llvm.lifetime.end.p0(i64 40, ptr nonnull %20) #9
  call void @llvm.lifetime.end.p0(i64 24, ptr nonnull %19) #9
  call void @llvm.lifetime.end.p0(i64 24, ptr nonnull %18) #9
  %141 = add nuw nsw i64 %83, 1
  %142 = icmp eq i64 %141, 9
  br i1 %142, label %74, label %82, !llvm.loop !22

143:                                              ; preds = %143, %105
  %144 = phi i64 [ %151, %143 ], [ 0, %105 ]
  %145 = phi double [ %150, %143 ], [ %112, %105 ]
  %146 = getelementptr inbounds [5 x double], ptr @W1, i64 0, i64 %144
  %147 = load double, ptr %146, align 8, !tbaa !5
  %148 = getelementptr inbounds [5 x double], ptr %21, i64 0, i64 %144
  %149 = load double, ptr %148, align 8, !tbaa !5
  %150 = call double @llvm.fmuladd.f64(double %147, double %149, double %145)
  %151 = add nuw nsw i64 %144, 1
  %152 = icmp eq i64 %151, 5
  br i1 %152, label %115, label %143, !llvm.loop !23

153:                                              ; preds = %173, %74
  %154 = phi i64 [ 1, %74 ], [ %174, %173 ]
  %155 = getelementptr inbounds double, ptr %27, i64 %154
  %156 = load double, ptr %155, align 8, !tbaa !5
  %157 = getelementptr inbounds double, ptr %11, i64 %154
  %158 = load double, ptr %157, align 8, !tbaa !5
  %159 = call double @llvm.fabs.f64(double %156)
  %160 = call double @llvm.fabs.f64(double %158)
  %161 = call double @llvm.maxnum.f64(double %159, double %160)
  %162 = call double @llvm.maxnum.f64(double %161, double 1.000000e+00)
  %163 = fsub double %156, %158
  %164 = call double @llvm.fabs.f64(double %163)
  %165 = fmul double %162, 0x3D719799812DEA11
  %166 = fcmp ugt double %164, %165
  br i1 %166, label %167, label %173

167:                                              ; preds = %153
  %168 = load i32, ptr @fails, align 4, !tbaa !14
  %169 = add nsw i32 %168, 1
  store i32 %169, ptr @fails, align 4, !tbaa !14
  %170 = getelementptr inbounds [9 x ptr], ptr @NAMES, i64 0, i64 %154
  %171 = load ptr, ptr %170, align 8, !tbaa !19
  %172 = call i32 (ptr, ...) @printf(ptr noundef nonnull dereferenceable(1) @.str.13, ptr noundef nonnull @.str.3, ptr noundef %171, double noundef %156, double noundef %158)
  br label %173

173:                                              ; preds = %167, %153
  %174 = add nuw nsw i64 %154, 1
  %175 = icmp eq i64 %174, 9
  br i1 %175, label %176, label %153, !llvm.loop !21

176:                                              ; preds = %173
  call void @llvm.lifetime.end.p0(i64 72, ptr nonnull %27) #9
  call void @llvm.lifetime.end.p0(i64 40, ptr nonnull %26) #9
  call void @llvm.lifetime.end.p0(i64 40, ptr nonnull %25) #9
  call void @llvm.lifetime.end.p0(i64 24, ptr nonnull %24) #9
  call void @llvm.lifetime.end.p0(i64 24, ptr nonnull %23) #9
  %177 = getelementptr inbounds i8, ptr %28, i64 8
  %178 = getelementptr inbounds i8, ptr %28, i64 32
  br label %183

179:                                              ; preds = %286
  %180 = getelementptr inbounds i8, ptr %29, i64 8
  %181 = getelementptr inbounds i8, ptr %29, i64 16
  %182 = getelementptr inbounds i8, ptr %29, i64 24
  br label %305

183:                                              ; preds = %286, %176
  %184 = phi i64 [ 0, %176 ], [ %295, %286 ]
  call void @llvm.lifetime.start.p0(i64 72, ptr nonnull %28) #9
  call void @llvm.memcpy.p0.p0.i64(ptr noundef nonnull align 16 dereferenceable(72) %28, ptr noundef nonnull align 16 dereferenceable(72) @IN0, i64 72, i1 false)
  %185 = getelementptr inbounds [9 x double], ptr @IN0, i64 0, i64 %184
  %186 = load double, ptr %185, align 8, !tbaa !5
  %187 = call double @llvm.fabs.f64(double %186)
  %188 = call double @llvm.maxnum.f64(double %187, double 1.000000e+00)
  %189 = fmul double %188, 0x3EB0C6F7A0B5ED8D
  %190 = fadd double %186, %189
  %191 = getelementptr inbounds [9 x double], ptr %28, i64 0, i64 %184
  store double %190, ptr %191, align 8, !tbaa !5
  call void @llvm.lifetime.start.p0(i64 24, ptr nonnull %7) #9
  call void @llvm.memcpy.p0.p0.i64(ptr noundef nonnull align 16 dereferenceable(24) %7, ptr noundef nonnull readonly align 8 dereferenceable(24) %177, i64 24, i1 false)
  call void @llvm.lifetime.start.p0(i64 40, ptr nonnull %8) #9
  call void @llvm.memcpy.p0.p0.i64(ptr noundef nonnull align 16 dereferenceable(40) %8, ptr noundef nonnull readonly align 16 dereferenceable(40) %178, i64 40, i1 false)
  %192 = load double, ptr %28, align 16, !tbaa !5
  %193 = call double @fz_f(ptr noundef nonnull %7, double noundef %192, ptr noundef nonnull %8) #9
  br label %194

194:                                              ; preds = %194, %183
  %195 = phi i64 [ 0, %183 ], [ %202, %194 ]
  %196 = phi double [ %193, %183 ], [ %201, %194 ]
  %197 = getelementptr inbounds [3 x double], ptr @W0, i64 0, i64 %195
  %198 = load double, ptr %197, align 8, !tbaa !5
  %199 = getelementptr inbounds [3 x double], ptr %7, i64 0, i64 %195
  %200 = load double, ptr %199, align 8, !tbaa !5
  %201 = call double @llvm.fmuladd.f64(double %198, double %200, double %196)
  %202 = add nuw nsw i64 %195, 1
  %203 = icmp eq i64 %202, 3
  br i1 %203, label %204, label %194, !llvm.loop !9

204:                                              ; preds = %204, %194
  %205 = phi i64 [ %212, %204 ], [ 0, %194 ]
  %206 = phi double [ %211, %204 ], [ %201, %194 ]
  %207 = getelementptr inbounds [5 x double], ptr @W1, i64 0, i64 %205
  %208 = load double, ptr %207, align 8, !tbaa !5
  %209 = getelementptr inbounds [5 x double], ptr %8, i64 0, i64 %205
  %210 = load double, ptr %209, align 8, !tbaa !5
  %211 = call double @llvm.fmuladd.f64(double %208, double %210, double %206)
  %212 = add nuw nsw i64 %205, 1
  %213 = icmp eq i64 %212, 5
  br i1 %213, label %214, label %204, !llvm.loop !12

214:                                              ; preds = %204
  call void @llvm.lifetime.end.p0(i64 40, ptr nonnull %8) #9
  call void @llvm.lifetime.end.p0(i64 24, ptr nonnull %7) #9
  %215 = fsub double %186, %189
  store double %215, ptr %191, align 8, !tbaa !5
  call void @llvm.lifetime.start.p0(i64 24, ptr nonnull %5) #9
  call void @llvm.memcpy.p0.p0.i64(ptr noundef nonnull align 16 dereferenceable(24) %5, ptr noundef nonnull readonly align 8 dereferenceable(24) %177, i64 24, i1 false)
  call void @llvm.lifetime.start.p0(i64 40, ptr nonnull %6) #9
  call void @llvm.memcpy.p0.p0.i64(ptr noundef nonnull align 16 dereferenceable(40) %6, ptr noundef nonnull readonly align 16 dereferenceable(40) %178, i64 40, i1 false)
  %216 = load double, ptr %28, align 16, !tbaa !5
  %217 = call double @fz_f(ptr noundef nonnull %5, double noundef %216, ptr noundef nonnull %6) #9
  br label %218

218:                                              ; preds = %218, %214
  %219 = phi i64 [ 0, %214 ], [ %226, %218 ]
  %220 = phi double [ %217, %214 ], [ %225, %218 ]
  %221 = getelementptr inbounds [3 x double], ptr @W0, i64 0, i64 %219
  %222 = load double, ptr %221, align 8, !tbaa !5
  %223 = getelementptr inbounds [3 x double], ptr %5, i64 0, i64 %219
  %224 = load double, ptr %223, align 8, !tbaa !5
  %225 = call double @llvm.fmuladd.f64(double %222, double %224, double %220)
  %226 = add nuw nsw i64 %219, 1
  %227 = icmp eq i64 %226, 3
  br i1 %227, label %228, label %218, !llvm.loop !9

228:                                              ; preds = %228, %218
  %229 = phi i64 [ %236, %228 ], [ 0, %218 ]
  %230 = phi double [ %235, %228 ], [ %225, %218 ]
  %231 = getelementptr inbounds [5 x double], ptr @W1, i64 0, i64 %229
  %232 = load double, ptr %231, align 8, !tbaa !5
  %233 = getelementptr inbounds [5 x double], ptr %6, i64 0, i64 %229
  %234 = load double, ptr %233, align 8, !tbaa !5
  %235 = call double @llvm.fmuladd.f64(double %232, double %234, double %230)
  %236 = add nuw nsw i64 %229, 1
  %237 = icmp eq i64 %236, 5
  br i1 %237, label %238, label %228, !llvm.loop !12

238:                                              ; preds = %228
  call void @llvm.lifetime.end.p0(i64 40, ptr nonnull %6) #9
  call void @llvm.lifetime.end.p0(i64 24, ptr nonnull %5) #9
  %239 = call double @llvm.fmuladd.f64(double %189, double 8.000000e+00, double %186)
  store double %239, ptr %191, align 8, !tbaa !5
  call void @llvm.lifetime.start.p0(i64 24, ptr nonnull %3) #9
  call void @llvm.memcpy.p0.p0.i64(ptr noundef nonnull align 16 dereferenceable(24) %3, ptr noundef nonnull readonly align 8 dereferenceable(24) %177, i64 24, i1 false)
  call void @llvm.lifetime.start.p0(i64 40, ptr nonnull %4) #9
  call void @llvm.memcpy.p0.p0.i64(ptr noundef nonnull align 16 dereferenceable(40) %4, ptr noundef nonnull readonly align 16 dereferenceable(40) %178, i64 40, i1 false)
  %240 = load double, ptr %28, align 16, !tbaa !5
  %241 = call double @fz_f(ptr noundef nonnull %3, double noundef %240, ptr noundef nonnull %4) #9
  br label %242

242:                                              ; preds = %242, %238
  %243 = phi i64 [ 0, %238 ], [ %250, %242 ]
  %244 = phi double [ %241, %238 ], [ %249, %242 ]
  %245 = getelementptr inbounds [3 x double], ptr @W0, i64 0, i64 %243
  %246 = load double, ptr %245, align 8, !tbaa !5
  %247 = getelementptr inbounds [3 x double], ptr %3, i64 0, i64 %243
  %248 = load double, ptr %247, align 8, !tbaa !5
  %249 = call double @llvm.fmuladd.f64(double %246, double %248, double %244)
  %250 = add nuw nsw i64 %243, 1
  %251 = icmp eq i64 %250, 3
  br i1 %251, label %252, label %242, !llvm.loop !9

252:                                              ; preds = %252, %242
  %253 = phi i64 [ %260, %252 ], [ 0, %242 ]
  %254 = phi double [ %259, %252 ], [ %249, %242 ]
  %255 = getelementptr inbounds [5 x double], ptr @W1, i64 0, i64 %253
  %256 = load double, ptr %255, align 8, !tbaa !5
  %257 = getelementptr inbounds [5 x double], ptr %4, i64 0, i64 %253
  %258 = load double, ptr %257, align 8, !tbaa !5
  %259 = call double @llvm.fmuladd.f64(double %256, double %258, double %254)
  %260 = add nuw nsw i64 %253, 1
  %261 = icmp eq i64 %260, 5
  br i1 %261, label %262, label %252, !llvm.loop !12

262:                                              ; preds = %252
  call void @llvm.lifetime.end.p0(i64 40, ptr nonnull %4) #9
  call void @llvm.lifetime.end.p0(i64 24, ptr nonnull %3) #9
  %263 = call double @llvm.fmuladd.f64(double %189, double -8.000000e+00, double %186)
  store double %263, ptr %191, align 8, !tbaa !5
  call void @llvm.lifetime.start.p0(i64 24, ptr nonnull %1) #9
  call void @llvm.memcpy.p0.p0.i64(ptr noundef nonnull align 16 dereferenceable(24) %1, ptr noundef nonnull readonly align 8 dereferenceable(24) %177, i64 24, i1 false)
  call void @llvm.lifetime.start.p0(i64 40, ptr nonnull %2) #9
  call void @llvm.memcpy.p0.p0.i64(ptr noundef nonnull align 16 dereferenceable(40) %2, ptr noundef nonnull readonly align 16 dereferenceable(40) %178, i64 40, i1 false)
  %264 = load double, ptr %28, align 16, !tbaa !5
  %265 = call double @fz_f(ptr noundef nonnull %1, double noundef %264, ptr noundef nonnull %2) #9
  br label %266

266:                                              ; preds = %266, %262
  %267 = phi i64 [ 0, %262 ], [ %274, %266 ]
  %268 = phi double [ %265, %262 ], [ %273, %266 ]
  %269 = getelementptr inbounds [3 x double], ptr @W0, i64 0, i64 %267
  %270 = load double, ptr %269, align 8, !tbaa !5
  %271 = getelementptr inbounds [3 x double], ptr %1, i64 0, i64 %267
  %272 = load double, ptr %271, align 8, !tbaa !5
  %273 = call double @llvm.fmuladd.f64(double %270, double %272, double %268)
  %274 = add nuw nsw i64 %267, 1
  %275 = icmp eq i64 %274, 3
  br i1 %275, label %276, label %266, !llvm.loop !9

276:                                              ; preds = %276, %266
  %277 = phi i64 [ %284, %276 ], [ 0, %266 ]
  %278 = phi double [ %283, %276 ], [ %273, %266 ]
  %279 = getelementptr inbounds [5 x double], ptr @W1, i64 0, i64 %277
  %280 = load double, ptr %279, align 8, !tbaa !5
  %281 = getelementptr inbounds [5 x double], ptr %2, i64 0, i64 %277
  %282 = load double, ptr %281, align 8, !tbaa !5
  %283 = call double @llvm.fmuladd.f64(double %280, double %282, double %278)
  %284 = add nuw nsw i64 %277, 1
  %285 = icmp eq i64 %284, 5
  br i1 %285, label %286, label %276, !llvm.loop !12

286:                                              ; preds = %276
  call void @llvm.lifetime.end.p0(i64 40, ptr nonnull %2) #9
  call void @llvm.lifetime.end.p0(i64 24, ptr nonnull %1) #9
  %287 = fsub double %211, %235
  %288 = fmul double %189, 2.000000e+00
  %289 = fdiv double %287, %288
  %290 = getelementptr inbounds [9 x double], ptr %16, i64 0, i64 %184
  store double %289, ptr %290, align 8, !tbaa !5
  %291 = fsub double %259, %283
  %292 = fmul double %189, 1.600000e+01
  %293 = fdiv double %291, %292
  %294 = getelementptr inbounds [9 x double], ptr %17, i64 0, i64 %184
  store double %293, ptr %294, align 8, !tbaa !5
  call void @llvm.lifetime.end.p0(i64 72, ptr nonnull %28) #9
  %295 = add nuw nsw i64 %184, 1
  %296 = icmp eq i64 %295, 9
  br i1 %296, label %179, label %183, !llvm.loop !24

297:                                              ; preds = %341
  %298 = load i32, ptr @compared, align 4, !tbaa !14
  %299 = load i32, ptr @fd_skipped, align 4, !tbaa !14
  %300 = load i32, ptr @fails, align 4, !tbaa !14
  %301 = call i32 (ptr, ...) @printf(ptr noundef nonnull dereferenceable(1) @.str.12, i32 noundef %298, i32 noundef %299, i32 noundef %300)
  %302 = load i32, ptr @fails, align 4, !tbaa !14
  %303 = icmp ne i32 %302, 0
  %304 = zext i1 %303 to i32
  call void @llvm.lifetime.end.p0(i64 72, ptr nonnull %17) #9
  call void @llvm.lifetime.end.p0(i64 72, ptr nonnull %16) #9
  call void @llvm.lifetime.end.p0(i64 72, ptr nonnull %15) #9
  call void @llvm.lifetime.end.p0(i64 72, ptr nonnull %14) #9
  call void @llvm.lifetime.end.p0(i64 72, ptr nonnull %13) #9
  call void @llvm.lifetime.end.p0(i64 72, ptr nonnull %12) #9
  br label %403

305:                                              ; preds = %341, %179
  %306 = phi i64 [ 0, %179 ], [ %342, %341 ]
  %307 = getelementptr inbounds [9 x ptr], ptr @NAMES, i64 0, i64 %306
  %308 = load ptr, ptr %307, align 8, !tbaa !19
  %309 = getelementptr inbounds [9 x double], ptr %12, i64 0, i64 %306
  %310 = load double, ptr %309, align 8, !tbaa !5
  %311 = getelementptr inbounds [9 x double], ptr %13, i64 0, i64 %306
  %312 = load double, ptr %311, align 8, !tbaa !5
  %313 = getelementptr inbounds [9 x double], ptr %14, i64 0, i64 %306
  %314 = load double, ptr %313, align 8, !tbaa !5
  %315 = getelementptr inbounds [9 x double], ptr %15, i64 0, i64 %306
  %316 = load double, ptr %315, align 8, !tbaa !5
  %317 = getelementptr inbounds [9 x double], ptr %16, i64 0, i64 %306
  %318 = load double, ptr %317, align 8, !tbaa !5
  %319 = getelementptr inbounds [9 x double], ptr %17, i64 0, i64 %306
  %320 = load double, ptr %319, align 8, !tbaa !5
  %321 = call i32 (ptr, ...) @printf(ptr noundef nonnull dereferenceable(1) @.str.4, ptr noundef %308, double noundef %310, double noundef %312, double noundef %314, double noundef %316, double noundef %318, double noundef %320)
  %322 = call double @llvm.fabs.f64(double %318)
  %323 = fcmp ueq double %322, 0x7FF0000000000000
  br i1 %323, label %334, label %324

324:                                              ; preds = %305
  %325 = call double @llvm.fabs.f64(double %320)
  %326 = fcmp ueq double %325, 0x7FF0000000000000
  br i1 %326, label %334, label %327

327:                                              ; preds = %324
  %328 = call double @llvm.maxnum.f64(double %322, double %325)
  %329 = call double @llvm.maxnum.f64(double %328, double 1.000000e+00)
  %330 = fsub double %318, %320
  %331 = call double @llvm.fabs.f64(double %330)
  %332 = fmul double %329, 1.000000e-05
  %333 = fcmp ole double %331, %332
  br label %334

334:                                              ; preds = %327, %324, %305
  %335 = phi i1 [ false, %324 ], [ false, %305 ], [ %333, %327 ]
  br i1 %335, label %339, label %336

336:                                              ; preds = %334
  %337 = load i32, ptr @fd_skipped, align 4, !tbaa !14
  %338 = add nsw i32 %337, 1
  store i32 %338, ptr @fd_skipped, align 4, !tbaa !14
  br label %339

339:                                              ; preds = %336, %334
  %340 = phi ptr [ @.str.10, %336 ], [ @.str.9, %334 ]
  call void @llvm.lifetime.start.p0(i64 32, ptr nonnull %29) #9
  store double %310, ptr %29, align 16, !tbaa !5
  store double %312, ptr %180, align 8, !tbaa !5
  store double %314, ptr %181, align 16, !tbaa !5
  store double %316, ptr %182, align 8, !tbaa !5
  br label %344

341:                                              ; preds = %400
  call void @llvm.lifetime.end.p0(i64 32, ptr nonnull %29) #9
  %342 = add nuw nsw i64 %306, 1
  %343 = icmp eq i64 %342, 9
  br i1 %343, label %297, label %305, !llvm.loop !25

344:                                              ; preds = %400, %339
  %345 = phi i64 [ 0, %339 ], [ %401, %400 ]
  %346 = icmp ult i64 %345, 2
  br i1 %346, label %347, label %400

347:                                              ; preds = %344
  %348 = load i32, ptr @compared, align 4, !tbaa !14
  %349 = add nsw i32 %348, 1
  store i32 %349, ptr @compared, align 4, !tbaa !14
  %350 = getelementptr inbounds [4 x double], ptr %29, i64 0, i64 %345
  %351 = load double, ptr %350, align 8, !tbaa !5
  %352 = call double @llvm.fabs.f64(double %351)
  %353 = fcmp ueq double %352, 0x7FF0000000000000
  br i1 %353, label %354, label %360

354:                                              ; preds = %347
  %355 = load i32, ptr @fails, align 4, !tbaa !14
  %356 = add nsw i32 %355, 1
  store i32 %356, ptr @fails, align 4, !tbaa !14
  %357 = getelementptr inbounds [4 x ptr], ptr @__const.main.what, i64 0, i64 %345
  %358 = load ptr, ptr %357, align 8, !tbaa !19
  %359 = call i32 (ptr, ...) @printf(ptr noundef nonnull dereferenceable(1) @.str.7, ptr noundef %308, ptr noundef %358, double noundef %351, double noundef %318)
  br label %400

360:                                              ; preds = %347
  %361 = icmp eq i64 %345, 0
  br i1 %361, label %386, label %362

362:                                              ; preds = %360
  %363 = getelementptr inbounds [4 x i32], ptr @__const.main.ref, i64 0, i64 %345
  %364 = load i32, ptr %363, align 4, !tbaa !14
  %365 = zext nneg i32 %364 to i64
  %366 = getelementptr inbounds [4 x double], ptr %29, i64 0, i64 %365
  %367 = load double, ptr %366, align 8, !tbaa !5
  %368 = call double @llvm.fabs.f64(double %367)
  %369 = call double @llvm.maxnum.f64(double %352, double %368)
  %370 = call double @llvm.maxnum.f64(double %369, double 1.000000e+00)
  %371 = fsub double %351, %367
  %372 = call double @llvm.fabs.f64(double %371)
  %373 = fmul double %370, 1.000000e-09
  %374 = fcmp ugt double %372, %373
  br i1 %374, label %375, label %386

375:                                              ; preds = %362
  %376 = load i32, ptr @fails, align 4, !tbaa !14
  %377 = add nsw i32 %376, 1
  store i32 %377, ptr @fails, align 4, !tbaa !14
  %378 = getelementptr inbounds [4 x ptr], ptr @__const.main.what, i64 0, i64 %345
  %379 = load ptr, ptr %378, align 8, !tbaa !19
  %380 = sext i32 %364 to i64
  %381 = getelementptr inbounds [4 x ptr], ptr @__const.main.what, i64 0, i64 %380
  %382 = load ptr, ptr %381, align 8, !tbaa !19
  %383 = getelementptr inbounds [4 x double], ptr %29, i64 0, i64 %380
  %384 = load double, ptr %383, align 8, !tbaa !5
  %385 = call i32 (ptr, ...) @printf(ptr noundef nonnull dereferenceable(1) @.str.8, ptr noundef %308, ptr noundef %379, double noundef %351, ptr noundef %382, double noundef %384, double noundef %318, ptr noundef nonnull %340)
  br label %400

386:                                              ; preds = %362, %360
  br i1 %335, label %387, label %400

387:                                              ; preds = %386
  %388 = call double @llvm.maxnum.f64(double %352, double %322)
  %389 = call double @llvm.maxnum.f64(double %388, double 1.000000e+00)
  %390 = fsub double %351, %318
  %391 = call double @llvm.fabs.f64(double %390)
  %392 = fmul double %389, 1.000000e-04
  %393 = fcmp ugt double %391, %392
  br i1 %393, label %394, label %400

394:                                              ; preds = %387
  %395 = load i32, ptr @fails, align 4, !tbaa !14
  %396 = add nsw i32 %395, 1
  store i32 %396, ptr @fails, align 4, !tbaa !14
  %397 = getelementptr inbounds [4 x ptr], ptr @__const.main.what, i64 0, i64 %345
  %398 = load ptr, ptr %397, align 8, !tbaa !19
  %399 = call i32 (ptr, ...) @printf(ptr noundef nonnull dereferenceable(1) @.str.11, ptr noundef %308, ptr noundef %398, double noundef %351, double noundef %318)
  br label %400

400:                                              ; preds = %394, %387, %386, %375, %354, %344
  %401 = add nuw nsw i64 %345, 1
  %402 = icmp eq i64 %401, 4
  br i1 %402, label %341, label %344, !llvm.loop !26

403:                                              ; preds = %297, %58
  %404 = phi i32 [ %304, %297 ], [ 0, %58 ]
  call void @llvm.lifetime.end.p0(i64 72, ptr nonnull %11) #9
  ret i32 %404
}

; Function Attrs: nocallback nofree nosync nounwind willreturn memory(argmem: readwrite)
declare void @llvm.lifetime.start.p0(i64 immarg, ptr nocapture) #1

; Function Attrs: nocallback nofree nounwind willreturn memory(argmem: write)
declare void @llvm.memset.p0.i64(ptr nocapture writeonly, i8, i64, i1 immarg) #2

; Function Attrs: nocallback nofree nounwind willreturn memory(argmem: readwrite)
declare void @llvm.memcpy.p0.p0.i64(ptr noalias nocapture writeonly, ptr noalias nocapture readonly, i64, i1 immarg) #3

; Function Attrs: nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare double @llvm.fmuladd.f64(double, double, double) #4

; Function Attrs: nocallback nofree nosync nounwind willreturn memory(argmem: readwrite)
declare void @llvm.lifetime.end.p0(i64 immarg, ptr nocapture) #1

; Function Attrs: nofree nounwind
declare noundef i32 @printf(ptr nocapture noundef readonly, ...) local_unnamed_addr #5

; Function Attrs: nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare double @llvm.fabs.f64(double) #4

; Function Attrs: nofree nounwind
declare noundef i32 @puts(ptr nocapture noundef readonly) local_unnamed_addr #6

declare double @__enzyme_autodiff_r(ptr noundef, ...) local_unnamed_addr #7

declare double @__enzyme_fwddiff_f(ptr noundef, ...) local_unnamed_addr #7

; Function Attrs: nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare double @llvm.maxnum.f64(double, double) #4

; Function Attrs: noinline nounwind
define double @fz_f(ptr noundef %a0, double noundef %x0, ptr noundef %a1) #8 {
entry:
  %s0 = alloca double, align 8
  %s1 = alloca double, align 8
  %s2 = alloca double, align 8
  %l0 = alloca [4 x double], align 16
  %lv10 = alloca i32, align 4
  store double %x0, ptr %s0, align 8
  store double %x0, ptr %s1, align 8
  store double 1.000000e+00, ptr %s2, align 8
  %t1 = getelementptr inbounds [4 x double], ptr %l0, i64 0, i64 0
  store double 5.000000e-01, ptr %t1, align 8
  %t2 = getelementptr inbounds [4 x double], ptr %l0, i64 0, i64 1
  store double -1.000000e+00, ptr %t2, align 8
  %t3 = getelementptr inbounds [4 x double], ptr %l0, i64 0, i64 2
  store double -1.000000e+00, ptr %t3, align 8
  %t4 = getelementptr inbounds [4 x double], ptr %l0, i64 0, i64 3
  store double 0.000000e+00, ptr %t4, align 8
  %t5 = load double, ptr %s0, align 8
  %t6 = getelementptr inbounds [4 x double], ptr %l0, i64 0, i64 2
  %t7 = load double, ptr %t6, align 8
  %t8 = call double @fma(double %t5, double %t7, double %x0)
  %t9 = call double @tanh(double %t8)
  store double %t9, ptr %s0, align 8
  store i32 0, ptr %lv10, align 4
  br label %head11

head11:                                           ; preds = %latch13, %entry
  %t15 = load i32, ptr %lv10, align 4
  %t16 = icmp slt i32 %t15, 1
  br i1 %t16, label %body12, label %exit14

body12:                                           ; preds = %head11
  store double 0.000000e+00, ptr %s2, align 8
  %t17 = load double, ptr %s0, align 8
  %t18 = load double, ptr %s0, align 8
  %t19 = fptosi double %t18 to i32
  %t20 = and i32 %t19, 3
  %t21 = zext i32 %t20 to i64
  %t22 = getelementptr inbounds [4 x double], ptr %l0, i64 0, i64 %t21
  %t23 = load double, ptr %t22, align 8
  %t24 = fsub double %t17, %t23
  %t25 = call double @llvm.maximum.f64(double %x0, double %x0)
  %t26 = fcmp une double %t24, %t25
  %t27 = load double, ptr %s2, align 8
  %t28 = call double @fmin(double %t27, double %x0)
  %t29 = load double, ptr %s2, align 8
  %t30 = call double @fmax(double %x0, double %t29)
  %t31 = select i1 %t26, double %t28, double %t30
  %t32 = load double, ptr %s0, align 8
  %t33 = fcmp one double %t31, %t32
  %t34 = load i32, ptr %lv10, align 4
  %t35 = add nsw i32 %t34, 2
  %t36 = sext i32 %t35 to i64
  %t37 = getelementptr inbounds [4 x double], ptr %l0, i64 0, i64 %t36
  %t38 = select i1 %t33, ptr %t37, ptr %s0
  %t39 = load double, ptr %t38, align 8
  %t40 = load i32, ptr %lv10, align 4
  %t41 = add nsw i32 %t40, 2
  %t42 = sext i32 %t41 to i64
  %t43 = getelementptr inbounds [4 x double], ptr %l0, i64 0, i64 %t42
  store double %t39, ptr %t43, align 8
  br label %latch13

latch13:                                          ; preds = %body12
  %t44 = load i32, ptr %lv10, align 4
  %t45 = add nsw i32 %t44, 1
  store i32 %t45, ptr %lv10, align 4
  br label %head11

exit14:                                           ; preds = %head11
  %t46 = getelementptr inbounds [4 x double], ptr %l0, i64 0, i64 1
  %t47 = load <2 x double>, ptr %t46, align 8
  %t48 = load { double, double }, ptr %t46, align 8
  %t49 = extractvalue { double, double } %t48, 0
  %t50 = extractvalue { double, double } %t48, 1
  %t51 = fmul double %t49, %t50
  %t54 = call double @llvm.sin.f64(double %t51)
  %t52 = insertvalue { double, double } %t48, double %t54, 1
  %t53 = insertvalue { double, double } %t52, double %t50, 0
  store { double, double } %t53, ptr %t46, align 8
  %t55 = getelementptr inbounds [4 x double], ptr %l0, i64 0, i64 1
  %t56 = load double, ptr %t55, align 8
  %t57 = call double @fmin(double %x0, double %t56)
  %t58 = getelementptr inbounds [4 x double], ptr %l0, i64 0, i64 2
  %t59 = load double, ptr %t58, align 8
  %t60 = call double @sin(double %t59)
  %t61 = call double @hypot(double %t57, double %t60)
  ret double %t61
}

declare double @fma(double, double, double)

declare double @tanh(double)

; Function Attrs: nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare double @llvm.maximum.f64(double, double) #4

declare double @fmin(double, double)

declare double @fmax(double, double)

; Function Attrs: nocallback nofree nosync nounwind speculatable willreturn memory(none)
declare double @llvm.sin.f64(double) #4

declare double @sin(double)

declare double @hypot(double, double)

attributes #0 = { nounwind uwtable "min-legal-vector-width"="0" "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }
attributes #1 = { nocallback nofree nosync nounwind willreturn memory(argmem: readwrite) }
attributes #2 = { nocallback nofree nounwind willreturn memory(argmem: write) }
attributes #3 = { nocallback nofree nounwind willreturn memory(argmem: readwrite) }
attributes #4 = { nocallback nofree nosync nounwind speculatable willreturn memory(none) }
attributes #5 = { nofree nounwind "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }
attributes #6 = { nofree nounwind }
attributes #7 = { "no-trapping-math"="true" "stack-protector-buffer-size"="8" "target-cpu"="x86-64" "target-features"="+cmov,+cx8,+fxsr,+mmx,+sse,+sse2,+x87" "tune-cpu"="generic" }
attributes #8 = { noinline nounwind }
attributes #9 = { nounwind }

!llvm.ident = !{!0}
!llvm.module.flags = !{!1, !2, !3, !4}

!0 = !{!"Debian clang version 19.1.7 (3~deb12u1)"}
!1 = !{i32 1, !"wchar_size", i32 4}
!2 = !{i32 8, !"PIC Level", i32 2}
!3 = !{i32 7, !"PIE Level", i32 2}
!4 = !{i32 7, !"uwtable", i32 2}
!5 = !{!6, !6, i64 0}
!6 = !{!"double", !7, i64 0}
!7 = !{!"omnipotent char", !8, i64 0}
!8 = !{!"Simple C/C++ TBAA"}
!9 = distinct !{!9, !10, !11}
!10 = !{!"llvm.loop.mustprogress"}
!11 = !{!"llvm.loop.unroll.disable"}
!12 = distinct !{!12, !10, !11}
!13 = distinct !{!13, !10, !11}
!14 = !{!15, !15, i64 0}
!15 = !{!"int", !7, i64 0}
!16 = distinct !{!16, !10, !11}
!17 = distinct !{!17, !10, !11}
!18 = distinct !{!18, !10, !11}
!19 = !{!20, !20, i64 0}
!20 = !{!"any pointer", !7, i64 0}
!21 = distinct !{!21, !10, !11}
!22 = distinct !{!22, !10, !11}
!23 = distinct !{!23, !10, !11}
!24 = distinct !{!24, !10, !11}
!25 = distinct !{!25, !10, !11}
!26 = distinct !{!26, !10, !11}
