/*
 * unwind_cfi_cache.h - return address -> unwind rule, shared by every thread, read without locks.
 *
 * An open-addressing table (linear probing) of 16-byte entries, key (the return address) and
 * rule side by side, in arena memory. Readers never lock and never write. One writer at a time
 * (the fast unwinder's resolver) fills empty entries, storing the rule before the key with
 * release order, so a reader that sees a key sees its rule.
 *
 * A filled entry only changes when cfi_cache_forget_all() empties the table (code was unloaded,
 * so an address may now hold other code). It first advances the generation; a capture reads the
 * generation before and after its walk and discards its result if it moved (the seqlock
 * pattern), so a rule torn from its key by a concurrent refill, or learned about unloaded code,
 * is never used. A rule is one word, so it is never torn in itself.
 *
 * Entry 0 is never filled: return address 0 hashes there and finds a zero key with the rule
 * CFI_OUTERMOST, stored there when the table is made, so it ends a walk without a miss.
 */
#ifndef HEAPWATCH_UNWIND_CFI_CACHE_H
#define HEAPWATCH_UNWIND_CFI_CACHE_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "unwind_cfi_rule.h"

/*
 * The hash takes middle bits of the address times an odd 31-bit constant (2^32 / golden ratio
 * squared): code addresses a few bytes apart land far apart, and the constant fits an
 * instruction's immediate, so the walk needs no register for it.
 */
#define CFI_CACHE_HASH_MULTIPLIER 0x61c88647u
#define CFI_CACHE_HASH_SHIFT 12

struct cfi_cache_entry {
    _Atomic uint64_t key;  /* a return address; 0: empty */
    _Atomic uint64_t rule; /* packed, see cfi_rule_pack() */
};

struct cfi_cache {
    struct cfi_cache_entry *entries;
    size_t offset_mask; /* (entries - 1) * sizeof(struct cfi_cache_entry): entries are found by byte offset */
    size_t entry_count;
    size_t used; /* the writer's count, for growing */
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

/* The byte offset of the entry where the probe for ra starts. */
static inline size_t cfi_cache_home(const struct cfi_cache *cache, uintptr_t ra)
{
    const unsigned entry_bits = 4; /* log2(sizeof(struct cfi_cache_entry)) */
    return (size_t)((ra * CFI_CACHE_HASH_MULTIPLIER) >> (CFI_CACHE_HASH_SHIFT - entry_bits)) & cache->offset_mask;
}

static inline const struct cfi_cache_entry *cfi_cache_entry_at(const struct cfi_cache *cache, size_t offset)
{
    return (const struct cfi_cache_entry *)((const char *)cache->entries + offset);
}

static inline uint64_t cfi_cache_key(const struct cfi_cache *cache, size_t offset)
{
    return atomic_load_explicit(&cfi_cache_entry_at(cache, offset)->key, memory_order_acquire);
}

/* The next entry of a probe sequence. */
static inline size_t cfi_cache_next(const struct cfi_cache *cache, size_t offset)
{
    return (offset + sizeof(struct cfi_cache_entry)) & cache->offset_mask;
}

/* The rule of an entry whose key was just seen, packed. */
static inline uint64_t cfi_cache_packed_rule(const struct cfi_cache *cache, size_t offset)
{
    return atomic_load_explicit(&cfi_cache_entry_at(cache, offset)->rule, memory_order_relaxed);
}

/*
 * A rule as one word, laid out for the walk: the CFA offset in the low half, RBP's offset above
 * it, and a top byte that is 0 for the most common frame of optimised code -- RSP-based, RBP kept
 * -- and 0x80 | kind for every other. That frame is then a non-negative word (one test) whose CFA
 * offset is its low half (one sign extension).
 */
#define CFI_PACKED_UNUSUAL 0x80u

static inline uint64_t cfi_rule_pack(struct cfi_rule rule)
{
    int plain = rule.kind == CFI_RSP_BASED && rule.rbp_offset == 0;
    uint64_t top_byte = plain ? 0 : CFI_PACKED_UNUSUAL | rule.kind;
    return (uint64_t)(uint32_t)rule.cfa_offset | (uint64_t)(uint16_t)rule.rbp_offset << 32 | top_byte << 56;
}

/* RSP-based, RBP kept. */
static inline int cfi_packed_is_plain(uint64_t packed) { return (int64_t)packed >= 0; }

/* RSP-based, RBP saved in the frame. */
static inline int cfi_packed_is_rsp_based_saving_rbp(uint64_t packed)
{
    return packed >> 56 == (CFI_PACKED_UNUSUAL | CFI_RSP_BASED);
}

static inline enum cfi_frame_kind cfi_packed_kind(uint64_t packed)
{
    return cfi_packed_is_plain(packed) ? CFI_RSP_BASED : (enum cfi_frame_kind)((packed >> 56) & ~CFI_PACKED_UNUSUAL);
}

static inline int16_t cfi_packed_rbp_offset(uint64_t packed) { return (int16_t)(packed >> 32); }
static inline int32_t cfi_packed_cfa_offset(uint64_t packed) { return (int32_t)packed; }

static inline struct cfi_rule cfi_rule_unpack(uint64_t packed)
{
    return (struct cfi_rule){.kind = (uint8_t)cfi_packed_kind(packed),
                             .rbp_offset = cfi_packed_rbp_offset(packed),
                             .cfa_offset = cfi_packed_cfa_offset(packed)};
}

/* Looks for ra along its whole probe sequence; 1 and *rule if found. */
int cfi_cache_find(const struct cfi_cache *cache, uintptr_t ra, struct cfi_rule *rule);

/* Writer side: one thread at a time. Adds ra's rule (silently not, if no memory is left). */
void cfi_cache_insert(uintptr_t ra, struct cfi_rule rule);

/* Writer side: forgets every rule. Captures running meanwhile will see the generation move. */
void cfi_cache_forget_all(void);

#endif
