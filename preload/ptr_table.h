/*
 * ptr_table.h - the live-pointer table: for every live tracked block, its size and stack.
 *
 * Sharded by pointer hash, each shard an open-addressing array behind its own spinlock, so two
 * threads freeing unrelated blocks almost never meet. An entry is 16 bytes: the pointer, and
 * the size (40 bits) packed with the stack id (24 bits). The table lives in arena memory and
 * grows by doubling a shard at a time; if it cannot grow the insert fails and the caller counts
 * the block as dropped.
 */
#ifndef HEAPWATCH_PTR_TABLE_H
#define HEAPWATCH_PTR_TABLE_H

#include <stddef.h>
#include <stdint.h>

#define PTR_TABLE_MAX_SIZE ((UINT64_C(1) << 40) - 1)
#define PTR_TABLE_MAX_STACK ((UINT32_C(1) << 24) - 1)

struct block_record {
    uint64_t size;
    uint32_t stack;
};

/* Records p. If p was already recorded (its free was missed), *replaced gets the old record and 1 is returned. */
int ptr_table_insert(uintptr_t p, struct block_record rec, struct block_record *replaced, int *failed);

/* Removes p; returns 1 and fills *rec if it was recorded. */
int ptr_table_remove(uintptr_t p, struct block_record *rec);

/* Bytes of table memory, and entries, for the per-block metadata figure. */
void ptr_table_usage(size_t *bytes, size_t *entries);

/* fork: the prepare handler takes every shard lock, parent and child release them. */
void ptr_table_lock_all(void);
void ptr_table_unlock_all(void);

#endif
