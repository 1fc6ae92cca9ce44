/*
 * tracker.h - the tracking core: what happens when a block is born or dies.
 *
 * The interposed entry points (shim.c, openssl_hooks.c) ask the tracker how much room to add in
 * front of a request, call the real allocator, and then tell the tracker about the block; the
 * tracker captures the stack, interns it, tags the block (block_tag.h) and keeps the per-stack and
 * per-process counters, including which stacks held the bytes at the process's peak.
 *
 * Blocks that cannot carry a tag are listed in a pointer table instead (ptr_table.h): those handed
 * out by a program's own OpenSSL allocator (a layout heapwatch does not know), those aligned to
 * more than BLOCK_TAG_MAX_ROOM (a tag would cost a whole alignment), and every block when the
 * real allocator is not glibc's.
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

/* What tracker_room says of an allocation heapwatch does not record. */
#define TRACKER_SKIP ((size_t)-1)

/*
 * Decides whether an allocation of `size` bytes is recorded: returns the bytes to add to the
 * request in front of the block for its tag (BLOCK_TAG_BYTES, or the alignment for memalign's
 * family), 0 if it is recorded without a tag (listed), or TRACKER_SKIP if it is not recorded
 * (heapwatch's own, or not sampled).
 */
static inline size_t tracker_room_aligned(size_t size, size_t align)
{
    if (!hw_tracking)
        return TRACKER_SKIP;
    /*
     * heapwatch's own bytes are counted off the sample gap too, as malloc's fast path counts them
     * (sampler_passes_over): sample points falling on them are dropped, and the program's bytes
     * are still sampled as a Poisson process of the same rate.
     */
    int sampled = sampler_take(size);
    if (hw_guard_active() || !sampled)
        return TRACKER_SKIP;
    if (!hw_block_tags || align > BLOCK_TAG_MAX_ROOM)
        return 0;
    size_t room = BLOCK_TAG_BYTES;
    while (room < align) /* memalign's family rounds an alignment up to a power of two */
        room *= 2;
    return size > SIZE_MAX - room ? TRACKER_SKIP : room;
}

static inline size_t tracker_room(size_t size) { return tracker_room_aligned(size, 0); }

/*
 * Records the block `real` the real allocator returned for a request of size + room bytes (room
 * from tracker_room; site is SITE_NONE for plain malloc) and returns the program's pointer: past
 * the room, or `real` itself when no stack could be had and the block goes unrecorded.
 */
void *tracker_on_alloc(void *real, size_t room, size_t size, uint32_t site);

/*
 * The shape every allocating entry point shares (shim.c, openssl_hooks.c): ask the real allocator
 * for the block with its room (`with_room` uses `room`), or as asked when the block is not
 * recorded or the larger request fails; then record it. `site` is evaluated only to record.
 */
#define RECORD_ALLOCATION(size, room_for_size, site, with_room, as_asked)                             \
    do {                                                                                             \
        size_t room = (room_for_size);                                                               \
        void *real = room != TRACKER_SKIP ? (with_room) : NULL;                                      \
        if (!real)                                                                                   \
            return room ? (as_asked) : NULL;                                                         \
        return tracker_on_alloc(real, room, size, site);                                             \
    } while (0)

/* A new block from the program's own OpenSSL allocator: listed, not tagged. */
void tracker_on_foreign_alloc(void *p, size_t size, uint32_t site);

/* The slow halves of tracker_on_free. */
void tracker_forget(void *p, const struct block_record *rec, int from_openssl);
void tracker_on_untagged_free(void *p, int from_openssl, int foreign);
extern int hw_listed_blocks; /* set once a block was listed rather than tagged */

/* Listed blocks of the real allocator are aligned to more than BLOCK_TAG_MAX_ROOM (or tags are off). */
static inline int tracker_may_be_listed(const void *p, int foreign)
{
    return foreign || (hw_listed_blocks && (!hw_block_tags || ((uintptr_t)p & (2 * BLOCK_TAG_MAX_ROOM - 1)) == 0));
}

/*
 * p is about to be freed; returns the pointer to hand to the real free (the real allocator's,
 * in front of the tag). from_openssl says which family frees it (mismatches are counted);
 * foreign says p may come from the program's own OpenSSL allocator, whose blocks are only
 * looked up in the list (their memory may not be malloc's). Inline, because every free asks:
 * the common answers (a tagged block; an unsampled one) cost a few instructions.
 */
static inline void *tracker_on_free(void *p, int from_openssl, int foreign)
{
    struct block_record rec;
    if (!foreign && block_tag_read(p, &rec)) {
        tracker_forget(p, &rec, from_openssl);
        return (char *)p - rec.room;
    }
    if (tracker_may_be_listed(p, foreign) || (hw_config.sample == 0 && !hw_guard_active()))
        tracker_on_untagged_free(p, from_openssl, foreign);
    return p;
}

/*
 * The fast path of free and realloc under sampling: whether p is certainly a block of the real
 * allocator that heapwatch did not record, so that the real call is all there is to do. The
 * thread is sampling (its countdown has been set), no block was ever listed instead of tagged,
 * and p carries no tag; anything else goes through tracker_on_free or tracker_realloc.
 */
static inline int tracker_free_is_plain(const void *p)
{
    return sampler_countdown && !__atomic_load_n(&hw_listed_blocks, __ATOMIC_RELAXED) && block_tag_surely_absent(p);
}

/* realloc of a block of the real allocator (not of a program's own OpenSSL allocator). */
void *tracker_realloc(void *p, size_t size, int from_openssl, const char *file, int line);

/* The usable size of p as the program may see it (without heapwatch's room). */
size_t tracker_usable_size(void *p);

/*
 * realloc through a program's own OpenSSL allocator, in three steps: take the old record off the
 * list before the real call, then either settle it (the block moved or was freed) or put it back
 * (the realloc failed, the block lives).
 */
int tracker_detach_listed(void *p, int foreign, struct block_record *rec);
void tracker_settle(const struct block_record *rec);
void tracker_relist(void *p, const struct block_record *rec);
void tracker_count_untracked_free(void);

struct process_figures {
    int64_t peak_bytes;
    uint64_t peak_time_ns; /* CLOCK_REALTIME, 0 = no peak yet */
    uint64_t epoch;        /* see stack_at_peak() */
    int peak_is_now;       /* the heap has not fallen since its peak */
    uint64_t untracked_frees;
    uint64_t mismatched_frees;
    uint64_t dropped_allocs;
    int64_t wide_room_bytes; /* live blocks' room beyond BLOCK_TAG_BYTES (alignments of 32 and 64) */
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
