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

#include "real_alloc.h"

#define OPENSSL_BIT (UINT32_C(1) << 31)

struct tag {
    uint64_t size;
    uint32_t stack_and_family;
    uint32_t check;
};

_Static_assert(sizeof(struct tag) == BLOCK_TAG_BYTES, "the tag is 16 bytes");

static uint64_t secret;

void block_tag_init(void)
{
    /* The kernel's 16 random bytes for this process: no syscall, and fresh after every exec. */
    const unsigned char *random = (const unsigned char *)getauxval(AT_RANDOM);
    if (random)
        memcpy(&secret, random, sizeof secret);
    secret |= 1;
}

static uint32_t check_word(const void *p, uint64_t size, uint32_t stack_and_family)
{
    uint64_t h = ((uint64_t)(uintptr_t)p ^ secret) * UINT64_C(0x9e3779b97f4a7c15);
    h ^= size * UINT64_C(0xc2b2ae3d27d4eb4f) ^ stack_and_family;
    h *= UINT64_C(0x165667b19e3779f9);
    return (uint32_t)(h >> 32);
}

static char *tag_address(void *p)
{
    size_t usable = hw_real.malloc_usable_size(p);
    /* Our blocks always have room for the tag; a smaller one was never tagged. */
    return usable >= BLOCK_TAG_BYTES ? (char *)p + usable - BLOCK_TAG_BYTES : NULL;
}

void block_tag_write(void *p, const struct block_record *rec)
{
    char *where = tag_address(p);
    if (!where)
        return;
    struct tag t = {.size = rec->size, .stack_and_family = rec->stack | (rec->openssl ? OPENSSL_BIT : 0)};
    t.check = check_word(p, t.size, t.stack_and_family);
    memcpy(where, &t, sizeof t);
}

int block_tag_read(void *p, struct block_record *rec)
{
    char *where = tag_address(p);
    if (!where)
        return 0;
    struct tag t;
    memcpy(&t, where, sizeof t);
    if (t.check != check_word(p, t.size, t.stack_and_family))
        return 0;
    rec->size = t.size;
    rec->stack = t.stack_and_family & ~OPENSSL_BIT;
    rec->openssl = (t.stack_and_family & OPENSSL_BIT) != 0;
    return 1;
}

void block_tag_clear(void *p)
{
    char *where = tag_address(p);
    if (!where)
        return;
    /* Inverting the check word guarantees a mismatch (zeroing could, rarely, be a valid word). */
    uint32_t check;
    memcpy(&check, where + offsetof(struct tag, check), sizeof check);
    check = ~check;
    memcpy(where + offsetof(struct tag, check), &check, sizeof check);
}
