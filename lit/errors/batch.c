// __enzyme_batch requests that cannot mean anything: clear errors naming the problem.
// RUN: not %clang -O1 -DWRONG_SIZE -fpass-plugin=%plugin -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=SIZE
// RUN: not %clang -O1 -DNO_WIDTH -fpass-plugin=%plugin -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=WIDTH
// RUN: not %clang -O1 -DMISSING_LANE -fpass-plugin=%plugin -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=LANE
// SIZE: in function 'g', instruction `{{.*}}@__enzyme_batch{{.*}}`: invalid derivative request: __enzyme_batch is declared to return { double, double } (16 bytes), but 3 results of double take 24
// WIDTH: invalid derivative request: __enzyme_batch needs enzyme_width, N before the arguments
// LANE: invalid derivative request: __enzyme_batch is missing a value for each of the 3 lanes of argument 1
extern int enzyme_width;
typedef struct { double a, b; } D2;
D2 __enzyme_batch(void *, ...);
double f(double x) { return x * x; }
D2 g(double x) {
#ifdef WRONG_SIZE
  return __enzyme_batch((void *)f, enzyme_width, 3, x, x, x);
#elif defined(NO_WIDTH)
  return __enzyme_batch((void *)f, x, x);
#else
  return __enzyme_batch((void *)f, enzyme_width, 3, x, x);
#endif
}
