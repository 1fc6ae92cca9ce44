/*
 * tracker.h - the tracking core: what happens when a block is born or dies.
 *
 * The interposed entry points (shim.c, openssl_hooks.c) call the real allocator and then tell the
 * tracker; the tracker captures the stack, interns it, records the pointer and keeps the
 * per-stack and per-process counters, including which stacks held the bytes at the process's peak.
 * Frees are reported *before* the real free, so that another thread cannot be handed the same
 * address and record it first.
 */
#ifndef HEAPWATCH_TRACKER_H
#define HEAPWATCH_TRACKER_H

#include <stddef.h>
#include <stdint.h>

#include "ptr_table.h"

/* Prepares the tables; returns 0 if tracking can run. Called once, early, single-threaded. */
int tracker_init(void);
extern int hw_tracking; /* set once tracker_init succeeded and heapwatch is enabled */

/* A new block of `size` requested bytes; site is SITE_NONE for plain malloc. */
void tracker_on_alloc(void *p, size_t size, uint32_t site);

/* p is about to be freed; from_openssl says which family freed it (mismatches are counted). */
void tracker_on_free(void *p, int from_openssl);

/*
 * realloc in three steps: detach the old record before the real call (so its address cannot be
 * reused under it), then either settle it (the block moved or was freed) or reattach it (the
 * realloc failed and the old block is still live).
 */
int tracker_detach(void *p, struct block_record *rec);
void tracker_settle(const struct block_record *rec);
void tracker_reattach(void *p, const struct block_record *rec);
void tracker_count_untracked_free(void);

struct process_figures {
    int64_t peak_bytes;
    uint64_t peak_time_ns; /* CLOCK_REALTIME, 0 = no peak yet */
    uint64_t epoch;        /* see stack_at_peak() */
    int peak_is_now;       /* the heap has not fallen since its peak */
    uint64_t untracked_frees;
    uint64_t mismatched_frees;
    uint64_t dropped_allocs;
    uint64_t openssl_allocs;
};

void tracker_figures(struct process_figures *out);

struct stack;
/* The stack's live bytes at the moment of the process's peak, given figures read just before. */
int64_t stack_at_peak(struct stack *s, const struct process_figures *f);

#endif
