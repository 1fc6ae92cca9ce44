/*
 * ptr_table.h - live blocks that cannot carry a tag: those of a program's own OpenSSL allocator.
 *
 * Sharded by pointer hash, each shard an open-addressing array behind its own spinlock, so two
 * threads freeing unrelated blocks almost never meet. An entry is 16 bytes: the pointer, and
 * the size (39 bits), the family bit and the stack id (24 bits). The table lives in arena memory
 * and grows by doubling a shard at a time; if it cannot grow the insert fails and the caller
 * counts the block as dropped.
 */
#ifndef HEAPWATCH_PTR_TABLE_H
#define HEAPWATCH_PTR_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "block_tag.h"

/* Records p. If p was already recorded (its free was missed), *replaced gets the old record and 1 is returned. */
int ptr_table_insert(uintptr_t p, struct block_record rec, struct block_record *replaced, int *failed);

/* Removes p; returns 1 and fills *rec if it was recorded. */
int ptr_table_remove(uintptr_t p, struct block_record *rec);

/* fork: the prepare handler takes every shard lock, parent and child release them. */
void ptr_table_lock_all(void);
void ptr_table_unlock_all(void);

#endif
