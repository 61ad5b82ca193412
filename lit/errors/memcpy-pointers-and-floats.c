// A struct copy (memcpy) whose pointer member sits beside bytes type analysis cannot type (a
// double array read at a variable index): llad used to skip the reverse of every copy that held a
// pointer, so the array's adjoints were silently lost. The struct's declared layout now tells the
// bytes apart; a copy holding both pointers and active doubles is still a clear error.
// RUN: not %clang -O0 -Xclang -disable-O0-optnone -fpass-plugin=%plugin -c %s -o /dev/null 2>&1 | FileCheck %s
// RUN: not %clang -O2 -fpass-plugin=%plugin -c %s -o /dev/null 2>&1 | FileCheck %s
// CHECK: in function 'f', instruction `{{.*}}@llvm.memcpy{{.*}}`: cannot differentiate: a copy (memcpy/memmove) of memory that holds both pointers and floating-point values that carry derivatives
// CHECK-NEXT: hint: copy such a struct member by member (plain assignments), or keep pointers and floats in separate structs
struct N {
  double *p;
  double v[4];
};
double __enzyme_autodiff(void *, ...);
double f(struct N *s, int i) {
  struct N t = *s;
  return t.v[i] * t.p[0];
}
double g(struct N *s, struct N *ds, int i) { return __enzyme_autodiff((void *)f, s, ds, i); }
