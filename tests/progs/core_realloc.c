/*
 * core_realloc - a realloc chain, realloc(p, 0), and a realloc that fails.
 *
 * For tests/core/test_realloc.sh. Each realloc is called from its own helper, so each step's
 * block must be charged to that helper (realloc's caller) and leave the previous step's stack
 * with nothing live. The program pauses after each step so the test can take a dump there:
 *   from_null  realloc(NULL, 100)           realloc_from_null holds 100
 *   grown      realloc(p, 5000)             realloc_grow holds 5000, realloc_from_null 0
 *   huge       realloc(p, 300000) (mmap)    realloc_grow_huge holds 300000
 *   shrunk     realloc(p, 10)               realloc_shrink holds 10
 * Then realloc(q, 0) must free q and return NULL, and a realloc of a huge size must fail with
 * ENOMEM, keeping the old 777-byte block intact and still charged to realloc_keep_block.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "core_wait.h"

enum { KEPT_SIZE = 777 };

/* volatile: a constant huge size would be rejected at compile time. */
static volatile size_t huge_size = SIZE_MAX - 4096;

__attribute__((noinline)) static void *realloc_from_null(size_t size)
{
    return realloc(NULL, size);
}

__attribute__((noinline)) static void *realloc_grow(void *p, size_t size)
{
    return realloc(p, size);
}

__attribute__((noinline)) static void *realloc_grow_huge(void *p, size_t size)
{
    return realloc(p, size);
}

__attribute__((noinline)) static void *realloc_shrink(void *p, size_t size)
{
    return realloc(p, size);
}

__attribute__((noinline)) static void *realloc_victim(size_t size)
{
    return malloc(size);
}

__attribute__((noinline)) static void *realloc_to_zero(void *p)
{
    return realloc(p, 0);
}

__attribute__((noinline)) static void *realloc_keep_block(size_t size)
{
    return malloc(size);
}

__attribute__((noinline)) static void *realloc_too_big(void *p)
{
    return realloc(p, huge_size);
}

static void die(const char *why)
{
    fprintf(stderr, "core_realloc: %s\n", why);
    exit(1);
}

/* Each step must keep the bytes that survive it: fill, realloc, then check the prefix. */
static void *checked_step(void *(*step)(void *, size_t), void *p, size_t old_size, size_t new_size)
{
    memset(p, 0x3c, old_size);
    unsigned char *q = step(p, new_size);
    if (!q)
        die("realloc failed");
    for (size_t i = 0; i < (old_size < new_size ? old_size : new_size); i++)
        if (q[i] != 0x3c)
            die("realloc lost the block's contents");
    return q;
}

int main(void)
{
    unsigned char *kept = realloc_keep_block(KEPT_SIZE);
    void *p = realloc_from_null(100);
    if (!kept || !p)
        die("allocation failed");
    memset(kept, 0xa5, KEPT_SIZE);
    pause_for_test("from_null");
    p = checked_step(realloc_grow, p, 100, 5000);
    pause_for_test("grown");
    p = checked_step(realloc_grow_huge, p, 5000, 300000);
    pause_for_test("huge");
    p = checked_step(realloc_shrink, p, 300000, 10);
    pause_for_test("shrunk");

    void *victim = realloc_victim(64);
    if (!victim || realloc_to_zero(victim) != NULL)
        die("realloc(p, 0) did not return NULL");

    errno = 0;
    if (realloc_too_big(kept) != NULL || errno != ENOMEM)
        die("realloc(p, huge) did not fail with ENOMEM");
    for (int i = 0; i < KEPT_SIZE; i++)
        if (kept[i] != 0xa5)
            die("a failed realloc damaged the old block");
    return 0;
}
