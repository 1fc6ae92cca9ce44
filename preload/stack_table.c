/*
 * stack_table.c - interning stacks: per-thread cache, then a sharded hash index.
 *
 * Most allocations repeat a stack seen moments ago on the same thread, so a small direct-mapped
 * per-thread cache answers them without touching shared memory. Misses go to one of the index
 * shards (open addressing over ids), each with its own lock; only a genuinely new stack writes
 * shared state. 64 shards keep each shard's index small, so growing one (a rehash, under its lock)
 * holds up other threads creating stacks for little time. Entries live in fixed-size chunks reached through a fixed chunk directory, so an
 * id maps to its entry without locks and entries never move.
 */
#include "stack_table.h"

#include <string.h>

#include "arena.h"
#include "lock.h"

#define CHUNK_BITS 10
#define CHUNK_ENTRIES (1u << CHUNK_BITS)
#define MAX_STACKS (1u << 20)
#define INDEX_SHARD_BITS 6
#define INDEX_SHARDS (1u << INDEX_SHARD_BITS)
#define THREAD_CACHE_ENTRIES 64u

struct index_shard {
    hw_lock lock;
    uint32_t mask;
    uint32_t used;
    uint32_t *slots; /* id + 1; 0 = empty */
    struct bump frames;
} __attribute__((aligned(64)));

static struct stack *_Atomic chunks[MAX_STACKS / CHUNK_ENTRIES];
static atomic_uint count;
static struct index_shard index_shards[INDEX_SHARDS];

struct cached_stack {
    uint64_t hash;
    uint32_t id;
};
static __thread struct cached_stack thread_cache[THREAD_CACHE_ENTRIES] __attribute__((tls_model("initial-exec")));

static uint64_t hash_stack(const uintptr_t *frames, uint32_t depth, uint32_t site)
{
    uint64_t h = UINT64_C(0xcbf29ce484222325) ^ site;
    for (uint32_t i = 0; i < depth; i++) {
        h = (h ^ frames[i]) * UINT64_C(0x9e3779b97f4a7c15);
        h ^= h >> 29;
    }
    /* 0 marks an empty thread-cache line. */
    return h ? h : 1;
}

struct stack *stack_table_get(uint32_t id)
{
    struct stack *chunk = atomic_load_explicit(&chunks[id >> CHUNK_BITS], memory_order_acquire);
    return &chunk[id & (CHUNK_ENTRIES - 1)];
}

uint32_t stack_table_count(void)
{
    uint32_t n = atomic_load_explicit(&count, memory_order_acquire);
    return n < MAX_STACKS ? n : MAX_STACKS;
}

static struct stack *chunk_for(uint32_t id)
{
    struct stack *_Atomic *slot = &chunks[id >> CHUNK_BITS];
    struct stack *chunk = atomic_load_explicit(slot, memory_order_acquire);
    if (chunk)
        return chunk;
    struct stack *fresh = arena_map(CHUNK_ENTRIES * sizeof(struct stack));
    if (!fresh)
        return NULL;
    if (!atomic_compare_exchange_strong(slot, &chunk, fresh)) {
        arena_unmap(fresh, CHUNK_ENTRIES * sizeof(struct stack));
        return chunk;
    }
    return fresh;
}

static int same_stack(const struct stack *s, uint64_t hash, const uintptr_t *frames, uint32_t depth,
                      uint32_t site)
{
    return s->hash == hash && s->depth == depth && s->site == site &&
           memcmp(s->frames, frames, depth * sizeof *frames) == 0;
}

static int index_grow(struct index_shard *sh)
{
    uint32_t slots = sh->mask ? (sh->mask + 1) * 2 : 1024;
    uint32_t *fresh = arena_map(slots * sizeof *fresh);
    if (!fresh)
        return -1;
    for (uint32_t i = 0; sh->slots && i <= sh->mask; i++) {
        if (!sh->slots[i])
            continue;
        uint32_t j = (uint32_t)stack_table_get(sh->slots[i] - 1)->hash & (slots - 1);
        while (fresh[j])
            j = (j + 1) & (slots - 1);
        fresh[j] = sh->slots[i];
    }
    if (sh->slots)
        arena_unmap(sh->slots, (sh->mask + 1) * sizeof *sh->slots);
    sh->slots = fresh;
    sh->mask = slots - 1;
    return 0;
}

/* Creates the entry; called with the shard locked. */
static uint32_t create(struct index_shard *sh, uint64_t hash, const uintptr_t *frames, uint32_t depth,
                       uint32_t site, uint64_t epoch)
{
    /* An id is taken only once its chunk exists: every id below the count can be looked up. */
    uint32_t id = atomic_load_explicit(&count, memory_order_relaxed);
    struct stack *chunk;
    do {
        if (id >= MAX_STACKS || !(chunk = chunk_for(id)))
            return STACK_NONE;
    } while (!atomic_compare_exchange_weak(&count, &id, id + 1));
    uintptr_t *copy = bump_alloc(&sh->frames, depth * sizeof *frames + 1, sizeof *frames);
    if (!copy) {
        /* The id is burnt: it stays "not ready" and the dump skips it. */
        return STACK_NONE;
    }
    memcpy(copy, frames, depth * sizeof *frames);
    struct stack *s = &chunk[id & (CHUNK_ENTRIES - 1)];
    s->hash = hash;
    s->frames = copy;
    s->depth = depth;
    s->site = site;
    /* A stack born after the last peak held nothing at that peak. */
    for (unsigned i = 0; i < STACK_STRIPES; i++)
        atomic_store_explicit(&s->stripes[i].epoch, epoch, memory_order_relaxed);
    atomic_store_explicit(&s->ready, 1, memory_order_release);
    return id;
}

uint32_t stack_table_intern(const uintptr_t *frames, uint32_t depth, uint32_t site, uint64_t epoch)
{
    uint64_t hash = hash_stack(frames, depth, site);
    struct cached_stack *cached = &thread_cache[hash & (THREAD_CACHE_ENTRIES - 1)];
    if (cached->hash == hash && same_stack(stack_table_get(cached->id), hash, frames, depth, site))
        return cached->id;

    struct index_shard *sh = &index_shards[hash >> (64 - INDEX_SHARD_BITS)];
    uint32_t id = STACK_NONE;
    hw_lock_acquire(&sh->lock);
    if ((sh->used + 1) * 2 > sh->mask + 1 && index_grow(sh) != 0 && !sh->slots)
        goto out;
    uint32_t i = (uint32_t)hash & sh->mask;
    for (; sh->slots[i]; i = (i + 1) & sh->mask) {
        if (same_stack(stack_table_get(sh->slots[i] - 1), hash, frames, depth, site)) {
            id = sh->slots[i] - 1;
            goto out;
        }
    }
    if ((sh->used + 1) * 4 > (sh->mask + 1) * 3)
        goto out; /* could not grow and nearly full: keep probes bounded */
    id = create(sh, hash, frames, depth, site, epoch);
    if (id != STACK_NONE) {
        sh->slots[i] = id + 1;
        sh->used++;
    }
out:
    hw_lock_release(&sh->lock);
    if (id != STACK_NONE) {
        cached->hash = hash;
        cached->id = id;
    }
    return id;
}

void stack_table_lock_all(void)
{
    for (unsigned i = 0; i < INDEX_SHARDS; i++)
        hw_lock_acquire(&index_shards[i].lock);
}

void stack_table_unlock_all(void)
{
    for (unsigned i = 0; i < INDEX_SHARDS; i++)
        hw_lock_release(&index_shards[i].lock);
}
