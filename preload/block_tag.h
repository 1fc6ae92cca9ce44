/*
 * block_tag.h - the record every tracked block carries in its last 16 bytes.
 *
 * Instead of a global table keyed by address, a tracked block is allocated 16 bytes larger and
 * its record (requested size, stack id, allocator family) is written at the end of its usable
 * space, with a check word derived from the block's address and a per-process secret. A free
 * then finds the record where the block is -- in a cache line the allocator is about to touch --
 * with no lock, no hash lookup and no table to grow. A block without a valid tag was never
 * recorded (allocated before heapwatch started, not sampled, or heapwatch's own). The check word
 * is a keyed hash of the block's address, so a tag copied elsewhere by realloc or memcpy never
 * validates, and program data matches it by chance once in 2^32 frees.
 */
#ifndef HEAPWATCH_BLOCK_TAG_H
#define HEAPWATCH_BLOCK_TAG_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "real_alloc.h"

#define BLOCK_TAG_BYTES 16

struct block_record {
    uint64_t size;   /* bytes the program asked for */
    uint32_t stack;  /* stack id */
    int openssl;     /* allocated through OpenSSL's allocator */
};

struct block_tag {
    uint64_t size;
    uint32_t stack_and_family; /* stack id, top bit set for OpenSSL's allocator */
    uint32_t check;            /* check_word(p): the tag belongs to the block at p */
};

#define BLOCK_TAG_OPENSSL (UINT32_C(1) << 31)

extern uint64_t block_tag_secret;

void block_tag_init(void);

static inline uint32_t block_tag_check_word(const void *p)
{
    return (uint32_t)((((uint64_t)(uintptr_t)p ^ block_tag_secret) * UINT64_C(0x9e3779b97f4a7c15)) >> 32);
}

/* Where p's tag is, if p is big enough to carry one. */
static inline char *block_tag_address(void *p)
{
    size_t usable = hw_real.malloc_usable_size(p);
    return usable >= BLOCK_TAG_BYTES ? (char *)p + usable - BLOCK_TAG_BYTES : NULL;
}

/* Reads p's tag into *rec; returns 1 if p carries a valid one. Inline: every free asks. */
static inline int block_tag_read(void *p, struct block_record *rec)
{
    char *where = block_tag_address(p);
    if (!where)
        return 0;
    struct block_tag t;
    memcpy(&t, where, sizeof t);
    if (__builtin_expect(t.check != block_tag_check_word(p), 1))
        return 0;
    rec->size = t.size;
    rec->stack = t.stack_and_family & ~BLOCK_TAG_OPENSSL;
    rec->openssl = (t.stack_and_family & BLOCK_TAG_OPENSSL) != 0;
    return 1;
}

/* Writes the tag of block p (whose real usable size includes the tag). */
void block_tag_write(void *p, const struct block_record *rec);

/* Invalidates p's tag (before p is freed or handed to realloc). */
void block_tag_clear(void *p);

#endif
