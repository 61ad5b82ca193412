/* Inactive globals: debug state written with active values inside differentiated code.
 *   last_value (LLAD_INACTIVE_GLOBAL) and trace_sum (Enzyme's __enzyme_inactive_global<any> = &g)
 * carry no derivative, so storing x into them is allowed (without a marker llad refuses to store an
 * active value into a global that has no shadow), the stores still happen, and the derivatives are
 * those of the arithmetic alone: p(x) = x^3 + sin(x) at x = 0.7, forward and reverse. */
#include "check.h"
#include "llad.h"

double __enzyme_autodiff(void *, ...);

double last_value;       /* the last argument seen */
LLAD_INACTIVE_GLOBAL(last_value);
double trace_sum;        /* running sum of all arguments */
void *__enzyme_inactive_global_trace = (void *)&trace_sum;
static int p_calls;      /* an int counter: inactive anyway */

double p(double x) {
  p_calls++;
  last_value = x;
  trace_sum += x;
  double c = x * x * x;
  return c + sin(x);
}

static double dp(double x) { return 3.0 * x * x + cos(x); }

int main(void) {
  const double x = 0.7;
  double d = __enzyme_fwddiff((void *)p, x, 1.0);
  printf("forward: dp = %.17g, last_value = %g, trace_sum = %g\n", d, last_value, trace_sum);
  CHECK_DERIV("p.fwd", d, dp(x), fd1(p, x, FD_H));
  last_value = 0.0, trace_sum = 0.0;

  double yv = 0.25;
  d = __enzyme_fwddiff((void *)p, yv, 1.0);
  CHECK_CLOSE("p.fwd.last_value", last_value, 0.25, 0.0);
  CHECK_CLOSE("p.fwd.trace_sum", trace_sum, 0.25, 0.0);
  CHECK_CLOSE("p.fwd.at_0.25", d, dp(0.25), RTOL_AN);

  last_value = 0.0, trace_sum = 1.0;
  double r = __enzyme_autodiff((void *)p, x);
  printf("reverse: dp = %.17g, last_value = %g, trace_sum = %g\n", r, last_value, trace_sum);
  CHECK_CLOSE("p.rev.last_value", last_value, x, 0.0);
  /* the reverse pass runs p's primal stores once */
  CHECK_CLOSE("p.rev.trace_sum", trace_sum, 1.0 + x, 1e-15);
  CHECK_DERIV("p.rev", r, dp(x), fd1(p, x, FD_H));
  return llad_report();
}
