/* trend_mix.c: three allocation patterns with known figures, for `heapwatch trend`:
 *   leak_steadily   leaks LEAK_RATE bytes per second (1000-byte blocks, paced by the clock), never freed;
 *   load_table      one 4 MiB block held from start to end (big but flat);
 *   burst           8 MiB in 64 KiB blocks held from 1.0 s to 1.6 s, then freed (a transient peak).
 * Usage: trend_mix [SECONDS] (default 3). Prints nothing. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define LEAK_RATE 200000.0
#define LEAK_BLOCK 1000
#define TABLE_BYTES (4u << 20)
#define BURST_BLOCK (64u << 10)
#define BURST_BLOCKS 128
#define BURST_START 1.0
#define BURST_END 1.6

static double seconds_since(const struct timespec *start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

/* Allocates until LEAK_RATE * elapsed bytes are leaked in total. */
static void leak_steadily(double elapsed, size_t *leaked)
{
    while ((double)*leaked + LEAK_BLOCK <= LEAK_RATE * elapsed) {
        char *block = malloc(LEAK_BLOCK);
        if (block)
            memset(block, 1, LEAK_BLOCK);
        *leaked += LEAK_BLOCK;
    }
}

static char *load_table(void)
{
    char *table = malloc(TABLE_BYTES);
    if (table)
        memset(table, 2, TABLE_BYTES);
    return table;
}

static void burst(char **blocks)
{
    for (int i = 0; i < BURST_BLOCKS; i++) {
        blocks[i] = malloc(BURST_BLOCK);
        if (blocks[i])
            memset(blocks[i], 3, BURST_BLOCK);
    }
}

static void end_burst(char **blocks)
{
    for (int i = 0; i < BURST_BLOCKS; i++)
        free(blocks[i]);
}

int main(int argc, char **argv)
{
    double duration = argc > 1 ? atof(argv[1]) : 3.0;
    struct timespec start, pause = { 0, 5 * 1000 * 1000 };
    clock_gettime(CLOCK_MONOTONIC, &start);
    char *table = load_table();
    char *burst_blocks[BURST_BLOCKS];
    int burst_state = 0;   /* 0 before, 1 during, 2 after */
    size_t leaked = 0;
    double elapsed;
    while ((elapsed = seconds_since(&start)) < duration) {
        leak_steadily(elapsed, &leaked);
        if (burst_state == 0 && elapsed >= BURST_START) {
            burst(burst_blocks);
            burst_state = 1;
        } else if (burst_state == 1 && elapsed >= BURST_END) {
            end_burst(burst_blocks);
            burst_state = 2;
        }
        nanosleep(&pause, NULL);
    }
    /* The table stays live to the end, like the leak. */
    return table ? 0 : 1;
}
