/*
 * stress_exhaust - programs that exhaust memory, the program's own or heapwatch's.
 *
 * For tests/stress/test_exhaustion.sh. Modes:
 *   fill    run under a small address-space limit (ulimit -v), where heapwatch's own memory cannot
 *           grow either: allocates 256 KiB blocks until malloc fails, checks that the failure looks
 *           exactly as without heapwatch (NULL and errno ENOMEM; calloc and realloc too), frees
 *           everything, then keeps KEPT blocks from exhaust_kept_alloc. Memory is back, so those
 *           must be recorded exactly. Prints "filled N" (blocks it got) before the expectation.
 *   stacks  one 32-byte block from each of PATHS distinct call stacks (every path of a binary tree
 *           of calls PATH_LEVELS deep), all kept, for runs where heapwatch's stack table cannot
 *           grow (HEAPWATCH_TEST_MMAP_LIMIT): prints "paths PATHS"; each block is either recorded
 *           under exhaust_path_alloc or counted as dropped.
 *   regrow  the same paths, each block filled and then grown by realloc from the same place
 *           (exhaust_path_grow): when no stack can be had for the grown block, its bytes must still
 *           be where the program left them. Prints "regrown PATHS".
 */
#include <errno.h>

#include "stress_report.h"

enum { BLOCK = 256 << 10, MAX_BLOCKS = 1 << 16, KEPT = 64, KEPT_SIZE = 512, PATH_LEVELS = 14 };

static void *blocks[MAX_BLOCKS];
static void *kept[KEPT];

__attribute__((noinline)) static void *exhaust_fill_alloc(void) { return malloc(BLOCK); }
__attribute__((noinline)) static void *exhaust_kept_alloc(void) { return malloc(KEPT_SIZE); }

__attribute__((noinline)) static void *exhaust_path_alloc(void) { return malloc(32); }

/* A block filled with a byte derived from bits, grown, and checked. */
__attribute__((noinline)) static void exhaust_path_grow(unsigned bits)
{
    unsigned char *p = exhaust_path_alloc();
    if (!p)
        die("malloc");
    memset(p, (int)(bits * 37 + 1), 32);
    unsigned char *q = realloc(p, 4096);
    if (!q)
        die("realloc");
    for (int i = 0; i < 32; i++)
        if (q[i] != (unsigned char)(bits * 37 + 1))
            die("realloc lost the block's bytes");
}

static int regrow_mode;

static void path_left(unsigned bits, int level);
static void path_right(unsigned bits, int level);

/* The call stack below exhaust_path_alloc spells bits: one distinct stack per value. */
static void path_step(unsigned bits, int level)
{
    if (level == 0) {
        if (regrow_mode)
            exhaust_path_grow(bits);
        else if (!exhaust_path_alloc())
            die("malloc");
    } else if (bits & 1) {
        path_left(bits >> 1, level - 1);
    } else {
        path_right(bits >> 1, level - 1);
    }
}

__attribute__((noinline)) static void path_left(unsigned bits, int level) { path_step(bits, level); }
__attribute__((noinline)) static void path_right(unsigned bits, int level) { path_step(bits, level); }

/* Every path once; regrow: each block is also grown (see exhaust_path_grow). */
static void all_paths(int regrow)
{
    regrow_mode = regrow;
    for (unsigned bits = 0; bits < 1u << PATH_LEVELS; bits++)
        path_step(bits, PATH_LEVELS);
    say("%s %u\n", regrow ? "regrown" : "paths", 1u << PATH_LEVELS);
}

static void fill(void)
{
    int n = 0;
    errno = 0;
    while (n < MAX_BLOCKS && (blocks[n] = exhaust_fill_alloc()))
        n++;
    if (n == MAX_BLOCKS || errno != ENOMEM)
        die("malloc did not fail with ENOMEM");
    errno = 0;
    if (calloc(1, BLOCK) || errno != ENOMEM)
        die("calloc did not fail with ENOMEM");
    errno = 0;
    if (realloc(blocks[0], 64 * (size_t)BLOCK) || errno != ENOMEM)
        die("realloc did not fail with ENOMEM");
    for (int i = 0; i < n; i++)
        free(blocks[i]);
    for (int i = 0; i < KEPT; i++)
        if (!(kept[i] = exhaust_kept_alloc()))
            die("malloc after the memory came back");
    say("filled %d\n", n);
    expect("exhaust_kept_alloc", (uint64_t)KEPT * KEPT_SIZE, KEPT);
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "";
    if (strcmp(mode, "fill") == 0)
        fill();
    else if (strcmp(mode, "stacks") == 0 || strcmp(mode, "regrow") == 0)
        all_paths(strcmp(mode, "regrow") == 0);
    else
        die("usage: stress_exhaust fill|stacks|regrow");
    return 0;
}
