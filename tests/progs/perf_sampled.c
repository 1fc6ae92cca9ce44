/*
 * perf_sampled - allocation patterns whose exact figures are known, for the sampling test.
 *
 * small_blocks keeps 200000 of its 400000 128-byte blocks (every other one is freed),
 * big_blocks keeps 1000 blocks of 64 KiB, grown_blocks reallocates 100000 blocks of 64 bytes
 * (from young_blocks, which keeps none) to 256 and keeps them. Under HEAPWATCH_SAMPLE the
 * dump's estimates for these stacks must come close to these figures.
 */
#include <stdio.h>
#include <stdlib.h>

#define SMALL_COUNT 400000
#define BIG_COUNT 1000
#define GROWN_COUNT 100000

__attribute__((noinline)) static void *small_blocks(void) { return malloc(128); }
__attribute__((noinline)) static void *big_blocks(void) { return malloc(65536); }
__attribute__((noinline)) static void *young_blocks(void) { return malloc(64); }
__attribute__((noinline)) static void *grown_blocks(void *p) { return realloc(p, 256); }

int main(void)
{
    static void *small[SMALL_COUNT], *big[BIG_COUNT], *grown[GROWN_COUNT];
    for (int i = 0; i < SMALL_COUNT; i++)
        small[i] = small_blocks();
    for (int i = 0; i < BIG_COUNT; i++)
        big[i] = big_blocks();
    for (int i = 0; i < GROWN_COUNT; i++)
        grown[i] = young_blocks();
    for (int i = 0; i < GROWN_COUNT; i++)
        grown[i] = grown_blocks(grown[i]);
    for (int i = 0; i < SMALL_COUNT; i += 2)
        free(small[i]);
    int kept_big = 0, kept_grown = 0;
    for (int i = 0; i < BIG_COUNT; i++)
        kept_big += big[i] != NULL;
    for (int i = 0; i < GROWN_COUNT; i++)
        kept_grown += grown[i] != NULL;
    printf("kept %d small, %d big and %d grown blocks\n", SMALL_COUNT / 2, kept_big, kept_grown);
    return 0;
}
