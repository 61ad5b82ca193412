// The seed tutorial's g and h: f reads x; g leaves x alone after calling f, h squares x in place.
// So f's reverse may reload x under g (nothing on the tape), but under h it must read the values
// x had when f ran: x is on f's tape, and only h's derivative is correct because of it (the
// end-to-end test rev_seed_gh.c checks the numbers: dx = [120, 40], dy = [0, 0] for both).
// RUN: %clang -O1 -S -emit-llvm %s -o %t.ll
// RUN: %llad %t.ll -S -o /dev/null --print-tape 2>&1 | FileCheck %s
// RUN: env LLAD_OPTIONS="--print-tape --lint" opt -load-pass-plugin=%plugin -passes=llad %t.ll -disable-output 2>&1 | FileCheck %s

extern int enzyme_dup;
extern void __enzyme_autodiff(void *, ...);

__attribute__((noinline)) double f(double *restrict y, const double *restrict x) {
  for (int i = 0; i < 2; i++) y[i] = x[i] * x[i];
  return y[0] + y[1];
}
double g(double *y, double *x) { double r = f(y, x); return r * r; }
double h(double *y, double *x) {
  double ret = f(y, x);
  for (int i = 0; i < 2; i++) x[i] = x[i] * x[i];
  return ret * (y[0] + y[1]);
}
void dg(double *y, double *dy, double *x, double *dx) { __enzyme_autodiff((void *)g, enzyme_dup, y, dy, enzyme_dup, x, dx); }
void dh(double *y, double *dy, double *x, double *dx) { __enzyme_autodiff((void *)h, enzyme_dup, y, dy, enzyme_dup, x, dx); }

// Under g: x is not overwritten, so f saves no x value (its reverse reloads x).
// CHECK-LABEL: tape for f (pushed by augmented_f, popped by reverse_f; memory the caller may overwrite afterwards: none):
// CHECK-NOT:     value {{.*}} = load double
// CHECK:       tape for h
// Under h: x (argument 1) is overwritten after the call (y may alias it), so f keeps each x[i] it squares on the tape.
// CHECK-LABEL: tape for f (pushed by augmented_f.{{[0-9]+}}, popped by reverse_f.{{[0-9]+}}; memory the caller may overwrite afterwards: argument 0, argument 1):
// CHECK:         each time block #{{[0-9]+}} runs:
// CHECK-NEXT:      value {{%[0-9]+}} = load double, ptr {{%[0-9]+}}, align 8{{.*}}(operand of a product: {{.*}} = fmul double
