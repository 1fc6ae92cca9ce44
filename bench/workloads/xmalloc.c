/* bench/workloads/xmalloc.c: allocation and release in bulk through one shared pool, modelled
 * on Lever and Boreham's xmalloc-test. Threads fill batches of 256 small blocks (16 to 512
 * bytes) and append them to a single first-in first-out pool; whenever the pool holds more
 * than a few batches, the thread takes the oldest one, whoever made it, and frees all its
 * blocks. With two threads about half of the frees are cross-thread and both threads contend
 * for one lock, as in the original.
 * Usage: xmalloc [THREADS] */
#include "../workload.h"

#include <pthread.h>
#include <string.h>

enum {
    BLOCKS_PER_BATCH = 256,
    BATCHES_PER_THREAD = 12000,
    POOL_DEPTH = 8,
};

struct batch {
    struct batch *next;
    void *blocks[BLOCKS_PER_BATCH];
};

struct pool {
    pthread_mutex_t lock;
    struct batch *oldest, *newest;
    int depth;
};

static struct batch *fill_batch(rng_t *rng, uint64_t *checksum)
{
    struct batch *b = must_malloc(sizeof *b);
    b->next = NULL;
    for (int i = 0; i < BLOCKS_PER_BATCH; i++) {
        size_t size = rng_between(rng, 16, 512);
        b->blocks[i] = must_malloc(size);
        memset(b->blocks[i], i, 16);
        *checksum += size;
    }
    return b;
}

static void release_batch(struct batch *b)
{
    for (int i = 0; i < BLOCKS_PER_BATCH; i++)
        free(b->blocks[i]);
    free(b);
}

/* Appends b; returns the oldest batch when the pool is deeper than POOL_DEPTH, else NULL. */
static struct batch *exchange(struct pool *p, struct batch *b)
{
    struct batch *taken = NULL;
    pthread_mutex_lock(&p->lock);
    if (p->newest)
        p->newest->next = b;
    else
        p->oldest = b;
    p->newest = b;
    if (++p->depth > POOL_DEPTH) {
        taken = p->oldest;
        p->oldest = taken->next;
        p->depth--;
    }
    pthread_mutex_unlock(&p->lock);
    return taken;
}

static uint64_t churn(int index, rng_t *rng, void *arg)
{
    (void)index;
    struct pool *p = arg;
    uint64_t checksum = 0;
    for (int i = 0; i < BATCHES_PER_THREAD; i++) {
        struct batch *old = exchange(p, fill_batch(rng, &checksum));
        if (old)
            release_batch(old);
    }
    return checksum;
}

int main(int argc, char **argv)
{
    static struct pool p = { .lock = PTHREAD_MUTEX_INITIALIZER };
    int threads = workload_threads(argc, argv);
    workload_print_checksum(workload_run(threads, churn, &p));
    while (p.oldest) {
        struct batch *next = p.oldest->next;
        release_batch(p.oldest);
        p.oldest = next;
    }
    return 0;
}
