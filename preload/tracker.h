/*
 * tracker.h - the tracking core: what happens when a block is born or dies.
 *
 * The interposed entry points (shim.c, openssl_hooks.c) ask the tracker how much room to add to
 * a request, call the real allocator, and then tell the tracker about the block; the tracker
 * captures the stack, interns it, tags the block (block_tag.h) and keeps the per-stack and
 * per-process counters, including which stacks held the bytes at the process's peak.
 *
 * Blocks handed out by a program's own OpenSSL allocator have a layout heapwatch does not know, so
 * they cannot carry a tag; they are listed in a pointer table instead (ptr_table.h).
 */
#ifndef HEAPWATCH_TRACKER_H
#define HEAPWATCH_TRACKER_H

#include <stddef.h>
#include <stdint.h>

#include "block_tag.h"
#include "config.h"
#include "guard.h"
#include "sampler.h"

/* Prepares the tables; returns 0 if tracking can run. Called once, early, single-threaded. */
int tracker_init(void);
extern int hw_tracking; /* set once tracker_init succeeded and heapwatch is enabled */

/*
 * Decides whether an allocation of `size` bytes is recorded: returns the bytes to add to the
 * request (BLOCK_TAG_BYTES), or 0 if it is not recorded (heapwatch's own, or not sampled).
 */
static inline size_t tracker_room(size_t size)
{
    if (!hw_tracking || hw_guard_active() || !sampler_take(size) || size > SIZE_MAX - BLOCK_TAG_BYTES)
        return 0;
    return BLOCK_TAG_BYTES;
}

/* A new block with room for its tag; site is SITE_NONE for plain malloc. */
void tracker_on_alloc(void *p, size_t size, uint32_t site);

/*
 * The shape every allocating entry point shares (shim.c, openssl_hooks.c): ask the real allocator
 * for the block with room for its tag (`with_room` may use `room`), or as asked when the block is
 * not recorded or the larger request fails; then record it. `site` is evaluated only to record.
 */
#define RECORD_ALLOCATION(size, site, with_room, as_asked)                                            \
    do {                                                                                             \
        size_t room = tracker_room(size);                                                            \
        void *p = room ? (with_room) : NULL;                                                         \
        if (!p)                                                                                      \
            return (as_asked);                                                                       \
        tracker_on_alloc(p, size, site);                                                             \
        return p;                                                                                    \
    } while (0)

/* A new block from the program's own OpenSSL allocator: listed, not tagged. */
void tracker_on_foreign_alloc(void *p, size_t size, uint32_t site);

/* The slow halves of tracker_on_free. */
void tracker_forget(void *p, const struct block_record *rec, int from_openssl);
void tracker_on_untagged_free(void *p, int from_openssl, int foreign);
extern int hw_listed_blocks; /* set once a block was listed rather than tagged */

/*
 * p is about to be freed. from_openssl says which family frees it (mismatches are counted);
 * foreign says p may come from the program's own OpenSSL allocator, whose blocks are only
 * looked up in the list (their memory may not be malloc's). Inline, because every free asks:
 * the common answers (a tagged block; an unsampled one) cost a few instructions.
 */
static inline void tracker_on_free(void *p, int from_openssl, int foreign)
{
    struct block_record rec;
    if (!foreign && block_tag_read(p, &rec)) {
        tracker_forget(p, &rec, from_openssl);
        return;
    }
    if (hw_listed_blocks || (hw_config.sample == 0 && !hw_guard_active()))
        tracker_on_untagged_free(p, from_openssl, foreign);
}

/*
 * realloc in three steps: take the old record off the block before the real call, then either
 * settle it (the block moved or was freed) or put it back (the realloc failed, the block lives).
 */
int tracker_detach(void *p, int foreign, struct block_record *rec);
void tracker_settle(const struct block_record *rec);
void tracker_reattach(void *p, int foreign, const struct block_record *rec);
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

struct stack_totals {
    int64_t live_bytes;
    int64_t live_blocks;
    uint64_t alloc_bytes;
    uint64_t alloc_blocks;
    int64_t peak_bytes;    /* exact when one stripe of threads used the stack, else a lower bound */
    int64_t at_peak_bytes; /* live bytes at the moment of the process's peak */
};

struct stack;
/* Sums a stack's stripes, given process figures read just before. Dump thread only. */
void tracker_stack_totals(struct stack *s, const struct process_figures *f, struct stack_totals *out);

#endif
