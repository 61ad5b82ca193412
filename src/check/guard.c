/* The check runtime's crash guard (part of runtime.c, which includes it): every thunk call runs
 * under signal handlers that jump back, so a crashing derivative fails its test set and the run
 * goes on. Needs <setjmp.h>, <signal.h>, <string.h> and abi.h before it. */

static sigjmp_buf ck_jump;
static volatile sig_atomic_t ck_armed, ck_signal;
static void *volatile ck_address;
/* The handler runs on its own stack, so that a stack overflow (a rule that recurses forever) is
 * caught too. */
static char ck_stack[1 << 16];

static void ck_on_signal(int sig, siginfo_t *info, void *context) {
  (void)context;
  if (!ck_armed) { /* not raised by a guarded call (another thread?): crash as usual */
    signal(sig, SIG_DFL);
    return;
  }
  ck_armed = 0;
  ck_signal = sig;
  ck_address = info->si_addr;
  siglongjmp(ck_jump, 1);
}

enum { CALL_PRIMAL, CALL_FORWARD, CALL_AUGMENTED, CALL_REVERSE };

struct call {
  int which;
  llad_check_primal_fn primal;
  void *fn; /* the derivative thunk, by `which` */
  void **args, **shadows;
  void *ret, *dret;
  void **tape;
};

static void invoke(const struct call *k) {
  switch (k->which) {
  case CALL_PRIMAL: k->primal(k->args, k->ret); break;
  case CALL_FORWARD: ((llad_check_forward_fn)k->fn)(k->args, k->shadows, k->ret, k->dret); break;
  case CALL_AUGMENTED: ((llad_check_augmented_fn)k->fn)(k->args, k->shadows, k->ret, k->tape); break;
  default: ((llad_check_reverse_fn)k->fn)(k->args, k->shadows, k->dret, k->tape); break;
  }
}

/* Runs the call; 1 if it crashed (the signal and address in ck_signal, ck_address). The previous
 * handlers, and an enclosing guard's jump (a checked function may run a check itself), are back on
 * return. Nothing this frame uses after the jump changes between sigsetjmp and the call, so no
 * volatile. */
#define NSIGNALS 6
static int guarded(const struct call *k) {
  /* faults, and what assert(), __builtin_trap() and unreachable code raise */
  static const int sigs[NSIGNALS] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, SIGABRT};
  sigjmp_buf outer;
  int outer_armed = ck_armed;
  memcpy(outer, ck_jump, sizeof outer);
  struct sigaction sa, old[NSIGNALS];
  stack_t alt = {.ss_sp = ck_stack, .ss_size = sizeof ck_stack}, old_alt;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = ck_on_signal;
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
  sigemptyset(&sa.sa_mask);
  sigaltstack(&alt, &old_alt);
  for (int s = 0; s < NSIGNALS; s++) sigaction(sigs[s], &sa, &old[s]);
  int crashed = 1;
  if (sigsetjmp(ck_jump, 1) == 0) { /* 1: the jump restores the signal mask */
    ck_armed = 1;
    invoke(k);
    ck_armed = 0;
    crashed = 0;
  }
  for (int s = 0; s < NSIGNALS; s++) sigaction(sigs[s], &old[s], NULL);
  sigaltstack(&old_alt, NULL);
  memcpy(ck_jump, outer, sizeof outer);
  ck_armed = outer_armed;
  return crashed;
}

