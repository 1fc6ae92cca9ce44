/*
 * block_tag.h - the record every tracked block carries in the 16 bytes just before it.
 *
 * Instead of a global table keyed by address, a tracked block is allocated `room` bytes larger
 * (16, or the alignment for memalign's family up to 64) and handed out `room` bytes past what the
 * real allocator returned; its record (requested size, stack id, allocator family, room) sits in
 * the 16 bytes before the program's pointer, with a check word derived from that pointer and a
 * per-process secret. A free then finds the record next to glibc's own chunk header -- a cache
 * line free() touches anyway -- with no lock, no lookup and no call.
 *
 * Why an untracked block can never pass for a tracked one: for every block glibc hands out, the
 * 8 bytes before it are the chunk's size field, whose upper half -- where a tag's check word sits
 * -- is below 2^31 (no chunk is 2^63 bytes). Check words always have their top bit set. So the
 * test is exact for glibc's blocks, and its first step (that bit) is all an unsampled block's
 * free costs. That reasoning needs glibc's chunk header in front of every block: with any other
 * allocator underneath (a program linked with jemalloc, say), tags are off and recorded blocks go
 * to the pointer table instead (ptr_table.h). A tag copied elsewhere by realloc never validates
 * (the check word is keyed on the address), and a freed block's tag is invalidated.
 */
#ifndef HEAPWATCH_BLOCK_TAG_H
#define HEAPWATCH_BLOCK_TAG_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define BLOCK_TAG_BYTES 16
/* The largest room a tag takes: memalign's family asks for `alignment` bytes of room, up to this. */
#define BLOCK_TAG_MAX_ROOM 64

struct block_record {
    uint64_t size;  /* bytes the program asked for */
    uint32_t stack; /* stack id */
    uint16_t room;  /* bytes between the real allocator's pointer and the program's; 0 = listed */
    uint8_t openssl; /* allocated through OpenSSL's allocator */
};

struct block_tag {
    uint64_t size_and_room;    /* size, and room / 16 in the top byte */
    uint32_t stack_and_family; /* stack id, top bit set for OpenSSL's allocator */
    uint32_t check;            /* check_word(p): the tag belongs to the block at p */
};

#define BLOCK_TAG_OPENSSL (UINT32_C(1) << 31)
#define BLOCK_TAG_CHECK_BIT (UINT32_C(1) << 31)
#define BLOCK_TAG_ROOM_SHIFT 56

/* Whether blocks can carry tags: the real allocator is glibc's. Set once by block_tag_init(). */
extern int hw_block_tags;
extern uint64_t block_tag_secret;

void block_tag_init(void);

static inline uint32_t block_tag_check_word(const void *p)
{
    uint64_t h = ((uint64_t)(uintptr_t)p ^ block_tag_secret) * UINT64_C(0x9e3779b97f4a7c15);
    return (uint32_t)(h >> 32) | BLOCK_TAG_CHECK_BIT;
}

/* The word where p's check word would be; read only with tags on (else it may not be mapped). */
static inline uint32_t block_tag_check_before(const void *p)
{
    uint32_t check;
    memcpy(&check, (const char *)p - sizeof check, sizeof check);
    return check;
}

/* Whether p certainly carries no tag: tags are on and the word before p lacks the check bit. */
static inline int block_tag_surely_absent(const void *p)
{
    return hw_block_tags && !(block_tag_check_before(p) & BLOCK_TAG_CHECK_BIT);
}

/*
 * Reads the tag before p into *rec; returns 1 if p carries a valid one (never with tags off: then
 * the word before p may not even be mapped). Inline: every free asks.
 */
static inline int block_tag_read(const void *p, struct block_record *rec)
{
    if (!hw_block_tags)
        return 0;
    struct block_tag t;
    t.check = block_tag_check_before(p);
    if (__builtin_expect(!(t.check & BLOCK_TAG_CHECK_BIT), 0) || t.check != block_tag_check_word(p))
        return 0;
    memcpy(&t, (const char *)p - BLOCK_TAG_BYTES, sizeof t);
    rec->size = t.size_and_room & ((UINT64_C(1) << BLOCK_TAG_ROOM_SHIFT) - 1);
    rec->room = (uint16_t)((t.size_and_room >> BLOCK_TAG_ROOM_SHIFT) * 16);
    rec->stack = t.stack_and_family & ~BLOCK_TAG_OPENSSL;
    rec->openssl = (t.stack_and_family & BLOCK_TAG_OPENSSL) != 0;
    return 1;
}

/* Writes rec (whose room is at least 16) into block `real`; returns the program's pointer. */
void *block_tag_write(void *real, const struct block_record *rec);

/* Invalidates p's tag (before p is freed), so that a double free is not counted twice. */
static inline void block_tag_clear(void *p)
{
    uint32_t cleared = 0;
    memcpy((char *)p - sizeof cleared, &cleared, sizeof cleared);
}

#endif
