/* bench/workloads/larson.c: random replacement with blocks passed between threads, modelled on
 * Larson and Krishnan's server benchmark. Each thread owns an array of 1000 blocks of 8 to
 * 1000 bytes and replaces random ones (free, then malloc a new random size); after each round
 * the arrays move one thread along the ring, so blocks allocated by one thread are freed by
 * the next. With one thread the array stays put and all frees are local.
 * Usage: larson [THREADS] */
#include "../workload.h"

#include <pthread.h>
#include <string.h>

enum {
    BLOCKS = 1000,
    ROUNDS = 100,
    REPLACEMENTS_PER_ROUND = 40000,
};

struct shared {
    int threads;
    pthread_barrier_t round_end;
    void **arrays[WORKLOAD_MAX_THREADS];
};

static uint64_t replace_at_random(void **blocks, rng_t *rng)
{
    uint64_t checksum = 0;
    for (int i = 0; i < REPLACEMENTS_PER_ROUND; i++) {
        size_t victim = rng_next(rng) % BLOCKS;
        size_t size = rng_between(rng, 8, 1000);
        free(blocks[victim]);
        blocks[victim] = must_malloc(size);
        memset(blocks[victim], 0, 8);
        checksum += size;
    }
    return checksum;
}

static uint64_t serve(int index, rng_t *rng, void *arg)
{
    struct shared *s = arg;
    uint64_t checksum = 0;
    for (int round = 0; round < ROUNDS; round++) {
        void **blocks = s->arrays[(index + round) % s->threads];
        checksum += replace_at_random(blocks, rng);
        /* Nobody takes the next array before its current owner is done with it. */
        pthread_barrier_wait(&s->round_end);
    }
    return checksum;
}

int main(int argc, char **argv)
{
    static struct shared s;
    s.threads = workload_threads(argc, argv);
    pthread_barrier_init(&s.round_end, NULL, (unsigned)s.threads);
    for (int t = 0; t < s.threads; t++)
        s.arrays[t] = must_calloc(BLOCKS, sizeof(void *));
    workload_print_checksum(workload_run(s.threads, serve, &s));
    for (int t = 0; t < s.threads; t++) {
        for (int b = 0; b < BLOCKS; b++)
            free(s.arrays[t][b]);
        free(s.arrays[t]);
    }
    return 0;
}
