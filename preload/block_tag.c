/*
 * block_tag.c - deciding whether blocks can carry tags, and writing them.
 *
 * Tags rely on glibc's chunk header (block_tag.h), so they are used only when the allocator
 * underneath is glibc's: every real function resolves into libc.so.6, and a block's size field
 * says what glibc's malloc_usable_size says. Fields are copied with memcpy because a program's
 * own bytes around them are none of the compiler's business.
 */
#include "block_tag.h"

#include <string.h>
#include <sys/auxv.h>

#include "fork_gate.h"
#include "real_alloc.h"

_Static_assert(sizeof(struct block_tag) == BLOCK_TAG_BYTES, "the tag is 16 bytes");

int hw_block_tags;
uint64_t block_tag_secret;

/* Whether the size field before a fresh block is where and what block_tag.h assumes. */
static int chunk_header_as_expected(size_t request)
{
    void *p = hw_real.malloc(request);
    if (!p)
        return 0;
    uint64_t size_field;
    memcpy(&size_field, (char *)p - sizeof size_field, sizeof size_field);
    size_t usable = hw_real.malloc_usable_size(p);
    hw_real.free(p);
    /* glibc: usable = chunk size - 8 for a heap chunk, - 16 for an mmapped one (flag bit 2). */
    size_t chunk = size_field & ~(uint64_t)7;
    return usable >= request && usable + ((size_field & 2) ? 16 : 8) == chunk;
}

void block_tag_init(void)
{
    /* The kernel's 16 random bytes for this process: no syscall, and fresh after every exec. */
    const unsigned char *random = (const unsigned char *)getauxval(AT_RANDOM);
    if (random)
        memcpy(&block_tag_secret, random, sizeof block_tag_secret);
    const void *real_functions[] = {(void *)hw_real.malloc,        (void *)hw_real.free,
                                    (void *)hw_real.calloc,        (void *)hw_real.realloc,
                                    (void *)hw_real.memalign,      (void *)hw_real.posix_memalign,
                                    (void *)hw_real.aligned_alloc, (void *)hw_real.malloc_usable_size};
    int glibc = 1;
    fork_gate_enter();
    for (size_t i = 0; i < sizeof real_functions / sizeof real_functions[0]; i++)
        glibc = glibc && real_alloc_in_libc(real_functions[i]);
    fork_gate_leave();
    hw_block_tags = glibc && chunk_header_as_expected(40) && chunk_header_as_expected(1 << 20);
}

void *block_tag_write(void *real, const struct block_record *rec)
{
    char *p = (char *)real + rec->room;
    struct block_tag t = {
        .size_and_room = rec->size | (uint64_t)(rec->room / 16) << BLOCK_TAG_ROOM_SHIFT,
        .stack_and_family = rec->stack | (rec->openssl ? BLOCK_TAG_OPENSSL : 0),
        .check = block_tag_check_word(p),
    };
    memcpy(p - BLOCK_TAG_BYTES, &t, sizeof t);
    return p;
}
