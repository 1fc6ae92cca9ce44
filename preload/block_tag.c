/*
 * block_tag.c - writing, validating and clearing block tags.
 *
 * The tag sits at usable_size(p) - 16, located through the real allocator's malloc_usable_size,
 * which glibc answers from the chunk header next to p. Fields are copied with memcpy: the tag's
 * address is only 8-byte aligned.
 */
#include "block_tag.h"

#include <stddef.h>
#include <string.h>
#include <sys/auxv.h>


_Static_assert(sizeof(struct block_tag) == BLOCK_TAG_BYTES, "the tag is 16 bytes");

uint64_t block_tag_secret;

void block_tag_init(void)
{
    /* The kernel's 16 random bytes for this process: no syscall, and fresh after every exec. */
    const unsigned char *random = (const unsigned char *)getauxval(AT_RANDOM);
    if (random)
        memcpy(&block_tag_secret, random, sizeof block_tag_secret);
    block_tag_secret |= 1;
}

void block_tag_write(void *p, const struct block_record *rec)
{
    char *where = block_tag_address(p);
    if (!where)
        return;
    struct block_tag t = {
        .size = rec->size,
        .stack_and_family = rec->stack | (rec->openssl ? BLOCK_TAG_OPENSSL : 0),
        .check = block_tag_check_word(p),
    };
    memcpy(where, &t, sizeof t);
}

void block_tag_clear(void *p)
{
    char *where = block_tag_address(p);
    if (!where)
        return;
    /* Inverting the check word guarantees a mismatch (zeroing could, rarely, be a valid word). */
    uint32_t check;
    memcpy(&check, where + offsetof(struct block_tag, check), sizeof check);
    check = ~check;
    memcpy(where + offsetof(struct block_tag, check), &check, sizeof check);
}
