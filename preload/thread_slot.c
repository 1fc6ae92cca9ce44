/*
 * thread_slot.c - assigning thread slots.
 */
#include "thread_slot.h"

#include <stdatomic.h>

__thread unsigned hw_thread_slot_plus_one __attribute__((tls_model("initial-exec")));

unsigned hw_thread_slot_assign(void)
{
    static atomic_uint next;
    unsigned slot = atomic_fetch_add_explicit(&next, 1, memory_order_relaxed);
    hw_thread_slot_plus_one = slot + 1;
    return slot;
}
