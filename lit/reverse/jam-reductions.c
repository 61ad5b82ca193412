// A derivative's copies of the primal's loop nests whose inner loop is a floating-point reduction
// are unrolled and jammed (ir/jam.cpp): in the augmented primal (tanh call and tape store after
// the inner loop) and in the tangent, never in the user's own function, also when the outer loop
// sums the rows' results itself (carried through a stack slot), and behind a run-time check when
// a row's result is stored where later rows may read; a nest with a volatile store after the
// inner loop is left alone and says why (-Rpass-missed=llad-jam).
// RUN: %clang -O2 -fpass-plugin=%plugin -c %s -o /dev/null -fsave-optimization-record -foptimization-record-file=%t.yaml -foptimization-record-passes='llad-jam|loop-unroll-and-jam'
// RUN: FileCheck %s --input-file=%t.yaml
// RUN: %clang -O2 -c %s -o /dev/null -mllvm -enable-unroll-and-jam -Rpass=loop-unroll-and-jam 2>&1 | FileCheck %s --check-prefix=PLAIN --allow-empty
// CHECK-DAG: Pass: loop-unroll-and-jam{{$}}
// CHECK-DAG: Function: augmented_layer{{$}}
// CHECK-DAG: Function: fwddiffe_layer{{$}}
// CHECK-DAG: Function: augmented_rowsum{{$}}
// CHECK-DAG: Function: fwddiffe_autocorr{{$}}
// CHECK-DAG: jammed behind a run-time check that the stores after the inner loop do not overlap what it reads
// CHECK-DAG: Function: fwddiffe_logged{{$}}
// CHECK-DAG: something in the nest may not run to its end (a call that may throw or not return, a volatile access)
// CHECK-NOT: Function: layer{{$}}
// PLAIN-NOT: remark
double __enzyme_autodiff(void *, ...);
double __enzyme_fwddiff(void *, ...);
int enzyme_dup, enzyme_const;

__attribute__((noinline)) double layer(const double *W, const double *b, const double *x, double *restrict h, int nout,
                                       int nin) {
  for (int j = 0; j < nout; j++) {
    double s = b[j];
    for (int i = 0; i < nin; i++) s += W[j * nin + i] * x[i];
    h[j] = __builtin_tanh(s);
  }
  double loss = 0.0;
  for (int j = 0; j < nout; j++) loss += h[j] * h[j];
  return loss;
}

__attribute__((noinline)) double rowsum(const double *A, const double *x, int m, int n) {
  double total = 0.0;
  for (int j = 0; j < m; j++) {
    double s = 0.0;
    for (int i = 0; i < n; i++) s += A[j * n + i] * x[i];
    total += __builtin_tanh(s);
  }
  return total;
}

__attribute__((noinline)) double autocorr(double *v, int n, int m) {
  for (int j = 0; j < m; j++) {
    double s = 0.0;
    for (int i = 0; i < n; i++) s += v[i] * v[i + j];
    v[n + j] = 0.25 * s;
  }
  return v[n + m - 1];
}

volatile double last_row;
__attribute__((noinline)) double logged(const double *A, const double *x, int m, int n) {
  double total = 0.0;
  for (int j = 0; j < m; j++) {
    double s = 0.0;
    for (int i = 0; i < n; i++) s += A[j * n + i] * x[i];
    last_row = s; // a volatile store: never reordered
    total += s;
  }
  return total;
}
double tangent_logged(const double *A, const double *dA, const double *x, const double *dx, int m, int n) {
  return __enzyme_fwddiff((void *)logged, enzyme_dup, A, dA, enzyme_dup, x, dx, m, n);
}

void gradient(const double *W, double *dW, const double *b, double *db, const double *x, double *dx, double *h,
              double *dh, int nout, int nin) {
  __enzyme_autodiff((void *)layer, enzyme_dup, W, dW, enzyme_dup, b, db, enzyme_dup, x, dx, enzyme_dup, h, dh, nout,
                    nin);
}
double tangent(const double *W, const double *dW, const double *b, const double *db, const double *x,
               const double *dx, double *h, double *dh, int nout, int nin) {
  return __enzyme_fwddiff((void *)layer, enzyme_dup, W, dW, enzyme_dup, b, db, enzyme_dup, x, dx, enzyme_dup, h, dh,
                          nout, nin);
}
void gradient_rowsum(const double *A, double *dA, const double *x, double *dx, int m, int n) {
  __enzyme_autodiff((void *)rowsum, enzyme_dup, A, dA, enzyme_dup, x, dx, m, n);
}
double tangent_autocorr(double *v, double *dv, int n, int m) {
  return __enzyme_fwddiff((void *)autocorr, enzyme_dup, v, dv, enzyme_const, n, enzyme_const, m);
}
