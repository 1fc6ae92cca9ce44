/*
 * stress_patterns - allocator stress patterns whose live heap at exit is known exactly.
 *
 * For tests/stress/test_alloc_patterns.sh. One pattern per run, SCALE multiplies its work:
 *   larson SCALE    threads replace random blocks in slot arrays they hand to each other, so most
 *                   blocks die on a thread other than the one that made them
 *   prodcons SCALE  producers allocate, consumers on other threads free (and keep every 7th)
 *   tiny SCALE      many blocks of 1 to 16 bytes, every other one freed
 *   huge            blocks of 1 GiB and more, virtual only (never touched)
 *   align           posix_memalign, aligned_alloc and memalign from 16 bytes to 1 MiB alignment
 * Whatever survives stays live at exit; the program prints "expect FUNCTION BYTES BLOCKS" for
 * each allocating function, which the exit dump must match.
 */
#include <errno.h>
#include <malloc.h>
#include <pthread.h>
#include <stdatomic.h>

#include "stress_report.h"

/* ---- larson ---- */

enum { LARSON_THREADS = 4, LARSON_SLOTS = 1000, LARSON_BATCH = 500 };

struct slot_array {
    void *block[LARSON_SLOTS];
    size_t size[LARSON_SLOTS];
};

/* Twice as many arrays as threads: one held by each thread, one waiting in each pool slot. */
static struct slot_array larson_arrays[2 * LARSON_THREADS];
static struct slot_array *larson_pool[LARSON_THREADS];
static pthread_mutex_t larson_lock = PTHREAD_MUTEX_INITIALIZER;
static long larson_rounds;

__attribute__((noinline)) static void *larson_alloc(size_t size)
{
    void *p = malloc(size);
    if (!p)
        die("larson malloc");
    memset(p, 0xa5, size < 64 ? size : 64);
    return p;
}

/* Leaves mine in a random pool slot and takes what was there: blocks move between threads. */
static struct slot_array *larson_swap(struct slot_array *mine, uint64_t *rng)
{
    pthread_mutex_lock(&larson_lock);
    unsigned at = (unsigned)(pick(rng) % LARSON_THREADS);
    struct slot_array *theirs = larson_pool[at];
    larson_pool[at] = mine;
    pthread_mutex_unlock(&larson_lock);
    return theirs;
}

static void *larson_thread(void *arg)
{
    uint64_t rng = (uintptr_t)arg;
    struct slot_array *a = &larson_arrays[(uintptr_t)arg];
    for (long round = 0; round < larson_rounds; round++) {
        for (int i = 0; i < LARSON_BATCH; i++) {
            unsigned s = (unsigned)(pick(&rng) % LARSON_SLOTS);
            free(a->block[s]);
            a->size[s] = 1 + pick(&rng) % 4096;
            a->block[s] = larson_alloc(a->size[s]);
        }
        a = larson_swap(a, &rng);
    }
    return NULL;
}

static void larson(long scale)
{
    larson_rounds = 20 * scale;
    for (int i = 0; i < LARSON_THREADS; i++)
        larson_pool[i] = &larson_arrays[LARSON_THREADS + i];
    pthread_t t[LARSON_THREADS];
    for (uintptr_t i = 0; i < LARSON_THREADS; i++)
        if (pthread_create(&t[i], NULL, larson_thread, (void *)i) != 0)
            die("pthread_create");
    for (int i = 0; i < LARSON_THREADS; i++)
        pthread_join(t[i], NULL);
    uint64_t bytes = 0, blocks = 0;
    for (int i = 0; i < 2 * LARSON_THREADS; i++)
        for (int s = 0; s < LARSON_SLOTS; s++)
            if (larson_arrays[i].block[s]) {
                bytes += larson_arrays[i].size[s];
                blocks++;
            }
    expect("larson_alloc", bytes, blocks);
}

/* ---- producer / consumer ---- */

enum { PRODUCERS = 2, CONSUMERS = 2, QUEUE = 256, KEEP_EVERY = 7 };

static struct {
    pthread_mutex_t lock;
    pthread_cond_t changed;
    void *item[QUEUE];
    size_t size[QUEUE];
    unsigned head, tail, producers_left;
} queue = {.lock = PTHREAD_MUTEX_INITIALIZER, .changed = PTHREAD_COND_INITIALIZER, .producers_left = PRODUCERS};

static long blocks_per_producer;
static _Atomic uint64_t kept_bytes, kept_blocks;

__attribute__((noinline)) static void *produce_block(size_t size)
{
    void *p = malloc(size);
    if (!p)
        die("producer malloc");
    memset(p, 0x5a, size);
    return p;
}

static void *producer(void *arg)
{
    uint64_t rng = 1000 + (uintptr_t)arg;
    for (long n = 0; n < blocks_per_producer; n++) {
        size_t size = 1 + pick(&rng) % 1500;
        void *p = produce_block(size);
        pthread_mutex_lock(&queue.lock);
        while (queue.tail - queue.head == QUEUE)
            pthread_cond_wait(&queue.changed, &queue.lock);
        queue.item[queue.tail % QUEUE] = p;
        queue.size[queue.tail % QUEUE] = size;
        queue.tail++;
        pthread_cond_broadcast(&queue.changed);
        pthread_mutex_unlock(&queue.lock);
    }
    pthread_mutex_lock(&queue.lock);
    queue.producers_left--;
    pthread_cond_broadcast(&queue.changed);
    pthread_mutex_unlock(&queue.lock);
    return NULL;
}

