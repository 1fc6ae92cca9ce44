/*
 * core_exact_alloc - 1000 blocks of 4096 bytes from one function, held, then all freed.
 *
 * For tests/core/test_exact_alloc.sh: while the program is paused at "held", the stack whose
 * frame 0 is exact_alloc_pages must hold exactly 4096000 bytes in 1000 blocks; at exit, after
 * exact_free_pages, it must hold nothing.
 */
#include "core_wait.h"

enum { BLOCK_COUNT = 1000, BLOCK_SIZE = 4096 };

static void *blocks[BLOCK_COUNT];

__attribute__((noinline)) static void exact_alloc_pages(void)
{
    for (int i = 0; i < BLOCK_COUNT; i++) {
        blocks[i] = malloc(BLOCK_SIZE); /* the call site test_exact_alloc.sh looks up */
        if (!blocks[i])
            exit(1);
    }
}

__attribute__((noinline)) static void exact_free_pages(void)
{
    for (int i = 0; i < BLOCK_COUNT; i++)
        free(blocks[i]);
}

int main(void)
{
    exact_alloc_pages();
    pause_for_test("held");
    exact_free_pages();
    return 0;
}
