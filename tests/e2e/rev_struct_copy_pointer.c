/* A struct whose pointer member follows integer members, copied whole (`*half = *w`: a memcpy
 * at -O0/-O1) into heap memory, then read through the copy: the copy must carry the shadow of
 * the pointer member (llad used to look for pointers at offset 0 only, leaving a null shadow and
 * a crash in the reverse sweep; Enzyme's mixedstruct1 tests). Recursion splits the window as the
 * Enzyme test does. f(d) = sum over halves of sum d[i]^2 = sum d[i]^2 (each index once), so
 * df/dd[i] = 2 d[i]; g(d) = f(d) + sum of the first half's d[i]^2 again. */
#include <stdlib.h>
#include "check.h"

void __enzyme_autodiff(void *, ...);

typedef struct {
  long start, end;
  int depth;
  double *data;
} window;

LLAD_NOINLINE double tile(const window *w) {
  if (w->end - w->start > 2) {
    window *lo = malloc(sizeof *lo), *hi = malloc(sizeof *hi);
    *lo = *w;
    *hi = *w;
    lo->end = hi->start = (w->start + w->end) / 2;
    lo->depth = hi->depth = w->depth + 1;
    double s = tile(lo) + tile(hi);
    free(lo);
    free(hi);
    return s;
  }
  double s = 0;
  for (long i = w->start; i < w->end; i++) s += w->data[i] * w->data[i];
  return s;
}

double f(window *w) { return tile(w); }

double g(window *w) {
  window first = *w;
  first.end = (w->start + w->end) / 2;
  return tile(w) + tile(&first);
}

#define N 11

static double call(double (*fn)(window *), const double *d) {
  double copy[N];
  for (int i = 0; i < N; i++) copy[i] = d[i];
  window w = {0, N, 0, copy};
  return fn(&w);
}

static void check(const char *name, double (*fn)(window *), const double *d, const double *dd, int twice_first_half) {
  for (int i = 0; i < N; i++) {
    double dp[N], dm[N];
    for (int j = 0; j < N; j++) dp[j] = dm[j] = d[j];
    dp[i] += FD_H;
    dm[i] -= FD_H;
    double analytic = 2 * d[i] * (twice_first_half && i < N / 2 ? 2 : 1);
    CHECK_DERIV(NAME("%s.dd[%d]", name, i), dd[i], analytic, (call(fn, dp) - call(fn, dm)) / (2 * FD_H));
  }
}

int main(void) {
  double d[N], df[N] = {0}, dg[N] = {0};
  for (int i = 0; i < N; i++) d[i] = 0.3 * i - 1.1;
  window w = {0, N, 0, d}, dwf = {0, 0, 0, df}, dwg = {0, 0, 0, dg};
  __enzyme_autodiff((void *)f, &w, &dwf);
  check("f", f, d, df, 0);
  __enzyme_autodiff((void *)g, &w, &dwg);
  check("g", g, d, dg, 1);
  return llad_report();
}
