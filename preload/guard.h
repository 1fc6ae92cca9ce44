/*
 * guard.h - the per-thread reentrancy guard.
 *
 * While a thread is inside heapwatch (recording a block, unwinding, writing a dump), every
 * allocation it makes -- ours, libunwind's, libdw's, glibc's own -- must go straight to the real
 * allocator without being recorded, or we would recurse. The flag lives in initial-exec TLS:
 * the general-dynamic model may call malloc on first access (__tls_get_addr), which is exactly
 * the recursion the guard exists to prevent.
 */
#ifndef HEAPWATCH_GUARD_H
#define HEAPWATCH_GUARD_H

extern __thread int hw_guard_depth __attribute__((tls_model("initial-exec")));

static inline int hw_guard_active(void) { return hw_guard_depth != 0; }
static inline void hw_guard_enter(void) { hw_guard_depth++; }
static inline void hw_guard_leave(void) { hw_guard_depth--; }

#endif
