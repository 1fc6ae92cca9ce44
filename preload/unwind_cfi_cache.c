/*
 * unwind_cfi_cache.c - the writer's side of the rule cache: filling, growing, forgetting.
 *
 * The table grows fourfold when half full, into a new mapping published with one atomic store.
 * The old mapping stays (a reader may still be walking it) but is never written again, so what
 * is kept beyond the live table is at most a third of it. Past the largest size, new rules are
 * simply not kept: those addresses keep taking the slow path, which is slower but still right.
 */
#include "unwind_cfi_cache.h"

#include "unwind_cfi.h"

#ifdef UNWIND_CFI_NATIVE

#include "arena.h"

#define FIRST_LOG2_SLOTS 12 /* 4096 slots, 64 KiB: most programs never grow it */
#define LAST_LOG2_SLOTS 20
/* A key further than this from its home slot is not looked for: the table grows instead. */
#define PROBE_LIMIT 16

struct cfi_cache *_Atomic cfi_cache_current;
atomic_uint cfi_cache_generation;

static size_t next_slot(const struct cfi_cache *cache, size_t slot) { return (slot + 1) & (cache->slots - 1); }

int cfi_cache_find(const struct cfi_cache *cache, uintptr_t ra, struct cfi_rule *rule)
{
    size_t slot = cfi_cache_home(cache, ra);
    for (int probe = 0; probe < PROBE_LIMIT; probe++, slot = next_slot(cache, slot)) {
        uint64_t key = cfi_cache_key(cache, slot);
        if (key == ra) {
            *rule = cfi_rule_unpack(cfi_cache_packed_rule(cache, slot));
            return 1;
        }
        if (key == 0 && slot != 0)
            return 0;
    }
    return 0;
}

static struct cfi_cache *create(unsigned log2_slots)
{
    size_t slots = (size_t)1 << log2_slots;
    struct cfi_cache *cache =
        arena_map(sizeof *cache + slots * (sizeof *cache->keys + sizeof *cache->rules));
    if (!cache)
        return NULL;
    cache->shift = 64 - log2_slots;
    cache->slots = slots;
    cache->keys = (_Atomic uint64_t *)(cache + 1);
    cache->rules = cache->keys + slots;
    atomic_store_explicit(&cache->rules[0], cfi_rule_pack((struct cfi_rule){.kind = CFI_OUTERMOST}),
                          memory_order_relaxed);
    return cache;
}

/* Puts ra's rule in the first free slot of its probe sequence; 0 if there is none. */
static int place(struct cfi_cache *cache, uintptr_t ra, struct cfi_rule rule)
{
    size_t slot = cfi_cache_home(cache, ra);
    for (int probe = 0; probe < PROBE_LIMIT; probe++, slot = next_slot(cache, slot)) {
        uint64_t key = atomic_load_explicit(&cache->keys[slot], memory_order_relaxed);
        if (key == ra)
            return 1;
        if (key == 0 && slot != 0) {
            atomic_store_explicit(&cache->rules[slot], cfi_rule_pack(rule), memory_order_relaxed);
            atomic_store_explicit(&cache->keys[slot], ra, memory_order_release);
            cache->used++;
            return 1;
        }
    }
    return 0;
}

static struct cfi_cache *grow(struct cfi_cache *old)
{
    unsigned log2_slots = 64 - old->shift + 2;
    struct cfi_cache *cache = log2_slots <= LAST_LOG2_SLOTS ? create(log2_slots) : NULL;
    if (!cache)
        return NULL;
    for (size_t slot = 1; slot < old->slots; slot++) {
        uint64_t key = atomic_load_explicit(&old->keys[slot], memory_order_relaxed);
        if (key)
            place(cache, key, cfi_rule_unpack(cfi_cache_packed_rule(old, slot)));
    }
    atomic_store_explicit(&cfi_cache_current, cache, memory_order_release);
    return cache;
}

int cfi_cache_init(void)
{
    struct cfi_cache *cache = create(FIRST_LOG2_SLOTS);
    atomic_store_explicit(&cfi_cache_current, cache, memory_order_release);
    return cache ? 0 : -1;
}

void cfi_cache_insert(uintptr_t ra, struct cfi_rule rule)
{
    struct cfi_cache *cache = atomic_load_explicit(&cfi_cache_current, memory_order_relaxed);
    if (!cache)
        return;
    if (cache->used < cache->slots / 2 && place(cache, ra, rule))
        return;
    struct cfi_cache *bigger = grow(cache);
    place(bigger ? bigger : cache, ra, rule);
}

void cfi_cache_forget_all(void)
{
    struct cfi_cache *cache = atomic_load_explicit(&cfi_cache_current, memory_order_relaxed);
    atomic_fetch_add_explicit(&cfi_cache_generation, 1, memory_order_relaxed);
    /* Orders the new generation before every key cleared or refilled from here on. */
    atomic_thread_fence(memory_order_release);
    if (!cache)
        return;
    for (size_t slot = 1; slot < cache->slots; slot++)
        atomic_store_explicit(&cache->keys[slot], 0, memory_order_relaxed);
    cache->used = 0;
}

#endif
