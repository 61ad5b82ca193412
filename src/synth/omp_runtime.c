/* The tapes of an OpenMP parallel region in reverse mode, linked into modules that need them
 * (llad compiles this file to IR; see src/synth/calls/openmp.rs).
 *
 * Each thread of the team runs the augmented primal of the region's body with a tape of its own;
 * the reverse region runs with as many threads, thread i popping tape i, so that every thread
 * replays the iterations it ran (whatever the schedule) and meets the team's barriers in reverse
 * order. The tapes live in one block made before the fork, big enough for the largest team the
 * fork can make.
 *
 * Thread tapes start with a buffer from a pool that released tapes return theirs to: a gradient
 * that runs a region per time step would otherwise take fresh memory for every region's tapes
 * (page faults, and growth by realloc), call after call. */
#include <sched.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

int omp_get_max_threads(void);
int omp_get_thread_num(void);
int omp_get_num_threads(void);
int omp_in_parallel(void);
int __kmpc_global_thread_num(void *loc);
void __kmpc_push_num_threads(void *loc, int gtid, int threads);

/* llad's tape (synth/tape.ll): { buffer, size, capacity, kept, kept size, kept capacity }. */
struct llad_tape {
  void *buffer;
  long long size, capacity;
  void *kept;
  long long kept_size, kept_capacity;
};

/* The pool: buffers with their capacities, behind a spin lock (the forking threads take and
 * return; nested regions and user threads may do so at once). */
#define LLAD_POOL 1024
static struct {
  void *buffer;
  long long capacity;
} llad_pool[LLAD_POOL];
static int llad_pooled;
static char llad_pool_lock;

static void pool_lock(void) {
  while (__atomic_test_and_set(&llad_pool_lock, __ATOMIC_ACQUIRE)) {
  }
}
static void pool_unlock(void) { __atomic_clear(&llad_pool_lock, __ATOMIC_RELEASE); }

struct llad_omp_tapes {
  int threads;  /* the team the augmented primal ran with */
  int capacity;
  long long tickets; /* critical sections entered (see llad_omp_ticket) */
  struct llad_tape tape[];
};

/* Before the fork: tapes for a team of up to `requested` (a num_threads clause, or 0) or
 * omp_get_max_threads() threads. */
struct llad_omp_tapes *llad_omp_tapes_new(int requested) {
  int capacity = omp_get_max_threads();
  if (requested > capacity) capacity = requested;
  if (capacity < 1) capacity = 1;
  struct llad_omp_tapes *tapes = calloc(1, sizeof *tapes + (size_t)capacity * sizeof(struct llad_tape));
  if (!tapes) abort();
  tapes->capacity = capacity;
  pool_lock();
  for (int i = 0; i < capacity && llad_pooled > 0; i++) {
    llad_pooled--;
    tapes->tape[i].buffer = llad_pool[llad_pooled].buffer;
    tapes->tape[i].capacity = llad_pool[llad_pooled].capacity;
  }
  pool_unlock();
  return tapes;
}

/* In the augmented region: this thread's tape (thread 0 records the team's size). */
struct llad_tape *llad_omp_thread_tape(struct llad_omp_tapes *tapes) {
  int threads = omp_get_num_threads(), me = omp_get_thread_num();
  if (threads > tapes->capacity || me >= tapes->capacity) {
    fprintf(stderr, "llad: an OpenMP team of %d threads ran a differentiated parallel region prepared for %d\n", threads, tapes->capacity);
    abort();
  }
  if (me == 0) tapes->threads = threads;
  return &tapes->tape[me];
}

/* Before the reverse fork: the same number of threads as the augmented region had. */
void llad_omp_push_team(struct llad_omp_tapes *tapes, void *loc) {
  __kmpc_push_num_threads(loc, __kmpc_global_thread_num(loc), tapes->threads);
}