static void *consumer(void *arg)
{
    (void)arg;
    for (unsigned long taken = 0;; taken++) {
        pthread_mutex_lock(&queue.lock);
        while (queue.tail == queue.head && queue.producers_left)
            pthread_cond_wait(&queue.changed, &queue.lock);
        if (queue.tail == queue.head) {
            pthread_mutex_unlock(&queue.lock);
            return NULL;
        }
        void *p = queue.item[queue.head % QUEUE];
        size_t size = queue.size[queue.head % QUEUE];
        queue.head++;
        pthread_cond_broadcast(&queue.changed);
        pthread_mutex_unlock(&queue.lock);
        if (taken % KEEP_EVERY == 0) {
            atomic_fetch_add(&kept_bytes, size);
            atomic_fetch_add(&kept_blocks, 1); /* kept: live at exit, never freed */
        } else {
            free(p);
        }
    }
}

static void prodcons(long scale)
{
    blocks_per_producer = 20000 * scale;
    pthread_t t[PRODUCERS + CONSUMERS];
    for (uintptr_t i = 0; i < PRODUCERS + CONSUMERS; i++)
        if (pthread_create(&t[i], NULL, i < PRODUCERS ? producer : consumer, (void *)i) != 0)
            die("pthread_create");
    for (int i = 0; i < PRODUCERS + CONSUMERS; i++)
        pthread_join(t[i], NULL);
    expect("produce_block", kept_bytes, kept_blocks);
}

/* ---- tiny ---- */

__attribute__((noinline)) static void *tiny_alloc(size_t size)
{
    void *p = malloc(size);
    if (!p)
        die("tiny malloc");
    *(char *)p = 1;
    return p;
}

static void tiny(long scale)
{
    long n = 200000 * scale;
    void **blocks = calloc((size_t)n, sizeof *blocks);
    if (!blocks)
        die("calloc");
    uint64_t bytes = 0, kept = 0;
    for (long i = 0; i < n; i++)
        blocks[i] = tiny_alloc(1 + (size_t)i % 16);
    for (long i = 0; i < n; i++) {
        if (i % 2)
            free(blocks[i]);
        else
            bytes += 1 + (uint64_t)i % 16, kept++;
    }
    expect("tiny_alloc", bytes, kept);
}

/* ---- huge ---- */

#define GIB (UINT64_C(1) << 30)

__attribute__((noinline)) static void *huge_malloc(size_t size) { return malloc(size); }
__attribute__((noinline)) static void *huge_calloc(size_t size) { return calloc(1, size); }
__attribute__((noinline)) static void *huge_realloc(void *p, size_t size) { return realloc(p, size); }
__attribute__((noinline)) static void *huge_aligned(size_t size) { return aligned_alloc(1 << 20, size); }

static void huge(void)
{
    void *a = huge_malloc(GIB);
    void *b = huge_calloc(GIB + 1);
    void *c = huge_realloc(huge_malloc(1 << 20), 2 * GIB);
    void *d = huge_aligned(GIB);
    void *gone = huge_malloc(3 * GIB);
    if (!a || !b || !c || !d || !gone)
        die("a huge allocation failed");
    free(gone);
    /*
     * Requests no allocator can meet fail as they do without heapwatch (NULL, ENOMEM) and leave no
     * record -- including sizes a few bytes short of SIZE_MAX, where any room a profiler adds wraps.
     */
    static const size_t impossible[] = {SIZE_MAX / 2, SIZE_MAX - 7};
    for (int i = 0; i < 2; i++) {
        size_t size = impossible[i];
        void *unused = NULL;
        errno = 0;
        if (huge_malloc(size) || errno != ENOMEM || huge_calloc(size) || errno != ENOMEM ||
            huge_realloc(a, size) || errno != ENOMEM || aligned_alloc(64, size) ||
            posix_memalign(&unused, 64, size) != ENOMEM || unused)
            die("an impossible allocation did not fail with ENOMEM");
    }
    /* The 1 MiB block huge_realloc grew came from huge_malloc: that stack holds nothing now. */
    expect("huge_malloc", GIB, 1);
    expect("huge_calloc", GIB + 1, 1);
    expect("huge_realloc", 2 * GIB, 1);
    expect("huge_aligned", GIB, 1);
}

/* ---- alignment ---- */

__attribute__((noinline)) static void *align_posix(size_t align, size_t size)
{
    void *p = NULL;
    return posix_memalign(&p, align, size) == 0 ? p : NULL;
}
__attribute__((noinline)) static void *align_c11(size_t align, size_t size) { return aligned_alloc(align, size); }
__attribute__((noinline)) static void *align_memalign(size_t align, size_t size) { return memalign(align, size); }

static void align(void)
{
    void *(*const how[])(size_t, size_t) = {align_posix, align_c11, align_memalign};
    static const char *const names[] = {"align_posix", "align_c11", "align_memalign"};
    for (int k = 0; k < 3; k++) {
        uint64_t bytes = 0, blocks = 0;
        for (size_t align = 16; align <= (1u << 20); align *= 2) {
            size_t size = align + 3; /* not a multiple: the requested size is what counts */
            void *p = how[k](align, size);
            if (!p || (uintptr_t)p % align)
                die("a block is missing or misaligned");
            if (malloc_usable_size(p) < size)
                die("malloc_usable_size below the requested size");
            bytes += size, blocks++;
        }
        expect(names[k], bytes, blocks);
    }
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "";
    long scale = count_arg(argc, argv, 2, 1);
    if (strcmp(mode, "larson") == 0)
        larson(scale);
    else if (strcmp(mode, "prodcons") == 0)
        prodcons(scale);
    else if (strcmp(mode, "tiny") == 0)
        tiny(scale);
    else if (strcmp(mode, "huge") == 0)
        huge();
    else if (strcmp(mode, "align") == 0)
        align();
    else
        die("usage: stress_patterns larson|prodcons|tiny|huge|align [SCALE]");
    return 0;
}
