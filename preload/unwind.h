/*
 * unwind.h - capturing the call stack of an allocation.
 *
 * The backend is libunwind's unw_backtrace (DWARF CFI, so code built without frame pointers
 * unwinds correctly) with its per-thread cache. heapwatch's own frames are cut off the top, so
 * frame 0 is the function that called malloc (or CRYPTO_malloc).
 */
#ifndef HEAPWATCH_UNWIND_H
#define HEAPWATCH_UNWIND_H

#include <stdint.h>

int unwind_init(void);

/* Fills frames[0..max) and returns how many; may return 0. */
uint32_t unwind_capture(uintptr_t *frames, uint32_t max);

/* Whether addr is code of libheapwatch.so itself. */
int unwind_is_own_code(uintptr_t addr);

#endif
