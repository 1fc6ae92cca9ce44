/*
 * unwind_cfi_cache.c - the writer's side of the rule cache: filling, growing, forgetting.
 *
 * The table grows fourfold when a quarter full, into a new mapping published with one atomic store.
 * A quarter, not a half: the walk looks at two entries inline and calls out for the rest, and at
 * 38 % load (the demo TLS server's 1551 rules in 4096 entries) the calls were 6 % of its cost.
 * The old mapping stays (a reader may still be walking it) but is never written again, so what
 * is kept beyond the live table is at most a third of it. Past the largest size, new rules are
 * simply not kept: those addresses keep taking the slow path, which is slower but still right.
 */
#include "unwind_cfi_cache.h"

#include "unwind_cfi.h"

#ifdef UNWIND_CFI_NATIVE

#include "arena.h"

#define FIRST_LOG2_ENTRIES 12 /* 4096 entries, 64 KiB: enough for 1024 return addresses */
/* The hash's middle bits run out above this. */
#define LAST_LOG2_ENTRIES 20
/* A key further than this from its home is not looked for: the table grows instead. */
#define PROBE_LIMIT 16

struct cfi_cache *_Atomic cfi_cache_current;
atomic_uint cfi_cache_generation;

int cfi_cache_find(const struct cfi_cache *cache, uintptr_t ra, struct cfi_rule *rule)
{
    size_t offset = cfi_cache_home(cache, ra);
    for (int probe = 0; probe < PROBE_LIMIT; probe++, offset = cfi_cache_next(cache, offset)) {
        uint64_t key = cfi_cache_key(cache, offset);
        if (key == ra) {
            *rule = cfi_rule_unpack(cfi_cache_packed_rule(cache, offset));
            return 1;
        }
        if (key == 0 && offset != 0)
            return 0;
    }
    return 0;
}

static struct cfi_cache *create(unsigned log2_entries)
{
    size_t count = (size_t)1 << log2_entries;
    struct cfi_cache *cache = arena_map(sizeof *cache + count * sizeof *cache->entries);
    if (!cache)
        return NULL;
    cache->entries = (struct cfi_cache_entry *)(cache + 1);
    cache->entry_count = count;
    cache->offset_mask = (count - 1) * sizeof *cache->entries;
    atomic_store_explicit(&cache->entries[0].rule, cfi_rule_pack((struct cfi_rule){.kind = CFI_OUTERMOST}),
                          memory_order_relaxed);
    return cache;
}

/* Puts ra's rule in the first free entry of its probe sequence; 0 if there is none. */
static int place(struct cfi_cache *cache, uintptr_t ra, struct cfi_rule rule)
{
    size_t offset = cfi_cache_home(cache, ra);
    for (int probe = 0; probe < PROBE_LIMIT; probe++, offset = cfi_cache_next(cache, offset)) {
        struct cfi_cache_entry *entry = (struct cfi_cache_entry *)cfi_cache_entry_at(cache, offset);
        uint64_t key = atomic_load_explicit(&entry->key, memory_order_relaxed);
        if (key == ra)
            return 1;
        if (key == 0 && offset != 0) {
            atomic_store_explicit(&entry->rule, cfi_rule_pack(rule), memory_order_relaxed);
            atomic_store_explicit(&entry->key, ra, memory_order_release);
            cache->used++;
            return 1;
        }
    }
    return 0;
}

static struct cfi_cache *grow(struct cfi_cache *old)
{
    unsigned log2_entries = (unsigned)__builtin_ctzll(old->entry_count) + 2;
    struct cfi_cache *cache = log2_entries <= LAST_LOG2_ENTRIES ? create(log2_entries) : NULL;
    if (!cache)
        return NULL;
    for (size_t i = 1; i < old->entry_count; i++) {
        uint64_t key = atomic_load_explicit(&old->entries[i].key, memory_order_relaxed);
        if (key)
            place(cache, key, cfi_rule_unpack(atomic_load_explicit(&old->entries[i].rule, memory_order_relaxed)));
    }
    atomic_store_explicit(&cfi_cache_current, cache, memory_order_release);
    return cache;
}

int cfi_cache_init(void)
{
    struct cfi_cache *cache = create(FIRST_LOG2_ENTRIES);
    atomic_store_explicit(&cfi_cache_current, cache, memory_order_release);
    return cache ? 0 : -1;
}

void cfi_cache_insert(uintptr_t ra, struct cfi_rule rule)
{
    struct cfi_cache *cache = atomic_load_explicit(&cfi_cache_current, memory_order_relaxed);
    if (!cache)
        return;
    if (cache->used < cache->entry_count / 4 && place(cache, ra, rule))
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
    for (size_t i = 1; i < cache->entry_count; i++)
        atomic_store_explicit(&cache->entries[i].key, 0, memory_order_relaxed);
    cache->used = 0;
}

#endif
