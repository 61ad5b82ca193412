// OpenMP in reverse mode: the augmented primal forks the body's augmented primal with a tape per
// thread, the reverse forks the body's reverse with the same team (thread i pops tape i) and
// frees the tapes; the body's reverse adds the adjoint of each shared x[i] it read atomically
// (plainly when its thread runs alone).
// Through the plugin and the CLI. An atomic update whose old value is used is an error in reverse
// mode, as are a BLAS call on shared memory (its reverse would add adjoints unsynchronized) and an
// ordered section.
// RUN: %clang -O2 -fopenmp -S -emit-llvm %s -o %t.ll
// RUN: %llad %t.ll -S -o - | FileCheck %s
// RUN: %clang -O2 -fopenmp -fpass-plugin=%plugin -S -emit-llvm %s -o - | FileCheck %s --check-prefix=PLUGIN
// RUN: not %clang -O2 -fopenmp -DCAPTURE -g -fpass-plugin=%plugin -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=CAPTURE
// RUN: not %clang -O2 -fopenmp -DBLAS -g -fpass-plugin=%plugin -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=BLAS
// RUN: not %clang -O2 -fopenmp -DORDERED -g -fpass-plugin=%plugin -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=ORDERED
#include <math.h>
extern int enzyme_dup, enzyme_const;
void __enzyme_autodiff(void *, ...);

#if !defined(CAPTURE) && !defined(BLAS) && !defined(ORDERED)
__attribute__((noinline)) void square(double *y, const double *x, int n) {
#pragma omp parallel for
  for (int i = 0; i < n; i++)
    y[i] = sin(x[i]) * x[i];
}

double loss(const double *x, double *y, int n) {
  square(y, x, n);
  double s = 0;
  for (int i = 0; i < n; i++)
    s += y[i];
  return s;
}

