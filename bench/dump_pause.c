/* bench/dump_pause.c: how long allocating threads stall while heapwatch writes a dump.
 * Worker threads fill 1M live blocks allocated through 100k distinct call stacks (a binary
 * descent 17 calls deep whose left/right turns spell the stack's number), then replace random
 * blocks for SECONDS while the main thread raises SIGUSR2 every 250 ms to request dumps. Every
 * malloc in that phase is timed with CLOCK_MONOTONIC. It prints one line:
 *   malloc_max_us N over_100us N over_1ms N mallocs N dump_requests N
 * Run it also without heapwatch: the difference is the pause a dump imposes (a plain run's
 * maximum is page faults and preemption). Compare with the dump header's dump_pause_max_us.
 * Use at most as many threads as cores, or preemption will swamp the measurement.
 * Usage: dump_pause [THREADS [SECONDS]] */
#include "workload.h"

#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum {
    LIVE_BLOCKS = 1000000,
    STACKS = 100000,
    STACK_BITS = 17, /* 2^17 >= STACKS */
    DUMP_REQUEST_MS = 250,
};

struct latency {
    _Alignas(64) uint64_t max_ns; /* a cache line per thread: no false sharing between them */
    uint64_t over_100us, over_1ms, mallocs;
    int timing; /* the fill phase is not timed */
};

struct run {
    int threads;
    long seconds;
    atomic_int filled;
    atomic_int stop;
    struct latency per_thread[WORKLOAD_MAX_THREADS];
};

static uint64_t now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static void *timed_malloc(size_t size, struct latency *lat)
{
    uint64_t start = lat->timing ? now_ns() : 0;
    void *p = must_malloc(size);
    if (lat->timing) {
        uint64_t ns = now_ns() - start;
        lat->mallocs++;
        lat->over_100us += ns > 100000;
        lat->over_1ms += ns > 1000000;
        if (ns > lat->max_ns)
            lat->max_ns = ns;
    }
    return p;
}

typedef void *(*turn_fn)(unsigned path, int depth, size_t size, struct latency *lat);
static void *turn_left(unsigned path, int depth, size_t size, struct latency *lat);
static void *turn_right(unsigned path, int depth, size_t size, struct latency *lat);

/* Each level's return address tells which way it turned, so every path is its own stack. The
 * bodies differ (so they are not folded into one) and the asm keeps the calls real calls. */
static __attribute__((noinline)) void *turn_left(unsigned path, int depth, size_t size, struct latency *lat)
{
    void *p = depth == 0 ? timed_malloc(size, lat)
                         : (path & 1 ? turn_right : turn_left)(path >> 1, depth - 1, size, lat);
    __asm__ volatile("" ::: "memory");
    return p;
}

static __attribute__((noinline)) void *turn_right(unsigned path, int depth, size_t size, struct latency *lat)
{
    void *p = depth == 0 ? timed_malloc(size, lat)
                         : (path & 1 ? turn_left : turn_right)(path >> 1, depth - 1, size, lat);
    __asm__ volatile("" ::: "memory");
    return p;
}

static void *allocate_on_stack(unsigned stack, rng_t *rng, struct latency *lat)
{
    return turn_left(stack, STACK_BITS, rng_between(rng, 16, 64), lat);
}

/* Fills the thread's share of the live blocks covering every stack, then replaces random
 * blocks until told to stop. One loop and one call site for both phases, so that both reach
 * malloc through the same 100k stacks. */
static uint64_t allocate_and_replace(int index, rng_t *rng, void *arg)
{
    struct run *run = arg;
    struct latency *lat = &run->per_thread[index];
    size_t slots = LIVE_BLOCKS / (size_t)run->threads;
    void **live = must_calloc(slots, sizeof *live);
    for (size_t i = 0; !atomic_load_explicit(&run->stop, memory_order_relaxed); i++) {
        int filling = i < slots;
        if (i == slots) {
            lat->timing = 1;
            atomic_fetch_add(&run->filled, 1);
        }
        size_t s = filling ? i : rng_next(rng) % slots;
        size_t stack = filling ? i * (size_t)run->threads + (size_t)index : rng_next(rng);
        free(live[s]);
        live[s] = allocate_on_stack((unsigned)(stack % STACKS), rng, lat);
    }
    for (size_t s = 0; s < slots; s++)
        free(live[s]);
    free(live);
    return 0;
}

static void sleep_ms(long ms)
{
    struct timespec t = { ms / 1000, (ms % 1000) * 1000000 };
    nanosleep(&t, NULL);
}

/* Without heapwatch nothing handles SIGUSR2 and it would kill us: ignore it then, so that the
 * same run without the profiler gives the baseline. */
static void survive_dump_signal(void)
{
    struct sigaction current;
    sigaction(SIGUSR2, NULL, &current);
    if (current.sa_handler == SIG_DFL)
        signal(SIGUSR2, SIG_IGN);
}

/* Waits for the workers to fill the heap, then requests a dump every DUMP_REQUEST_MS for the
 * run's duration; returns how many it requested. */
static uint64_t request_dumps(struct run *run)
{
    while (atomic_load(&run->filled) < run->threads)
        sleep_ms(10);
    uint64_t requests = 0;
    for (long elapsed = 0; elapsed < run->seconds * 1000; elapsed += DUMP_REQUEST_MS) {
        sleep_ms(DUMP_REQUEST_MS);
        kill(getpid(), SIGUSR2);
        requests++;
    }
    atomic_store(&run->stop, 1);
    return requests;
}

/* Thread `threads` (one past the workers) is the one that requests dumps. */
static uint64_t play_part(int index, rng_t *rng, void *arg)
{
    struct run *run = arg;
    return index == run->threads ? request_dumps(run) : allocate_and_replace(index, rng, run);
}

int main(int argc, char **argv)
{
    static struct run run;
    run.threads = workload_threads(argc, argv);
    run.seconds = argc > 2 ? strtol(argv[2], NULL, 10) : 3;
    if (run.threads == WORKLOAD_MAX_THREADS || run.seconds < 1 || run.seconds > 600) {
        fprintf(stderr, "usage: %s [THREADS 1..%d [SECONDS 1..600]]\n", argv[0], WORKLOAD_MAX_THREADS - 1);
        return 2;
    }
    survive_dump_signal();
    uint64_t requests = workload_run(run.threads + 1, play_part, &run);

    struct latency total = { 0 };
    for (int t = 0; t < run.threads; t++) {
        const struct latency *l = &run.per_thread[t];
        if (l->max_ns > total.max_ns)
            total.max_ns = l->max_ns;
        total.over_100us += l->over_100us;
        total.over_1ms += l->over_1ms;
        total.mallocs += l->mallocs;
    }
    printf("malloc_max_us %llu over_100us %llu over_1ms %llu mallocs %llu dump_requests %llu\n",
           (unsigned long long)(total.max_ns / 1000), (unsigned long long)total.over_100us,
           (unsigned long long)total.over_1ms, (unsigned long long)total.mallocs,
           (unsigned long long)requests);
    return 0;
}
