/*
 * unwind_cfi.h - fast stack capture for x86_64 Linux: a DWARF-CFI walk with cached rules.
 *
 * unwind_cfi_capture() returns exactly what libunwind's unw_backtrace() returns when called at
 * the same place (the return address into the caller first, then each caller's, up to max), or
 * UNWIND_CFI_FALLBACK when it cannot be sure of that; the caller then runs unw_backtrace(). It
 * never faults on a bad stack: every read is checked against the thread's stack bounds.
 * Elsewhere than x86_64 Linux every capture falls back.
 */
#ifndef HEAPWATCH_UNWIND_CFI_H
#define HEAPWATCH_UNWIND_CFI_H

#include <stdint.h>

#if defined(__x86_64__) && defined(__linux__)
#define UNWIND_CFI_NATIVE 1
#endif

#define UNWIND_CFI_FALLBACK (-1)

/* Maps the rule cache. 0, or -1 (then every capture falls back). */
int unwind_cfi_init(void);

/*
 * Fills frames[0..n) and returns n (0 when max is 0), or UNWIND_CFI_FALLBACK. Call with the
 * heapwatch guard held: a thread's first capture asks pthread_getattr_np for its stack (which
 * may allocate), and a cache miss reads the loader's list of modules.
 */
int unwind_cfi_capture(uintptr_t *frames, uint32_t max);

/*
 * After dlclose returns: other code may now be loaded where the closed library was, so rules
 * learned before must not be trusted until the module list has been read again (which the next
 * capture does, forgetting every rule if an object was really unloaded). Without this call a
 * change is still noticed, but only at the next cache miss.
 */
void unwind_cfi_code_unloaded(void);

/* In a fork child: a thread that was filling the cache in the parent does not exist here. */
void unwind_cfi_after_fork_child(void);

#endif
