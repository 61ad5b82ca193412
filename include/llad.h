/* llad.h: custom derivative rules and inactive markers for C programs differentiated by llad.
 *
 * Rules are attached to the primal function and chosen, at every call llad differentiates, by the
 * activities of the call (design §3, README "Custom rules"):
 *
 *   LLAD_FORWARD_RULE(f, f_fwd, "ret=dup args=dup,dup");
 *   LLAD_REVERSE_RULE(f, f_aug, f_rev, "ret=active args=dup,dup");
 *   LLAD_INACTIVE(printhi);          // calls run as in the primal and carry no derivative
 *   LLAD_INACTIVE_GLOBAL(counter);   // the global carries no derivative
 *
 * A pattern lists, for the return and each argument, the activities the rule accepts: const, dup,
 * dupnoneed, active, with alternatives separated by '|'. The first rule whose pattern matches is
 * used; if a function has rules of a kind but none matches, llad stops with an error.
 *
 * Rule signatures (C view; T is an argument's type, R the return type):
 *   forward:   struct {R primal; R shadow;} f_fwd(const llad_config *cfg, T0 a0, [T0 d_a0], ...)
 *              (returns R alone if the return pattern is only const; void for void functions)
 *   augmented: struct {Tape tape; R primal;} f_aug(const llad_config *cfg, T0 a0, [T0 d_a0], ...)
 *              (fields present when they apply: a tape if the rule keeps one, the primal if R is
 *              not void)
 *   reverse:   Adj f_rev(const llad_config *cfg, T0 a0, [T0 d_a0], ..., [R d_ret], [Tape tape])
 *              returning the adjoints of the active arguments (void, one scalar, or a struct in
 *              argument order); adjoints of dup arguments are added (+=) into their shadows.
 * An argument has a shadow slot when its pattern admits a non-const activity other than active;
 * a null pointer (or zero) is passed there when the call's activity is const.
 */
#ifndef LLAD_H
#define LLAD_H

typedef struct llad_config {
  unsigned width;              /* batch width (1) */
  unsigned needs_primal;       /* the caller uses the primal result */
  unsigned needs_shadow;       /* the caller uses the derivative of the result */
  unsigned long long overwritten; /* bit i: argument i's memory may change before the reverse */
  unsigned long long const_args;  /* bit i: argument i is const at this call */
} llad_config;

#define llad_needs_primal(cfg) ((cfg)->needs_primal != 0)
#define llad_needs_shadow(cfg) ((cfg)->needs_shadow != 0)
#define llad_overwritten(cfg, i) ((((cfg)->overwritten) >> (i)) & 1u)
#define llad_is_const(cfg, i) ((((cfg)->const_args) >> (i)) & 1u)

struct llad_rule {
  const char *kind;
  void *function;
  void *rule;
  const char *pattern;
};

#define LLAD_CAT2(a, b) a##b
#define LLAD_CAT(a, b) LLAD_CAT2(a, b)
#define LLAD_RULE_(kind, f, r, pattern)                                                           \
  __attribute__((used)) static const struct llad_rule LLAD_CAT(__llad_rule_, __COUNTER__) = {   \
      kind, (void *)(f), (void *)(r), pattern}

#define LLAD_FORWARD_RULE(f, fwd, pattern) LLAD_RULE_("forward", f, fwd, pattern)
#define LLAD_REVERSE_RULE(f, aug, rev, pattern)                                                   \
  LLAD_RULE_("augmented", f, aug, pattern);                                                       \
  LLAD_RULE_("reverse", f, rev, pattern)
#define LLAD_INACTIVE(f)                                                                          \
  __attribute__((used)) static void *LLAD_CAT(__enzyme_inactivefn_llad_, __COUNTER__) = (void *)(f)
#define LLAD_INACTIVE_GLOBAL(g)                                                                   \
  __attribute__((used)) static void *LLAD_CAT(__enzyme_inactive_global_llad_, __COUNTER__) = (void *)&(g)

#endif
