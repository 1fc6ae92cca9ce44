/*
 * lock.c - the contended path of hw_lock, and the dump-pause measurement.
 */
#include "lock.h"

#include <sched.h>
#include <time.h>

atomic_int hw_dump_in_progress;
static atomic_uint_fast64_t max_wait_ns;

static inline void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ volatile("yield");
#endif
}

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void hw_lock_wait(hw_lock *l)
{
    int measuring = atomic_load_explicit(&hw_dump_in_progress, memory_order_relaxed);
    uint64_t start = measuring ? now_ns() : 0;
    for (unsigned spins = 0;; spins++) {
        if (!atomic_load_explicit(&l->held, memory_order_relaxed) &&
            !atomic_exchange_explicit(&l->held, 1, memory_order_acquire))
            break;
        if (spins < 64)
            cpu_relax();
        else
            sched_yield();
    }
    if (measuring) {
        uint64_t waited = now_ns() - start;
        uint64_t seen = atomic_load_explicit(&max_wait_ns, memory_order_relaxed);
        while (waited > seen &&
               !atomic_compare_exchange_weak_explicit(&max_wait_ns, &seen, waited,
                                                      memory_order_relaxed, memory_order_relaxed))
            ;
    }
}

uint64_t hw_lock_max_wait_during_dump_ns(void) { return atomic_load(&max_wait_ns); }
