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

/* Room a capture needs beyond its depth: heapwatch's own frames on top, walked and then cut off. */
#define UNWIND_OWN_FRAMES_SLACK 8

/*
 * Captures up to max frames into buffer (which holds max + UNWIND_OWN_FRAMES_SLACK) and returns
 * how many; they start at *first (heapwatch's own frames before it are left in the buffer rather
 * than copied over). May return 0.
 */
uint32_t unwind_capture(uintptr_t *buffer, uint32_t max, const uintptr_t **first);

/* Whether addr is code of libheapwatch.so itself. */
int unwind_is_own_code(uintptr_t addr);

#endif
