/*
 * unwind_cfi_cache.h - return address -> unwind rule, shared by every thread, read without locks.
 *
 * An open-addressing table (linear probing) of two parallel arrays in arena memory: keys (the
 * return address) and rules. Readers never lock and never write. One writer at a time (the fast
 * unwinder's resolver) fills empty slots, storing the rule before the key with release order, so
 * a reader that sees a key sees its rule.
 *
 * A filled slot only changes when cfi_cache_forget_all() empties the table (code was unloaded,
 * so an address may now hold other code). It first advances the generation; a capture reads the
 * generation before and after its walk and discards its result if it moved (the seqlock
 * pattern), so a rule torn by a concurrent refill, or learned about unloaded code, is never used.
 *
 * Slot 0 is never filled: return address 0 hashes there, finds a zero key and a zero rule
 * (CFI_OUTERMOST), and so ends a walk without going through the slow path.
 */
#ifndef HEAPWATCH_UNWIND_CFI_CACHE_H
#define HEAPWATCH_UNWIND_CFI_CACHE_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "unwind_cfi_rule.h"

#define CFI_CACHE_HASH_MULTIPLIER 0x9e3779b97f4a7c15u /* 2^64 / golden ratio: spreads nearby addresses */

struct cfi_cache {
    unsigned shift; /* 64 - log2(slots): the hash keeps the product's top bits */
    size_t slots;
    size_t used; /* the writer's count, for growing */
    _Atomic uint64_t *keys;
    _Atomic uint64_t *rules; /* struct cfi_rule, one word each */
};

extern struct cfi_cache *_Atomic cfi_cache_current;
extern atomic_uint cfi_cache_generation;

/* Maps the first table. 0, or -1 (then there is no cache and every capture falls back). */
int cfi_cache_init(void);

/* The table to read, and the generation to check the result against afterwards. */
static inline const struct cfi_cache *cfi_cache_begin(unsigned *generation)
{
    *generation = atomic_load_explicit(&cfi_cache_generation, memory_order_acquire);
    return atomic_load_explicit(&cfi_cache_current, memory_order_acquire);
}

/* Whether nothing read since cfi_cache_begin() can have been torn or outdated. */
static inline int cfi_cache_still_valid(unsigned generation)
{
    atomic_thread_fence(memory_order_acquire);
    return atomic_load_explicit(&cfi_cache_generation, memory_order_relaxed) == generation;
}

/* Where the probe for ra starts. */
static inline size_t cfi_cache_home(const struct cfi_cache *cache, uintptr_t ra)
{
    return (size_t)((ra * CFI_CACHE_HASH_MULTIPLIER) >> cache->shift);
}

static inline uint64_t cfi_cache_key(const struct cfi_cache *cache, size_t slot)
{
    return atomic_load_explicit(&cache->keys[slot], memory_order_acquire);
}

static inline uint64_t cfi_rule_pack(struct cfi_rule rule)
{
    return (uint64_t)rule.kind | (uint64_t)(uint16_t)rule.rbp_offset << 16 | (uint64_t)(uint32_t)rule.cfa_offset << 32;
}

static inline struct cfi_rule cfi_rule_unpack(uint64_t word)
{
    return (struct cfi_rule){
        .kind = (uint8_t)word, .rbp_offset = (int16_t)(word >> 16), .cfa_offset = (int32_t)(word >> 32)};
}

/* The rule of a slot whose key was just seen, packed. */
static inline uint64_t cfi_cache_packed_rule(const struct cfi_cache *cache, size_t slot)
{
    return atomic_load_explicit(&cache->rules[slot], memory_order_relaxed);
}

/* Looks for ra along its whole probe sequence; 1 and *rule if found. */
int cfi_cache_find(const struct cfi_cache *cache, uintptr_t ra, struct cfi_rule *rule);

/* Writer side: one thread at a time. Adds ra's rule (silently not, if no memory is left). */
void cfi_cache_insert(uintptr_t ra, struct cfi_rule rule);

/* Writer side: forgets every rule. Captures running meanwhile will see the generation move. */
void cfi_cache_forget_all(void);

#endif
