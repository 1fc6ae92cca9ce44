/*
 * core_threads - 8 threads making 100000 mixed allocations each, most freed by another thread.
 *
 * For tests/core/test_threads.sh. Each thread allocates blocks of varying size and kind (malloc,
 * calloc, realloc, aligned_alloc) in threads_churn_block and swaps each into a random slot of a
 * shared table, freeing the block it displaces -- usually another thread's. After joining, main
 * frees what is left in the table, so the churn ends with nothing live whatever the interleaving.
 * Each thread also keeps KEPT_PER_THREAD blocks of KEPT_SIZE bytes from threads_keep_blocks, a
 * live amount the exit dump must show exactly.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { THREADS = 8, ROUNDS = 100000, SLOTS = 4096, KEPT_PER_THREAD = 10, KEPT_SIZE = 1000 };

static _Atomic(void *) slots[SLOTS];
static void *kept[THREADS][KEPT_PER_THREAD];

/* xorshift32: each thread's own reproducible sequence, without rand()'s lock. */
static uint32_t next_random(uint32_t *state)
{
    uint32_t x = *state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *state = x;
}

/* Mostly small blocks; one in a thousand above glibc's initial mmap threshold. */
__attribute__((noinline)) static void *threads_churn_block(uint32_t r)
{
    size_t size = r % 1000 == 0 ? 200000 : 1 + r % 2048;
    void *p;
    switch ((r >> 12) % 4) {
    case 0:
        p = malloc(size);
        break;
    case 1:
        p = calloc(1, size);
        break;
    case 2:
        p = realloc(malloc(size / 2 + 1), size);
        break;
    default:
        p = aligned_alloc(64, (size + 63) & ~(size_t)63);
        break;
    }
    if (!p)
        abort();
    memset(p, (int)r, size < 64 ? size : 64);
    return p;
}

__attribute__((noinline)) static void threads_keep_blocks(int thread)
{
    for (int i = 0; i < KEPT_PER_THREAD; i++)
        if (!(kept[thread][i] = malloc(KEPT_SIZE)))
            abort();
}

static void *thread_main(void *arg)
{
    int thread = (int)(intptr_t)arg;
    uint32_t state = 2463534242u + 7919u * (uint32_t)thread;
    threads_keep_blocks(thread);
    for (int i = 0; i < ROUNDS; i++) {
        uint32_t r = next_random(&state);
        void *p = threads_churn_block(r);
        if (r % 8 == 0)
            free(p);
        else
            free(atomic_exchange(&slots[(r >> 3) % SLOTS], p));
    }
    return NULL;
}

__attribute__((noinline)) static void threads_drain_slots(void)
{
    for (int i = 0; i < SLOTS; i++)
        free(atomic_exchange(&slots[i], NULL));
}

int main(void)
{
    pthread_t threads[THREADS];
    for (int t = 0; t < THREADS; t++)
        if (pthread_create(&threads[t], NULL, thread_main, (void *)(intptr_t)t) != 0)
            return 1;
    for (int t = 0; t < THREADS; t++)
        pthread_join(threads[t], NULL);
    threads_drain_slots();
    return 0;
}
