/* bench/workload.h: what every bench workload shares: the thread-count argument, starting and
 * joining the worker threads, a fast deterministic random generator, and the checksum line.
 * Workloads print only `checksum N`, and N must not depend on scheduling, so bench/run.sh can
 * compare it across modes and catch a profiler that changes what a program computes. */
#ifndef BENCH_WORKLOAD_H
#define BENCH_WORKLOAD_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

/* xorshift64*: cheap enough that the generator does not dominate an allocation benchmark. */
typedef struct {
    uint64_t state;
} rng_t;

static inline rng_t rng_seeded(uint64_t seed)
{
    rng_t r = { seed * 0x9e3779b97f4a7c15ull + 1 };
    return r;
}

static inline uint64_t rng_next(rng_t *r)
{
    r->state ^= r->state >> 12;
    r->state ^= r->state << 25;
    r->state ^= r->state >> 27;
    return r->state * 0x2545f4914f6cdd1dull;
}

/* Uniform in [lo, hi]. */
static inline size_t rng_between(rng_t *r, size_t lo, size_t hi)
{
    return lo + (size_t)(rng_next(r) % (hi - lo + 1));
}

enum { WORKLOAD_MAX_THREADS = 64 };

/* The thread count from argv[1] (1 when absent); exits with a usage line when out of range. */
int workload_threads(int argc, char **argv);

/* Runs body on `threads` threads and returns the sum of what they return. Each thread gets its
 * index (0..threads-1) and its own random stream seeded from it, so a run repeats exactly. */
typedef uint64_t (*workload_body)(int index, rng_t *rng, void *arg);
uint64_t workload_run(int threads, workload_body body, void *arg);

/* Prints the result line `checksum N` on stdout. */
void workload_print_checksum(uint64_t checksum);

/* Exits with a message: a workload cannot go on without the memory it asked for. */
__attribute__((noreturn)) void workload_out_of_memory(size_t size);

/* malloc that never returns NULL. Inline, so the workload's own function stays frame 0. */
static inline void *must_malloc(size_t size)
{
    void *p = malloc(size);
    if (!p)
        workload_out_of_memory(size);
    return p;
}

/* calloc that never returns NULL. */
static inline void *must_calloc(size_t count, size_t size)
{
    void *p = calloc(count, size);
    if (!p)
        workload_out_of_memory(count * size);
    return p;
}

#endif