void gradient(const double *x, double *dx, double *y, double *dy, int n) {
  __enzyme_autodiff((void *)loss, enzyme_dup, x, dx, enzyme_dup, y, dy, enzyme_const, n);
}
// CHECK-LABEL: define internal void @augmented_square(
// CHECK: [[TAPES:%.*]] = call ptr @llad_omp_tapes_new(i32 0)
// CHECK-NEXT: call void (ptr, i32, ptr, ...) @__kmpc_fork_call(ptr @{{.*}}, i32 6, ptr @llad.omp.task.augmented_square.omp_outlined, ptr [[TAPES]],
// CHECK-LABEL: define internal void @reverse_square(
// CHECK: call void @llad_omp_push_team(ptr [[RTAPES:%.*]], ptr @
// CHECK-NEXT: call void (ptr, i32, ptr, ...) @__kmpc_fork_call(ptr @{{.*}}, i32 6, ptr @llad.omp.task.reverse_square.omp_outlined, ptr [[RTAPES]],
// CHECK-NEXT: call void @llad_omp_tapes_free(ptr [[RTAPES]], ptr @llad.tape.release)
// CHECK-LABEL: define internal void @reverse_square.omp_outlined(
// CHECK: call void @llad_omp_add_f64(ptr %{{.*}}, double %{{.*}})
// The adder adds atomically unless the thread's region runs alone (one thread, no active region).
// CHECK-LABEL: define internal void @llad_omp_add_f64(
// CHECK: call {{.*}}@llvm.threadlocal.address.p0(ptr {{.*}}@llad_omp_contended)
// CHECK: atomicrmw fadd ptr %0, double %1 monotonic, align 8
// CHECK: fadd double
// CHECK-LABEL: define internal nonnull ptr @llad_omp_thread_tape_reverse(
// CHECK: call i32 @omp_in_parallel()
// CHECK: store i8 %{{.*}}, ptr %{{.*}}, align 1
// CHECK-LABEL: define internal void @llad.omp.task.augmented_square.omp_outlined(ptr %0, ptr %1, ptr %2,
// CHECK-NEXT: entry:
// CHECK-NEXT: [[TAPE:%.*]] = call ptr @llad_omp_thread_tape(ptr %2)
// CHECK-NEXT: call void @augmented_square.omp_outlined(ptr %0, ptr %1, {{.*}}, ptr [[TAPE]])
// CHECK-LABEL: define internal void @llad.omp.task.reverse_square.omp_outlined(ptr %0, ptr %1, ptr %2,
// CHECK-NEXT: entry:
// CHECK-NEXT: [[RTAPE:%.*]] = call ptr @llad_omp_thread_tape_reverse(ptr %2)
// CHECK-NEXT: call void @reverse_square.omp_outlined(ptr %0, ptr %1, {{.*}}, ptr [[RTAPE]])
// PLUGIN-DAG: @__kmpc_fork_call({{.*}}@llad.omp.task.augmented_square.omp_outlined
// PLUGIN-DAG: @__kmpc_fork_call({{.*}}@llad.omp.task.reverse_square.omp_outlined
// PLUGIN-DAG: @llvm.threadlocal.address.p0(ptr {{.*}}@llad_omp_contended)
// PLUGIN-DAG: atomicrmw fadd ptr %{{.*}}, double %{{.*}} monotonic, align 8
#elif defined(CAPTURE)
double captured(const double *x, double *old, int n) {
  double s = 0;
#pragma omp parallel for
  for (int i = 0; i < n; i++) {
    double t;
#pragma omp atomic capture
    { t = s; s += x[i]; }
    old[i] = t;
  }
  return s;
}
void gradient(const double *x, double *dx, double *old, double *dold, int n) {
  __enzyme_autodiff((void *)captured, enzyme_dup, x, dx, enzyme_dup, old, dold, enzyme_const, n);
}
// CAPTURE: openmp.c:[[#@LINE-8]]:{{.*}} in function 'captured.omp_outlined', instruction `{{.*}}atomicrmw fadd{{.*}}`: cannot differentiate: an atomic update of active data other than an addition or subtraction whose old value is unused (as OpenMP's atomic capture, read or write, or an atomic min/max)
// CAPTURE-NEXT: hint: llad differentiates `#pragma omp atomic` updates (x += v, x -= v) and reduction(+); use one, or a critical section
#elif defined(ORDERED)
double running(const double *x, double *y, int n) {
#pragma omp parallel for ordered
  for (int i = 1; i < n; i++) {
#pragma omp ordered
    y[i] = y[i - 1] * x[i];
  }
  return y[n - 1];
}
void gradient(const double *x, double *dx, double *y, double *dy, int n) {
  __enzyme_autodiff((void *)running, enzyme_dup, x, dx, enzyme_dup, y, dy, enzyme_const, n);
}
// ORDERED: cannot differentiate: OpenMP ordered ('__kmpc_ordered') in a region differentiated in reverse mode is not supported yet
// ORDERED-NEXT: hint: differentiate it in forward mode, or move the ordered part out of the parallel loop
#else
double cblas_ddot(int n, const double *x, int incx, const double *y, int incy);
double scores(const double *w, const double *xs, double *out, int n, int m) {
#pragma omp parallel for
  for (int i = 0; i < m; i++)
    out[i] = cblas_ddot(n, w, 1, xs + i * n, 1);
  double s = 0;
  for (int i = 0; i < m; i++)
    s += out[i] * out[i];
  return s;
}
void gradient(const double *w, double *dw, const double *xs, double *out, double *dout) {
  __enzyme_autodiff((void *)scores, enzyme_dup, w, dw, enzyme_const, xs, enzyme_dup, out, dout, enzyme_const, 8, enzyme_const, 4);
}
// BLAS: openmp.c:[[#@LINE-9]]:{{.*}} in function 'scores.omp_outlined', instruction `{{.*}}@cblas_ddot{{.*}}`: cannot differentiate: BLAS routine ('cblas_ddot') on shared active memory inside an OpenMP parallel region in reverse mode: its adjoints would race with other threads'
// BLAS-NEXT: hint: call it outside the parallel region, or on memory private to each thread
#endif
