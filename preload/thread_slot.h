/*
 * thread_slot.h - a small number per thread, handed out round-robin at first use.
 *
 * Data that every thread updates on every allocation is split into a few cache-line-sized
 * slots, one picked by this number, so that threads on different cores do not keep stealing the
 * same line from each other. With as many slots as cores, concurrent threads rarely share one.
 */
#ifndef HEAPWATCH_THREAD_SLOT_H
#define HEAPWATCH_THREAD_SLOT_H

extern __thread unsigned hw_thread_slot_plus_one __attribute__((tls_model("initial-exec")));
unsigned hw_thread_slot_assign(void);

static inline unsigned hw_thread_slot(void)
{
    unsigned slot = hw_thread_slot_plus_one;
    return __builtin_expect(slot != 0, 1) ? slot - 1 : hw_thread_slot_assign();
}

#endif
