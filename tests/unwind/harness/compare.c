/*
 * compare.c - compare_here(): one capture with the fast unwinder, one with libunwind, from the
 * same function, so that every frame but the first (the two call sites) must be identical.
 *
 * The depth limit cycles through the one heapwatch uses and a few small ones, so that truncated
 * stacks are compared too. The first few mismatches are printed with symbol names.
 */
#include "compare.h"

#include <dlfcn.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define UNW_LOCAL_ONLY
#include <libunwind.h>

#include "unwind_cfi.h"

#define FULL_DEPTH 136 /* STACK_MAX_DEPTH plus unwind.c's slack for heapwatch's own frames */
#define SHOWN_MISMATCHES 3

static const uint32_t depth_limits[] = {FULL_DEPTH, 1, 2, 5, 17, FULL_DEPTH, 40};

static atomic_ulong captures, identical, fallbacks, mismatches;
static __thread unsigned turn;

void compare_init(void)
{
    unw_set_caching_policy(unw_local_addr_space, UNW_CACHE_PER_THREAD);
    if (unwind_cfi_init() != 0) {
        fprintf(stderr, "compare: unwind_cfi_init failed\n");
        exit(2);
    }
}

static void print_frames(const char *who, const uintptr_t *frames, int n)
{
    fprintf(stderr, "  %s (%d frames):\n", who, n);
    for (int i = 0; i < n; i++) {
        Dl_info info;
        const char *name = dladdr((void *)frames[i], &info) && info.dli_sname ? info.dli_sname : "?";
        fprintf(stderr, "    #%d %#lx %s\n", i, (unsigned long)frames[i], name);
    }
}

static int same_callers(const uintptr_t *fast, int fast_n, void *const *slow, int slow_n)
{
    if (fast_n != slow_n)
        return 0;
    for (int i = 1; i < fast_n; i++)
        if (fast[i] != (uintptr_t)slow[i])
            return 0;
    return 1;
}

__attribute__((noinline)) void compare_here(void)
{
    uintptr_t fast[FULL_DEPTH];
    void *slow[FULL_DEPTH];
    uint32_t max = depth_limits[turn++ % (sizeof depth_limits / sizeof depth_limits[0])];
    int fast_n = unwind_cfi_capture(fast, max);
    int slow_n = unw_backtrace(slow, (int)max);
    atomic_fetch_add(&captures, 1);
    if (fast_n == UNWIND_CFI_FALLBACK) {
        atomic_fetch_add(&fallbacks, 1);
    } else if (same_callers(fast, fast_n, slow, slow_n)) {
        atomic_fetch_add(&identical, 1);
    } else if (atomic_fetch_add(&mismatches, 1) < SHOWN_MISMATCHES) {
        fprintf(stderr, "compare: mismatch at depth limit %u (frame 0 is compare_here itself)\n", max);
        print_frames("unwind_cfi_capture", fast, fast_n);
        uintptr_t slow_addresses[FULL_DEPTH];
        for (int i = 0; i < slow_n; i++)
            slow_addresses[i] = (uintptr_t)slow[i];
        print_frames("unw_backtrace", slow_addresses, slow_n);
    }
}

unsigned long compare_report(const char *label)
{
    unsigned long total = atomic_exchange(&captures, 0), same = atomic_exchange(&identical, 0);
    unsigned long fell_back = atomic_exchange(&fallbacks, 0), differed = atomic_exchange(&mismatches, 0);
    printf("%s: %lu captures, %lu identical, %lu fallbacks (%.1f%%), %lu mismatches\n", label, total, same,
           fell_back, total ? 100.0 * (double)fell_back / (double)total : 0.0, differed);
    fflush(stdout);
    return differed;
}
