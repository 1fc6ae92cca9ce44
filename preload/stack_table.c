/*
 * stack_table.c - interning stacks: per-thread cache, then a sharded hash index.
 *
 * Most allocations repeat a stack seen moments ago on the same thread, so a small direct-mapped
 * per-thread cache answers them without touching shared memory. Misses probe one of the index
 * shards (open addressing over ids) without any lock; only a genuinely new stack takes the
 * shard's lock and writes shared state. 64 shards keep each index small, so growing one (a
 * rehash, under its lock) holds up other threads creating stacks for little time. Entries live in
 * fixed-size chunks reached through a fixed chunk directory, so an id maps to its entry without
 * locks and entries never move.
 */
#include "stack_table.h"

#include <string.h>

#include "arena.h"
#include "lock.h"

#define CHUNK_BITS STACK_CHUNK_BITS
#define CHUNK_ENTRIES (1u << CHUNK_BITS)
#define MAX_STACKS (1u << 20)
#define INDEX_SHARD_BITS 6
#define INDEX_SHARDS (1u << INDEX_SHARD_BITS)
#define THREAD_CACHE_ENTRIES 64u

/* An index array: open addressing over ids, read without the lock (see index_find). */
struct index_array {
    uint32_t mask;
    _Atomic uint32_t slots[]; /* id + 1; 0 = empty */
};

struct index_shard {
    hw_lock lock; /* held to insert and to grow */
    uint32_t used;
    struct index_array *_Atomic array;
    struct bump frames;
} __attribute__((aligned(64)));

struct stack *_Atomic hw_stack_chunks[MAX_STACKS / CHUNK_ENTRIES];
static atomic_uint count;
static struct index_shard index_shards[INDEX_SHARDS];

struct cached_stack {
    uint64_t hash;
    uint32_t id;
};
static __thread struct cached_stack thread_cache[THREAD_CACHE_ENTRIES] __attribute__((tls_model("initial-exec")));

static uint64_t hash_stack(const uintptr_t *frames, uint32_t depth, uint32_t site)
{
    /* One multiply per frame (each step is a bijection of h), the mixing once at the end. */
    uint64_t h = UINT64_C(0xcbf29ce484222325) ^ site;
    for (uint32_t i = 0; i < depth; i++)
        h = (h ^ frames[i]) * UINT64_C(0x9e3779b97f4a7c15);
    h ^= h >> 29;
    h *= UINT64_C(0xbf58476d1ce4e5b9);
    h ^= h >> 32;
    /* 0 marks an empty thread-cache line. */
    return h ? h : 1;
}

uint32_t stack_table_count(void)
{
    uint32_t n = atomic_load_explicit(&count, memory_order_acquire);
    return n < MAX_STACKS ? n : MAX_STACKS;
}

static struct stack *chunk_for(uint32_t id)
{
    struct stack *_Atomic *slot = &hw_stack_chunks[id >> CHUNK_BITS];
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

/*
 * Doubles the shard's array; called with the shard locked. The old array is left mapped, never
 * reused: a reader may still be probing it, and finding nothing there only sends it to the lock.
 * The arrays a shard ever had add up to less than twice its current one.
 */
static int index_grow(struct index_shard *sh)
{
    struct index_array *old = atomic_load_explicit(&sh->array, memory_order_relaxed);
    uint32_t slots = old ? (old->mask + 1) * 2 : 1024;
    struct index_array *fresh = arena_map(sizeof *fresh + slots * sizeof fresh->slots[0]);
    if (!fresh)
        return -1;
    fresh->mask = slots - 1;
    for (uint32_t i = 0; old && i <= old->mask; i++) {
        uint32_t v = atomic_load_explicit(&old->slots[i], memory_order_relaxed);
        if (!v)
            continue;
        uint32_t j = (uint32_t)stack_table_get(v - 1)->hash & fresh->mask;
        while (atomic_load_explicit(&fresh->slots[j], memory_order_relaxed))
            j = (j + 1) & fresh->mask;
        atomic_store_explicit(&fresh->slots[j], v, memory_order_relaxed);
    }
    atomic_store_explicit(&sh->array, fresh, memory_order_release);
    return 0;
}

/* The id of a stack already in `array`, or STACK_NONE; *free_slot gets where the probe ended. */
static uint32_t index_find(const struct index_array *array, uint64_t hash, const uintptr_t *frames, uint32_t depth,
                           uint32_t site, uint32_t *free_slot)
{
    uint32_t i = (uint32_t)hash & array->mask, v;
    for (; (v = atomic_load_explicit(&array->slots[i], memory_order_acquire)); i = (i + 1) & array->mask)
        if (same_stack(stack_table_get(v - 1), hash, frames, depth, site))
            return v - 1;
    *free_slot = i;
    return STACK_NONE;
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

    /* Stacks seen before are found without the lock: slots are published only once complete. */
    struct index_shard *sh = &index_shards[hash >> (64 - INDEX_SHARD_BITS)];
    struct index_array *array = atomic_load_explicit(&sh->array, memory_order_acquire);
    uint32_t slot, id = array ? index_find(array, hash, frames, depth, site, &slot) : STACK_NONE;
    if (id != STACK_NONE)
        goto remember;

    hw_lock_acquire(&sh->lock);
    array = atomic_load_explicit(&sh->array, memory_order_relaxed);
    if ((!array || (sh->used + 1) * 2 > array->mask + 1) && index_grow(sh) == 0)
        array = atomic_load_explicit(&sh->array, memory_order_relaxed);
    if (!array)
        goto out;
    id = index_find(array, hash, frames, depth, site, &slot);
    /* Could not grow and nearly full: keep probes bounded. */
    if (id != STACK_NONE || (sh->used + 1) * 4 > (array->mask + 1) * 3)
        goto out;
    id = create(sh, hash, frames, depth, site, epoch);
    if (id != STACK_NONE) {
        atomic_store_explicit(&array->slots[slot], id + 1, memory_order_release);
        sh->used++;
    }
out:
    hw_lock_release(&sh->lock);
remember:
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
