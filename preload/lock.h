/*
 * lock.h - the small spinlock that guards heapwatch's table shards.
 *
 * Critical sections are a few dozen instructions (a probe, an insert) and never call anything
 * that allocates or blocks, so spinning beats a futex round trip. A waiter yields the CPU after a
 * short spin, so a preempted holder on a 2-core machine costs a timeslice, not a livelock.
 * pthread mutexes are avoided for a second reason: they are what the program's own signal
 * handlers and fork handlers may also be using.
 */
#ifndef HEAPWATCH_LOCK_H
#define HEAPWATCH_LOCK_H

#include <stdatomic.h>
#include <stdint.h>

typedef struct {
    atomic_int held;
} hw_lock;

void hw_lock_wait(hw_lock *l);

static inline void hw_lock_acquire(hw_lock *l)
{
    if (__builtin_expect(!atomic_exchange_explicit(&l->held, 1, memory_order_acquire), 1))
        return;
    hw_lock_wait(l);
}

static inline void hw_lock_release(hw_lock *l)
{
    atomic_store_explicit(&l->held, 0, memory_order_release);
}

/* After fork the child's copy may be held by a thread that no longer exists. */
static inline void hw_lock_reset(hw_lock *l) { atomic_store(&l->held, 0); }

/*
 * Set while a dump is being taken; hw_lock_wait() then records how long allocating threads
 * waited, which the dump reports as dump_pause_max_us.
 */
extern atomic_int hw_dump_in_progress;
uint64_t hw_lock_max_wait_during_dump_ns(void);

#endif
