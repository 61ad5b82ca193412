/* llad_check.h: test derivatives, and the custom rules they use, against finite differences
 * (llad's counterpart of Julia's EnzymeTestUtils test_forward / test_reverse).
 *
 *   double x[2] = {3, 1}, y[2] = {0, 0};
 *   int failed = llad_check_forward(g, "ret=const|dupnoneed|dup args=const|dup,const|dup",
 *                                   LLAD_ARRAY(y, 2), LLAD_ARRAY(x, 2));
 *   failed += llad_check_reverse(g, "ret=active args=dup,dup", LLAD_ARRAY(y, 2), LLAD_ARRAY(x, 2));
 *   return failed != 0;
 *
 * llad (the clang plugin or the CLI) turns each call into one derivative per activity
 * combination of the pattern (the cross product of the alternatives; the syntax of
 * LLAD_FORWARD_RULE's patterns) and a run of them at the given argument values:
 *   forward: random tangents for the dup arguments; checked: the primal return, the return's
 *            tangent and every dup argument's tangent against central finite differences
 *            (Richardson-extrapolated) of the primal, and that every argument ends as the
 *            primal leaves it;
 *   reverse: (augmented primal, then reverse) random seeds for the active return and every dup
 *            argument; checked: the primal return, every adjoint against the finite difference
 *            of <seed, outputs>, the identity <J v, w> = <v, J' w>, and the arguments' values.
 * The pattern "all" (or "") means every combination: the function's own rules' patterns if it
 * has rules, else every activity each argument can take. Options may follow the pattern:
 * "rtol=1e-8", "atol=1e-10", "seed=7", "verbose".
 * It prints a report (one line per activity combination, each failure with its component, the
 * derivative's value, the finite difference and the tolerance) and returns the number of
 * failed tests. A derivative that crashes (e.g. a rule writing through the NULL shadow of a
 * const argument) fails its combination and the run goes on.
 *
 * Every argument is passed wrapped, so llad knows its shape and the report its name:
 *   LLAD_ARRAY(p, n)   an array of n elements (double, float, int, long)
 *   LLAD_VALUE(v)      a scalar (double, float, int, long)
 */
#ifndef LLAD_CHECK_H
#define LLAD_CHECK_H

#ifdef __cplusplus
extern "C" {
#endif

extern int llad_array_f64, llad_array_f32, llad_array_i32, llad_array_i64;
extern int llad_value_f64, llad_value_f32, llad_value_i32, llad_value_i64;

int __llad_check_forward(void *function, const char *pattern, ...);
int __llad_check_reverse(void *function, const char *pattern, ...);

#ifdef __cplusplus
}
#endif

/* (the pattern is among the variadic arguments, so a function without arguments is checked as
 * llad_check_forward(k, "all")) */
#define llad_check_forward(f, ...) __llad_check_forward((void *)(f), __VA_ARGS__)
#define llad_check_reverse(f, ...) __llad_check_reverse((void *)(f), __VA_ARGS__)

#define LLAD_ARRAY(p, n)                                                                         \
  _Generic((p), double *: llad_array_f64, const double *: llad_array_f64,                       \
           float *: llad_array_f32, const float *: llad_array_f32, int *: llad_array_i32,       \
           const int *: llad_array_i32, long *: llad_array_i64, const long *: llad_array_i64,   \
           long long *: llad_array_i64, const long long *: llad_array_i64),                     \
      #p, (p), (unsigned long long)(n)
#define LLAD_VALUE(v)                                                                            \
  _Generic((v), double: llad_value_f64, float: llad_value_f32, int: llad_value_i32,             \
           long: llad_value_i64, long long: llad_value_i64),                                     \
      #v, (v)

#endif
