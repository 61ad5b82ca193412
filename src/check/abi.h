/* The interface between what llad generates for a check request (src/check/mod.rs, thunks.rs)
 * and the check runtime (runtime.c), which llad links into the module as bitcode. Not a user
 * header: users write include/llad_check.h's calls; llad lowers each one to
 * llad_check_run(&request, args).
 *
 * Thunks: llad generates, per checked function, one primal thunk and, per activity combination,
 * derivative thunks with a uniform signature. Their pointer arrays have one entry per argument:
 *   args[i]     a pointer argument: the array itself; a scalar: points to a slot holding the value
 *               in the parameter's own type (double, float, int32, int64)
 *   shadows[i]  forward:  Duplicated pointer: its shadow array; Duplicated scalar: points to a
 *                         slot holding the tangent; Const: NULL
 *               reverse:  Duplicated pointer: its shadow array (seed in, adjoint out);
 *                         Active scalar: points to a slot the thunk stores the adjoint into;
 *                         Const: NULL
 *   ret         where the thunk stores the primal return (not written when the return is void,
 *               or in forward mode with a DuplicatedNoNeed return)
 *   dret        forward: where the thunk stores the return tangent (Duplicated/DuplicatedNoNeed)
 *               reverse: points to the return's seed (Active return)
 *   tape        reverse: a slot for the tape between the augmented and the reverse half
 */
#ifndef LLAD_CHECK_ABI_H
#define LLAD_CHECK_ABI_H

enum llad_check_kind {
  LLAD_CK_VOID = 0,
  LLAD_CK_F64 = 1,
  LLAD_CK_F32 = 2,
  LLAD_CK_I32 = 3,
  LLAD_CK_I64 = 4,
  LLAD_CK_PTR_F64 = 5,
  LLAD_CK_PTR_F32 = 6,
  LLAD_CK_PTR_I32 = 7,
  LLAD_CK_PTR_I64 = 8,
};

enum llad_check_activity {
  LLAD_CK_CONST = 0,
  LLAD_CK_DUP = 1,
  LLAD_CK_DUPNONEED = 2,
  LLAD_CK_ACTIVE = 3,
};

enum llad_check_mode { LLAD_CK_FORWARD = 0, LLAD_CK_REVERSE = 1 };

typedef void (*llad_check_primal_fn)(void **args, void *ret);
typedef void (*llad_check_forward_fn)(void **args, void **shadows, void *ret, void *dret);
typedef void (*llad_check_augmented_fn)(void **args, void **shadows, void *ret, void **tape);
typedef void (*llad_check_reverse_fn)(void **args, void **shadows, void *dret, void **tape);

/* One argument's value at the check, from the call site. */
struct llad_check_arg {
  const char *name;       /* "x" (from LLAD_ARRAY(x, 2)), or "arg1" */
  unsigned kind;          /* enum llad_check_kind */
  unsigned reserved;
  unsigned long long len; /* elements of an array; 1 for a scalar */
  void *data;             /* the array, or a slot holding the scalar in its own type */
};

/* One activity combination (test set). */
struct llad_check_set {
  const unsigned char *activities; /* [0] the return, [1 + i] argument i (enum llad_check_activity) */
  void *derivative;                /* forward: llad_check_forward_fn; reverse: llad_check_augmented_fn */
  void *reverse;                   /* reverse: llad_check_reverse_fn; forward: NULL */
};

struct llad_check_request {
  const char *function;  /* the checked function's name */
  const char *location;  /* "file.c:12" of the check call, or "" */
  unsigned mode;         /* enum llad_check_mode */
  unsigned nargs;
  unsigned ret_kind;     /* enum llad_check_kind: VOID or a scalar kind */
  unsigned nsets;
  const struct llad_check_set *sets;
  llad_check_primal_fn primal;
  double rtol;           /* 0: the default */
  double atol;           /* 0: the default */
  unsigned long long seed; /* random tangents and seeds; 0: the default */
  unsigned long long verbose; /* 1: print every test, not only failures */
};

/* llad builds these structs field by field (src/check/mod.rs): the layout it assumes. */
#if defined(__LP64__)
_Static_assert(sizeof(struct llad_check_arg) == 32, "llad_check_arg layout");
_Static_assert(__builtin_offsetof(struct llad_check_arg, len) == 16, "llad_check_arg layout");
_Static_assert(__builtin_offsetof(struct llad_check_arg, data) == 24, "llad_check_arg layout");
_Static_assert(sizeof(struct llad_check_set) == 24, "llad_check_set layout");
_Static_assert(__builtin_offsetof(struct llad_check_request, sets) == 32, "llad_check_request layout");
_Static_assert(__builtin_offsetof(struct llad_check_request, rtol) == 48, "llad_check_request layout");
_Static_assert(sizeof(struct llad_check_request) == 80, "llad_check_request layout");
#else
#error "llad's check runtime assumes 64-bit pointers"
#endif

/* Runs every set, prints the report to stdout, returns the number of failed tests. */
int llad_check_run(const struct llad_check_request *request, const struct llad_check_arg *args);

#endif
