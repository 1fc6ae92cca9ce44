/* bench/workloads/deep_mix.c: a server-like heap reached through deep call stacks.
 * About 100k blocks stay live (split over the threads) and are replaced at random; sizes run
 * from 16 B to 64 KiB, smaller ones far more often, as in real programs. Each allocation is
 * made 10 to 41 frames deep through a mix of three functions, giving about a thousand distinct
 * stacks: this is what makes stack capture, not the allocator, the profiler's main cost.
 * Usage: deep_mix [THREADS] */
#include "../workload.h"

#include <string.h>

enum {
    LIVE_BLOCKS = 100000,
    REPLACEMENTS_PER_THREAD = 450000,
    CALL_PATHS = 1000,
    SIZE_CLASSES = 12, /* class k: 16 B << k, plus up to as much again, so 16 B to 64 KiB */
};

typedef void *(*frame_fn)(unsigned path, int depth, size_t size);

static void *enter_parse(unsigned path, int depth, size_t size);
static void *enter_dispatch(unsigned path, int depth, size_t size);
static void *enter_handle(unsigned path, int depth, size_t size);

static const frame_fn frames[3] = { enter_parse, enter_dispatch, enter_handle };

static void *allocate_leaf(size_t size)
{
    char *p = must_malloc(size);
    memset(p, (int)size, size < 64 ? size : 64);
    return p;
}

/* The three frame functions differ in their bodies so that the compiler does not fold them into
 * one, and the empty asm after each call keeps it a real call rather than a tail jump: both
 * would flatten the stacks this workload exists to produce. */
static __attribute__((noinline)) void *enter_parse(unsigned path, int depth, size_t size)
{
    void *p = depth == 0 ? allocate_leaf(size) : frames[path % 3](path / 3, depth - 1, size);
    __asm__ volatile("" ::: "memory");
    return p;
}

static __attribute__((noinline)) void *enter_dispatch(unsigned path, int depth, size_t size)
{
    void *p = depth == 0 ? allocate_leaf(size) : frames[(path + 1) % 3](path / 3, depth - 1, size);
    __asm__ volatile("" ::: "memory");
    return p;
}

static __attribute__((noinline)) void *enter_handle(unsigned path, int depth, size_t size)
{
    void *p = depth == 0 ? allocate_leaf(size) : frames[(path + 2) % 3](path / 3, depth - 1, size);
    __asm__ volatile("" ::: "memory");
    return p;
}

/* Size class k is twice as likely as k+1, so every class holds a similar share of the bytes. */
static size_t skewed_size(rng_t *rng)
{
    int k = __builtin_ctzll(rng_next(rng) | (1ull << (SIZE_CLASSES - 1)));
    size_t base = (size_t)16 << k;
    return base + rng_between(rng, 0, base - 1);
}

static uint64_t churn(int index, rng_t *rng, void *arg)
{
    (void)index;
    int threads = *(int *)arg;
    size_t slots = LIVE_BLOCKS / (size_t)threads;
    void **live = must_calloc(slots, sizeof *live);
    uint64_t checksum = 0;
    for (long i = 0; i < REPLACEMENTS_PER_THREAD; i++) {
        size_t slot = rng_next(rng) % slots;
        unsigned path = (unsigned)(rng_next(rng) % CALL_PATHS);
        size_t size = skewed_size(rng);
        free(live[slot]);
        live[slot] = frames[path % 3](path, 10 + (int)(path % 32), size);
        checksum += size + path;
    }
    for (size_t s = 0; s < slots; s++)
        free(live[s]);
    free(live);
    return checksum;
}

int main(int argc, char **argv)
{
    int threads = workload_threads(argc, argv);
    workload_print_checksum(workload_run(threads, churn, &threads));
    return 0;
}
