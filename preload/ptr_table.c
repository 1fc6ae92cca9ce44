/*
 * ptr_table.c - sharded open-addressing hash of live blocks.
 *
 * Linear probing with backward-shift deletion keeps probe sequences short without tombstones,
 * so a table that sees billions of alloc/free pairs never degrades. The shard is chosen from the
 * high bits of the hash and the slot from the low bits, so the two are independent.
 */
#include "ptr_table.h"

#include <stdatomic.h>

#include "arena.h"
#include "lock.h"

#define SHARD_BITS 6
#define SHARDS (1u << SHARD_BITS)
#define INITIAL_SLOTS 1024u

#define MAX_SIZE ((UINT64_C(1) << 39) - 1)
#define OPENSSL_BIT (UINT64_C(1) << 24)
#define STACK_MASK ((UINT64_C(1) << 24) - 1)

struct slot {
    uintptr_t ptr; /* 0 = empty */
    uint64_t meta; /* size << 25 | openssl << 24 | stack */
};

struct shard {
    hw_lock lock;
    uint32_t mask; /* slots - 1, or 0 before the first insert */
    uint32_t used;
    struct slot *slots;
} __attribute__((aligned(64)));

static struct shard shards[SHARDS];

static inline uint64_t hash_ptr(uintptr_t p)
{
    /* Blocks are 16-byte aligned; the multiply spreads the remaining bits over the word. */
    return (uint64_t)(p >> 4) * UINT64_C(0x9e3779b97f4a7c15);
}

static inline struct shard *shard_of(uint64_t h) { return &shards[h >> (64 - SHARD_BITS)]; }

static inline uint64_t pack(struct block_record r)
{
    uint64_t size = r.size > MAX_SIZE ? MAX_SIZE : r.size;
    return size << 25 | (r.openssl ? OPENSSL_BIT : 0) | (r.stack & STACK_MASK);
}

static inline struct block_record unpack(uint64_t meta)
{
    return (struct block_record){
        .size = meta >> 25, .stack = (uint32_t)(meta & STACK_MASK), .openssl = (meta & OPENSSL_BIT) != 0};
}

static void place(struct slot *slots, uint32_t mask, uintptr_t ptr, uint64_t meta)
{
    uint32_t i = (uint32_t)hash_ptr(ptr) & mask;
    while (slots[i].ptr)
        i = (i + 1) & mask;
    slots[i].ptr = ptr;
    slots[i].meta = meta;
}

static int grow(struct shard *s)
{
    uint32_t new_slots = s->mask ? (s->mask + 1) * 2 : INITIAL_SLOTS;
    struct slot *fresh = arena_map(new_slots * sizeof(struct slot));
    if (!fresh)
        return -1;
    if (s->slots) {
        for (uint32_t i = 0; i <= s->mask; i++)
            if (s->slots[i].ptr)
                place(fresh, new_slots - 1, s->slots[i].ptr, s->slots[i].meta);
        arena_unmap(s->slots, (s->mask + 1) * sizeof(struct slot));
    }
    s->slots = fresh;
    s->mask = new_slots - 1;
    return 0;
}

int ptr_table_insert(uintptr_t p, struct block_record rec, struct block_record *replaced, int *failed)
{
    uint64_t h = hash_ptr(p);
    struct shard *s = shard_of(h);
    int was_there = 0;
    *failed = 0;
    hw_lock_acquire(&s->lock);
    /* Keep the load factor under 3/4: probes stay short, and 16-byte entries cost <= ~32 bytes per block on average. */
    if ((s->used + 1) * 4 > (s->mask + 1) * 3 || !s->slots) {
        if (grow(s) != 0) {
            hw_lock_release(&s->lock);
            *failed = 1;
            return 0;
        }
    }
    uint32_t i = (uint32_t)h & s->mask;
    while (s->slots[i].ptr && s->slots[i].ptr != p)
        i = (i + 1) & s->mask;
    if (s->slots[i].ptr == p) {
        *replaced = unpack(s->slots[i].meta);
        was_there = 1;
    } else {
        s->slots[i].ptr = p;
        s->used++;
    }
    s->slots[i].meta = pack(rec);
    hw_lock_release(&s->lock);
    return was_there;
}

int ptr_table_remove(uintptr_t p, struct block_record *rec)
{
    uint64_t h = hash_ptr(p);
    struct shard *s = shard_of(h);
    hw_lock_acquire(&s->lock);
    if (!s->slots) {
        hw_lock_release(&s->lock);
        return 0;
    }
    uint32_t mask = s->mask;
    uint32_t i = (uint32_t)h & mask;
    while (s->slots[i].ptr && s->slots[i].ptr != p)
        i = (i + 1) & mask;
    if (!s->slots[i].ptr) {
        hw_lock_release(&s->lock);
        return 0;
    }
    *rec = unpack(s->slots[i].meta);
    /* Backward-shift: pull later entries of the probe run into the hole. */
    uint32_t hole = i;
    for (uint32_t j = (i + 1) & mask; s->slots[j].ptr; j = (j + 1) & mask) {
        uint32_t home = (uint32_t)hash_ptr(s->slots[j].ptr) & mask;
        if (((j - home) & mask) >= ((j - hole) & mask)) {
            s->slots[hole] = s->slots[j];
            hole = j;
        }
    }
    s->slots[hole].ptr = 0;
    s->used--;
    hw_lock_release(&s->lock);
    return 1;
}

void ptr_table_lock_all(void)
{
    for (unsigned i = 0; i < SHARDS; i++)
        hw_lock_acquire(&shards[i].lock);
}

void ptr_table_unlock_all(void)
{
    for (unsigned i = 0; i < SHARDS; i++)
        hw_lock_release(&shards[i].lock);
}
