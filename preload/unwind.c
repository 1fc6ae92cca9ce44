/*
 * unwind.c - stack capture, minus heapwatch's own frames: the fast CFI walk (unwind_cfi.c), or
 * libunwind when that one cannot be sure of a stack.
 */
#include "unwind.h"

#include <dlfcn.h>

#define UNW_LOCAL_ONLY
#include <libunwind.h>

#include "fork_gate.h"
#include "procinfo.h"
#include "unwind_cfi.h"


static uintptr_t own_start, own_end;

int unwind_init(void)
{
    Dl_info info;
    fork_gate_enter();
    if (dladdr((void *)unwind_init, &info))
        procinfo_code_range((uintptr_t)info.dli_fbase, &own_start, &own_end);
    fork_gate_leave();
    unw_set_caching_policy(unw_local_addr_space, UNW_CACHE_PER_THREAD);
    unwind_cfi_init(); /* if it fails, every capture falls back to libunwind */
    return own_end ? 0 : -1;
}

int unwind_is_own_code(uintptr_t addr) { return addr >= own_start && addr < own_end; }

uint32_t unwind_capture(uintptr_t *buffer, uint32_t max, const uintptr_t **first)
{
    /* Called from here directly, so that frame 0 is heapwatch's own and is cut off below. */
    int n = unwind_cfi_capture(buffer, max + UNWIND_OWN_FRAMES_SLACK);
    if (n == UNWIND_CFI_FALLBACK) {
        fork_gate_enter();
        n = unw_backtrace((void **)buffer, (int)(max + UNWIND_OWN_FRAMES_SLACK));
        fork_gate_leave();
    }
    int own = 0;
    while (own < n && unwind_is_own_code(buffer[own]))
        own++;
    *first = buffer + own;
    return (uint32_t)(n - own) < max ? (uint32_t)(n - own) : max;
}
