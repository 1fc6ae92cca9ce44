/*
 * fork_gate.c - a reader-counted gate that fork waits on.
 */
#include "fork_gate.h"
#include "thread_slot.h"

#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <time.h>

#define SLOTS 16

static struct {
    _Alignas(64) atomic_int inside;
} slots[SLOTS];
static _Alignas(64) atomic_int closed;

static __thread int depth __attribute__((tls_model("initial-exec")));

static atomic_int *my_slot(void) { return &slots[hw_thread_slot() % SLOTS].inside; }

void fork_gate_enter(void)
{
    if (depth++)
        return;
    atomic_int *slot = my_slot();
    for (;;) {
        atomic_fetch_add_explicit(slot, 1, memory_order_seq_cst);
        if (!atomic_load_explicit(&closed, memory_order_seq_cst))
            return;
        /* A fork is waiting for the threads inside: step back out until it is done. */
        atomic_fetch_sub_explicit(slot, 1, memory_order_seq_cst);
        while (atomic_load_explicit(&closed, memory_order_relaxed))
            sched_yield();
    }
}

void fork_gate_leave(void)
{
    if (--depth)
        return;
    atomic_fetch_sub_explicit(my_slot(), 1, memory_order_release);
}

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void fork_gate_close(void)
{
    atomic_store_explicit(&closed, 1, memory_order_seq_cst);
    /* A thread stopped inside (under a debugger) is waited for at most a second: fork never hangs. */
    uint64_t deadline = now_ns() + 1000000000u;
    for (unsigned i = 0; i < SLOTS; i++)
        while (atomic_load_explicit(&slots[i].inside, memory_order_seq_cst) > 0 && now_ns() < deadline)
            sched_yield();
}

void fork_gate_open(void) { atomic_store_explicit(&closed, 0, memory_order_seq_cst); }
