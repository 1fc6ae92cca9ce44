/*
 * block_tag.h - the record every tracked block carries in its last 16 bytes.
 *
 * Instead of a global table keyed by address, a tracked block is allocated 16 bytes larger and
 * its record (requested size, stack id, allocator family) is written at the end of its usable
 * space, with a check word derived from the block's address and a per-process secret. A free
 * then finds the record where the block is -- in a cache line the allocator is about to touch --
 * with no lock, no hash lookup and no table to grow. A block without a valid tag was never
 * recorded (allocated before heapwatch started, not sampled, or heapwatch's own). The check word
 * covers the address, so a tag copied elsewhere by realloc or memcpy never validates.
 */
#ifndef HEAPWATCH_BLOCK_TAG_H
#define HEAPWATCH_BLOCK_TAG_H

#include <stddef.h>
#include <stdint.h>

#define BLOCK_TAG_BYTES 16

struct block_record {
    uint64_t size;   /* bytes the program asked for */
    uint32_t stack;  /* stack id */
    int openssl;     /* allocated through OpenSSL's allocator */
};

void block_tag_init(void);

/* Writes the tag of block p (whose real usable size includes the tag). */
void block_tag_write(void *p, const struct block_record *rec);

/* Reads p's tag into *rec; returns 1 if p carries a valid one. */
int block_tag_read(void *p, struct block_record *rec);

/* Invalidates p's tag (before p is freed or handed to realloc). */
void block_tag_clear(void *p);

#endif
