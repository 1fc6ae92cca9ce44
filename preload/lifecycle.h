/*
 * lifecycle.h - bringing heapwatch up in a process, and keeping it consistent across fork and exit.
 *
 * Start-up has two halves. The first allocation (which may come before any constructor runs)
 * resolves the real allocator, reads the configuration and prepares the tables. The library
 * constructor then starts what must not start inside malloc: the dump thread, the signal
 * handler, the fork handlers. The final dump is scheduled from the destructor so that it runs
 * after every other library's exit-time cleanup (OpenSSL's included).
 */
#ifndef HEAPWATCH_LIFECYCLE_H
#define HEAPWATCH_LIFECYCLE_H

#include "guard.h"
#include "real_alloc.h"
#include "tracker.h"

/* Returns 0 once the real allocator is usable; callers fall back to bootstrap memory otherwise. */
int lifecycle_early_init(void);

/* The real allocator is usable (resolving it first if needed). */
static inline int hw_ready(void)
{
    if (__builtin_expect(hw_real.malloc != NULL, 1))
        return 1;
    return lifecycle_early_init() == 0;
}

/* This thread's allocations are to be recorded right now. */
static inline int hw_tracking_here(void) { return hw_tracking && !hw_guard_active(); }

#endif