/* Whether other threads may add adjoints into the memory this thread's reverse adds to: set by
 * every reverse region's thread as it starts (llad_omp_thread_tape_reverse). Only a thread of a
 * region that is not active (one thread) inside no active region runs alone; then adjoints go in
 * with plain adds. Per thread, and starting at 1 (atomic) so that anything else stays safe. A
 * nested region's setting outlives it on its thread, which only makes the enclosing region's
 * later adds atomic: never plain where another thread may add. */
static __thread unsigned char llad_omp_contended __attribute__((tls_model("initial-exec"))) = 1;

/* `*p += g` for adjoints in a parallel region's reverse: atomic unless this thread runs alone. */
__attribute__((always_inline)) void llad_omp_add_f64(double *p, double g) {
  if (__builtin_expect(llad_omp_contended, 1))
    __atomic_fetch_add(p, g, __ATOMIC_RELAXED);
  else
    *p += g;
}
__attribute__((always_inline)) void llad_omp_add_f32(float *p, float g) {
  if (__builtin_expect(llad_omp_contended, 1))
    __atomic_fetch_add(p, g, __ATOMIC_RELAXED);
  else
    *p += g;
}

/* In the reverse region: the tape this thread pushed in the augmented region. */
struct llad_tape *llad_omp_thread_tape_reverse(struct llad_omp_tapes *tapes) {
  int threads = omp_get_num_threads(), me = omp_get_thread_num();
  if (threads != tapes->threads) {
    fprintf(stderr, "llad: the reverse of an OpenMP parallel region got %d threads where its primal ran with %d "
                    "(the OpenMP runtime gave fewer threads; set OMP_DYNAMIC=false)\n", threads, tapes->threads);
    abort();
  }
  llad_omp_contended = omp_in_parallel() != 0;
  return &tapes->tape[me];
}

/* Critical sections (and omp_set_lock sections) of a region run one at a time in some order; their
 * reverses must run in exactly the reverse order (a section that multiplies a shared product
 * reads the adjoint the later sections left). Inside each section the augmented primal takes the
 * next ticket of the team; the reverse of the section waits until every later ticket is done. The
 * team's tapes block is found from the thread's tape. */
static struct llad_omp_tapes *team_of(struct llad_tape *tape) {
  return (struct llad_omp_tapes *)((char *)(tape - omp_get_thread_num()) - offsetof(struct llad_omp_tapes, tape));
}
long long llad_omp_ticket(struct llad_tape *tape) { return __atomic_fetch_add(&team_of(tape)->tickets, 1, __ATOMIC_ACQ_REL); }
void llad_omp_ticket_wait(struct llad_tape *tape, long long ticket) {
  struct llad_omp_tapes *team = team_of(tape);
  while (__atomic_load_n(&team->tickets, __ATOMIC_ACQUIRE) != ticket + 1) sched_yield();
}
void llad_omp_ticket_done(struct llad_tape *tape) { __atomic_fetch_sub(&team_of(tape)->tickets, 1, __ATOMIC_ACQ_REL); }

/* After the reverse region: each tape's buffer back to the pool (or freed when the pool is full),
 * the rest of the tape released by `release` (llad.tape.release, internal to the module the tape
 * runtime was linked into first). */
void llad_omp_tapes_free(struct llad_omp_tapes *tapes, void (*release)(struct llad_tape *)) {
  for (int i = 0; i < tapes->capacity; i++) {
    struct llad_tape *tape = &tapes->tape[i];
    void *buffer = tape->buffer;
    long long capacity = tape->capacity;
    tape->buffer = NULL, tape->capacity = 0;
    release(tape);
    if (!buffer) continue;
    pool_lock();
    int kept = llad_pooled < LLAD_POOL;
    if (kept) llad_pool[llad_pooled].buffer = buffer, llad_pool[llad_pooled].capacity = capacity, llad_pooled++;
    pool_unlock();
    if (!kept) free(buffer);
  }
  free(tapes);
}
