/*
 * stack_table.h - every distinct allocation stack, once, with its counters.
 *
 * A stack is the list of return addresses captured at an allocation plus its OpenSSL site (0 for
 * plain malloc). Identical stacks share one entry and one id, which stays the same for the life of
 * the process (and of its forked children), so dumps can be compared over time. Entries never move
 * or disappear: the allocation path updates their counters with atomics, and the dump thread reads
 * them without taking any lock. Each stack keeps one set of counters per stripe of threads, so
 * threads allocating through the same stack on different cores do not contend for one cache line.
 *
 * The first STACK_STRIPES - 1 threads to count a block each own a stripe: only that thread ever
 * writes it, so it updates the counters with plain loads and stores. Every later thread shares
 * the last stripe and updates it with atomic read-modify-writes. A locked add costs
 * some twenty cycles and drains the store buffer; an allocation and its free update five to eight
 * counters, which was a quarter of heapwatch's cost in a TLS server.
 */
#ifndef HEAPWATCH_STACK_TABLE_H
#define HEAPWATCH_STACK_TABLE_H

#include <stdatomic.h>
#include <stdint.h>

#define STACK_MAX_DEPTH 128
/* What stack_table_intern returns when the table is full or out of memory. */
#define STACK_NONE UINT32_MAX

/* Copies of each stack's counters: one for each of the first three threads, one for the rest. */
#define STACK_STRIPES 4

/* The counters of one stripe: a cache line of its own. */
struct stack_counters {
    _Atomic int64_t live_bytes;
    _Atomic int64_t live_blocks;
    _Atomic int64_t alloc_bytes;
    _Atomic int64_t alloc_blocks;
    _Atomic int64_t peak_bytes; /* this stripe's own highest live bytes */
    /* Live bytes at the process's last peak, valid when epoch equals the peak epoch (see tracker.c). */
    _Atomic int64_t at_peak_bytes;
    _Atomic uint64_t epoch;
} __attribute__((aligned(64)));

struct stack {
    struct stack_counters stripes[STACK_STRIPES];
    uint64_t hash;
    const uintptr_t *frames;
    uint32_t depth;
    uint32_t site;
    int64_t peak_seen; /* highest total the dumps have seen; written by the dump thread only */
    atomic_int ready;
};

/* The id of this stack, creating it if needed; STACK_NONE when it cannot. */
uint32_t stack_table_intern(const uintptr_t *frames, uint32_t depth, uint32_t site, uint64_t epoch);

/* Entries 0 .. stack_table_count()-1 exist; skip those whose ready flag is still clear. */
uint32_t stack_table_count(void);

#define STACK_CHUNK_BITS 10
extern struct stack *_Atomic hw_stack_chunks[];

/* The entry of an id below stack_table_count(). Inline: every free looks its stack up. */
static inline struct stack *stack_table_get(uint32_t id)
{
    struct stack *chunk = atomic_load_explicit(&hw_stack_chunks[id >> STACK_CHUNK_BITS], memory_order_acquire);
    return &chunk[id & ((1u << STACK_CHUNK_BITS) - 1)];
}

void stack_table_lock_all(void);
void stack_table_unlock_all(void);

#endif
