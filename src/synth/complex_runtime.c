/* Complex multiplication as the C standard's Annex G (G.5.1) specifies it, linked into modules that
 * differentiate a complex product: clang turns `z * w` on `_Complex` values (and std::complex's
 * operator*) into calls of __muldc3 / __mulsc3, which the C runtime (libgcc, compiler-rt) defines
 * out of reach. With this body in the module llad differentiates the product like any function
 * (src/lower.rs links it in). The finite result is the naive one, (ac - bd) + i(ad + bc), computed
 * as the runtimes compute it (no contraction: built with -ffp-contract=off); the infinite and NaN
 * cases are recovered as Annex G says. */
#include <math.h>

#define INF_OR_ZERO(x, one) copysign_((isinf(x) ? one : 0), x)
#define ZERO_IF_NAN(x)                                                                             \
  do {                                                                                             \
    if (isnan(x)) x = copysign_(0, x);                                                             \
  } while (0)

#define COMPLEX_MULTIPLY(name, T)                                                                  \
  T _Complex name(T a, T b, T c, T d) {                                                            \
    T ac = a * c, bd = b * d, ad = a * d, bc = b * c;                                              \
    T x = ac - bd, y = ad + bc;                                                                    \
    if (isnan(x) && isnan(y)) {                                                                    \
      int recalc = 0;                                                                              \
      if (isinf(a) || isinf(b)) {                                                                  \
        a = INF_OR_ZERO(a, 1), b = INF_OR_ZERO(b, 1);                                              \
        ZERO_IF_NAN(c);                                                                            \
        ZERO_IF_NAN(d);                                                                            \
        recalc = 1;                                                                                \
      }                                                                                            \
      if (isinf(c) || isinf(d)) {                                                                  \
        c = INF_OR_ZERO(c, 1), d = INF_OR_ZERO(d, 1);                                              \
        ZERO_IF_NAN(a);                                                                            \
        ZERO_IF_NAN(b);                                                                            \
        recalc = 1;                                                                                \
      }                                                                                            \
      if (!recalc && (isinf(ac) || isinf(bd) || isinf(ad) || isinf(bc))) {                         \
        ZERO_IF_NAN(a);                                                                            \
        ZERO_IF_NAN(b);                                                                            \
        ZERO_IF_NAN(c);                                                                            \
        ZERO_IF_NAN(d);                                                                            \
        recalc = 1;                                                                                \
      }                                                                                            \
      if (recalc) {                                                                                \
        x = (T)INFINITY * (a * c - b * d);                                                         \
        y = (T)INFINITY * (a * d + b * c);                                                         \
      }                                                                                            \
    }                                                                                              \
    return __builtin_complex(x, y);                                                                \
  }

#define copysign_ copysign
COMPLEX_MULTIPLY(__muldc3, double)
#undef copysign_
#define copysign_ copysignf
COMPLEX_MULTIPLY(__mulsc3, float)
