/*
 * perf_sampled - allocation patterns whose exact figures are known, for the sampling test.
 *
 * small_blocks keeps 200000 of its 400000 128-byte blocks (every other one is freed),
 * big_blocks keeps 1000 blocks of 64 KiB. Under HEAPWATCH_SAMPLE the dump's estimates for the
 * two stacks must come close to these figures.
 */
#include <stdio.h>
#include <stdlib.h>

#define SMALL_COUNT 400000
#define BIG_COUNT 1000

__attribute__((noinline)) static void *small_blocks(void) { return malloc(128); }
__attribute__((noinline)) static void *big_blocks(void) { return malloc(65536); }

int main(void)
{
    static void *small[SMALL_COUNT], *big[BIG_COUNT];
    for (int i = 0; i < SMALL_COUNT; i++)
        small[i] = small_blocks();
    for (int i = 0; i < BIG_COUNT; i++)
        big[i] = big_blocks();
    for (int i = 0; i < SMALL_COUNT; i += 2)
        free(small[i]);
    int kept_big = 0;
    for (int i = 0; i < BIG_COUNT; i++)
        kept_big += big[i] != NULL;
    printf("kept %d small and %d big blocks\n", SMALL_COUNT / 2, kept_big);
    return 0;
}
