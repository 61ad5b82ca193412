/* Shared helpers for the llad end-to-end programs (tests/e2e/fwd_*.c and friends).
 *
 * Each program is a single translation unit: it includes this header, calls
 * __enzyme_fwddiff / __enzyme_autodiff, compares every derivative with an
 * analytic value and a central finite difference, prints one line per check
 * ("ok NAME GOT EXPECTED" or "FAIL NAME GOT EXPECTED rtol=R") and returns
 * llad_report(), i.e. exit code 0 iff every check passed.
 *
 * -DLLAD_SELFTEST (no llad needed): CHECK_DERIV compares the analytic value
 * against the finite difference instead of against the tangent, and plain
 * CHECK_CLOSE lines are printed as "skip". Link the __enzyme_* symbols to any
 * stub returning 0.0 (e.g. -Wl,--defsym=__enzyme_fwddiff=stub). This
 * validates the hand-written reference derivatives without the pass.
 */
#ifndef LLAD_E2E_CHECK_H
#define LLAD_E2E_CHECK_H

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Enzyme activity markers. Only the global's name matters to the pass; they
 * are defined (not just declared) so that a load left behind at -O0 still
 * links. */
int enzyme_dup, enzyme_const, enzyme_dupnoneed, enzyme_out;

/* Any function whose name contains "__enzyme_fwddiff" is a request. */
double __enzyme_fwddiff(void *, ...);
void __enzyme_fwddiff_v(void *, ...); /* for functions returning void */

/* Out-of-line helpers are internal, as `static` functions in real programs are: at -O1 and up LLVM
 * gives them the `fastcc` calling convention and infers attributes from their bodies, which their
 * derivatives and every call to them must respect. -DLLAD_EXTERNAL_HELPERS keeps them external. */
#ifdef LLAD_EXTERNAL_HELPERS
#define LLAD_NOINLINE __attribute__((noinline))
#else
#define LLAD_NOINLINE static __attribute__((noinline))
#endif
#define LLAD_UNUSED __attribute__((unused))

/* Default tolerances: tangent vs analytic, tangent vs finite difference. */
#define RTOL_AN 1e-6
#define RTOL_FD 1e-5
#define FD_H 1e-6

static int llad_failures;

/* |got - expected| <= rtol * max(1, |expected|); NaN never passes. */
LLAD_UNUSED static int llad_close(double got, double expected, double rtol) {
  double scale = fabs(expected) > 1.0 ? fabs(expected) : 1.0;
  return fabs(got - expected) <= rtol * scale;
}

LLAD_UNUSED static void llad_check(const char *name, const char *suffix,
                                   double got, double expected, double rtol) {
  if (llad_close(got, expected, rtol)) {
    printf("ok %s%s %.17g %.17g\n", name, suffix, got, expected);
  } else {
    llad_failures++;
    printf("FAIL %s%s %.17g %.17g rtol=%g\n", name, suffix, got, expected, rtol);
  }
}

#ifdef LLAD_SELFTEST
#define CHECK_CLOSE(name, got, expected, rtol)                                 \
  ((void)(got), (void)(expected), (void)(rtol), printf("skip %s\n", (name)))
#else
#define CHECK_CLOSE(name, got, expected, rtol)                                 \
  llad_check((name), "", (double)(got), (double)(expected), (rtol))
#endif

/* Tangent `got` against an analytic value and a finite difference. */
LLAD_UNUSED static void llad_check_deriv(const char *name, double got,
                                         double analytic, double fd,
                                         double rtol_an, double rtol_fd) {
#ifdef LLAD_SELFTEST
  (void)got; (void)rtol_an;
  llad_check(name, ".analytic_vs_fd", analytic, fd, rtol_fd);
#else
  llad_check(name, ".analytic", got, analytic, rtol_an);
  llad_check(name, ".fd", got, fd, rtol_fd);
#endif
}
#define CHECK_DERIV(name, got, analytic, fd)                                   \
  llad_check_deriv((name), (double)(got), (double)(analytic), (double)(fd),    \
                   RTOL_AN, RTOL_FD)
#define CHECK_DERIV_TOL(name, got, analytic, fd, rtol_an, rtol_fd)             \
  llad_check_deriv((name), (double)(got), (double)(analytic), (double)(fd),    \
                   (rtol_an), (rtol_fd))

/* Central finite difference of a scalar function. */
LLAD_UNUSED static double fd1(double (*f)(double), double x, double h) {
  return (f(x + h) - f(x - h)) / (2.0 * h);
}

/* Central difference of `eval` along coordinate j of v (v is restored). */
LLAD_UNUSED static double fd_coord(double (*eval)(const double *), double *v, int j) {
  double saved = v[j];
  v[j] = saved + FD_H;
  double fp = eval(v);
  v[j] = saved - FD_H;
  double fm = eval(v);
  v[j] = saved;
  return (fp - fm) / (2.0 * FD_H);
}

/* printf-style check names, e.g. NAME("dy[%d]", i); 8 rotating buffers. */
LLAD_UNUSED static const char *llad_name(const char *fmt, ...) {
  static char bufs[8][96];
  static int next;
  char *b = bufs[next++ & 7];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(b, sizeof bufs[0], fmt, ap);
  va_end(ap);
  return b;
}
#define NAME llad_name

LLAD_UNUSED static int llad_report(void) {
  printf("%s: %d failure(s)\n", llad_failures ? "FAILED" : "PASSED",
         llad_failures);
  return llad_failures > 100 ? 100 : llad_failures; /* exit code = failures */
}

#endif
