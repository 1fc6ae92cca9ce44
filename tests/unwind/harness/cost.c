/*
 * cost.c - the stack for measuring one capture: `cost fast|libunwind FRAMES ROUNDS` nests plain
 * frames until a capture returns FRAMES addresses, then captures ROUNDS times from there in
 * measured_captures(), the one function callgrind is told to count (--toggle-collect).
 * Prints the depth reached, so the caller can check it.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define UNW_LOCAL_ONLY
#include <libunwind.h>

#include "unwind_cfi.h"

#define NOIPA __attribute__((noipa))
#define MAX_FRAMES 136

static volatile int sink;
static int use_fast;

static int capture(uintptr_t *frames)
{
    if (use_fast)
        return unwind_cfi_capture(frames, MAX_FRAMES);
    return unw_backtrace((void **)frames, MAX_FRAMES);
}

NOIPA static int measured_captures(int rounds)
{
    uintptr_t frames[MAX_FRAMES];
    int depth = 0;
    for (int i = 0; i < rounds; i++)
        depth = capture(frames);
    return depth;
}

/* The same captures, not counted: they fill the caches before measuring. */
NOIPA static int warm_up(void)
{
    uintptr_t frames[MAX_FRAMES];
    return capture(frames);
}

NOIPA static int nest(int levels, int rounds)
{
    if (levels > 0)
        return nest(levels - 1, rounds) + sink;
    warm_up();
    return measured_captures(rounds);
}

int main(int argc, char **argv)
{
    if (argc != 4 || (strcmp(argv[1], "fast") && strcmp(argv[1], "libunwind"))) {
        fprintf(stderr, "usage: cost fast|libunwind FRAMES ROUNDS\n");
        return 2;
    }
    use_fast = !strcmp(argv[1], "fast");
    int want = atoi(argv[2]), rounds = atoi(argv[3]);
    unw_set_caching_policy(unw_local_addr_space, UNW_CACHE_PER_THREAD);
    if (unwind_cfi_init() != 0)
        return 2;
    int levels = want - nest(0, 1); /* each level adds one frame */
    if (levels < 0)
        return 2;
    printf("%d\n", nest(levels, rounds));
    return 0;
}
