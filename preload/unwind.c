/*
 * unwind.c - libunwind stack capture, minus heapwatch's own frames.
 */
#include "unwind.h"

#include <dlfcn.h>

#define UNW_LOCAL_ONLY
#include <libunwind.h>

#include "fork_gate.h"
#include "procinfo.h"
#include "stack_table.h"

/* Our own frames on top of a capture: capture, the tracker, the interposed entry point, and spare. */
#define OWN_FRAMES_SLACK 8

static uintptr_t own_start, own_end;

int unwind_init(void)
{
    Dl_info info;
    fork_gate_enter();
    if (dladdr((void *)unwind_init, &info))
        procinfo_code_range((uintptr_t)info.dli_fbase, &own_start, &own_end);
    fork_gate_leave();
    unw_set_caching_policy(unw_local_addr_space, UNW_CACHE_PER_THREAD);
    return own_end ? 0 : -1;
}

int unwind_is_own_code(uintptr_t addr) { return addr >= own_start && addr < own_end; }

uint32_t unwind_capture(uintptr_t *frames, uint32_t max)
{
    void *raw[STACK_MAX_DEPTH + OWN_FRAMES_SLACK];
    uint32_t want = max + OWN_FRAMES_SLACK;
    if (want > sizeof raw / sizeof raw[0])
        want = sizeof raw / sizeof raw[0];
    fork_gate_enter();
    int n = unw_backtrace(raw, (int)want);
    fork_gate_leave();
    int first = 0;
    while (first < n && unwind_is_own_code((uintptr_t)raw[first]))
        first++;
    uint32_t depth = 0;
    for (int i = first; i < n && depth < max; i++)
        frames[depth++] = (uintptr_t)raw[i];
    return depth;
}
