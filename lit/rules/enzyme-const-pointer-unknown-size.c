// An Enzyme-form reverse rule called with a constant pointer whose object size llad cannot know
// (an argument): an error instead of Enzyme's primal-as-shadow. (A global or local array of known
// size gets a zeroed scratch shadow: tests/e2e/rule_enzyme_scratch.c.)
// RUN: %clang -O1 -S -emit-llvm %s -o %t.ll
// RUN: not %llad %t.ll -S -o /dev/null 2>&1 | FileCheck %s
extern int enzyme_dup, enzyme_const;
void __enzyme_autodiff(void *, ...);
__attribute__((noinline)) double f(double *y, const double *x) { y[0] = x[0] * x[0]; return y[0]; }
typedef struct { void *tape; double primal; } aug_t;
aug_t f_aug(double *y, double *dy, const double *x, double *dx) { aug_t r = {0, f(y, x)}; return r; }
void f_rev(double *y, double *dy, const double *x, double *dx, double dret, void *tape) { dx[0] += 2 * x[0] * dret; }
void *__enzyme_register_gradient_f[3] = {(void *)f, (void *)f_aug, (void *)f_rev};
double g(double *y, double *x) { double r = f(y, x); return r * r; }
void dg(double *y, double *x, double *dx) { __enzyme_autodiff((void *)g, enzyme_const, y, enzyme_dup, x, dx); }
// CHECK: llad: error: in function 'g', instruction `{{.*}} = tail call double @f(ptr noundef %0, ptr noundef %1)`: cannot differentiate: argument 1 of Enzyme-form rule 'f_aug' is a constant pointer to memory of unknown size; Enzyme would pass the primal as its shadow and corrupt it
// CHECK-NEXT: hint: pass it with enzyme_dup, or write an llad rule with a const pattern for it
