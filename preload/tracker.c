/*
 * tracker.c - recording blocks and keeping the counters.
 *
 * Peak attribution uses memray's lazy scheme, at constant cost per event: the process keeps an
 * epoch number that advances each time the heap starts falling from a new maximum (the first
 * free after a peak). Each stack remembers the epoch of its last change; the first time a stack
 * changes in a new epoch, its live bytes just before that change are exactly what it held at the
 * peak that closed the previous epoch, so they are saved as at_peak_bytes. A stack untouched
 * since the peak still holds its peak value as its current live bytes.
 *
 * Per-process totals (live blocks, allocs, frees) are sums over stacks, computed at dump time;
 * only the live byte total is kept globally, because the peak needs it at every event.
 */
#include "tracker.h"

#include <errno.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "lifecycle.h"
#include "ptr_table.h"
#include "sampler.h"
#include "sites.h"
#include "stack_table.h"
#include "unwind.h"

int hw_tracking;

static struct {
    _Alignas(64) _Atomic int64_t live_bytes;
    _Alignas(64) _Atomic int64_t peak_bytes;
    _Atomic uint64_t peak_time_ns;
    _Atomic uint64_t epoch;
    atomic_int peak_pending;
    _Alignas(64) _Atomic uint64_t untracked_frees;
    _Atomic uint64_t mismatched_frees;
    _Atomic uint64_t dropped_allocs;
    _Atomic int64_t wide_room_bytes; /* room beyond a tag's 16 bytes in live blocks aligned to 32 or 64 */
} proc = {.epoch = 1};

int hw_listed_blocks;

int tracker_init(void)
{
    if (sites_init() != 0)
        return -1;
    block_tag_init();
    unwind_init();
    hw_tracking = hw_config.enabled;
    return 0;
}

static uint64_t realtime_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME_COARSE, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static inline void relaxed_max(_Atomic int64_t *slot, int64_t value, int *raised)
{
    int64_t seen = atomic_load_explicit(slot, memory_order_relaxed);
    while (value > seen) {
        if (atomic_compare_exchange_weak_explicit(slot, &seen, value, memory_order_relaxed,
                                                  memory_order_relaxed)) {
            *raised = 1;
            return;
        }
    }
}

/* The calling thread's counters of a stack, and whether it is their only writer (stack_table.h). */
struct stripe {
    struct stack_counters *counters;
    int own;
};

/*
 * Stripes are handed out to threads as they first count a block, not by hw_thread_slot(): heapwatch's
 * own dump thread takes a thread slot but never counts anything, and must not hold a stripe.
 */
static __thread unsigned stripe_plus_one __attribute__((tls_model("initial-exec")));
static atomic_uint stripes_handed_out;

static inline struct stripe stripe_of(struct stack *st)
{
    unsigned index = stripe_plus_one;
    if (__builtin_expect(index == 0, 0)) {
        unsigned nth = atomic_fetch_add_explicit(&stripes_handed_out, 1, memory_order_relaxed);
        index = (nth < STACK_STRIPES - 1 ? nth : STACK_STRIPES - 1) + 1;
        stripe_plus_one = index;
    }
    index--;
    return (struct stripe){&st->stripes[index], index < STACK_STRIPES - 1};
}

/*
 * Adds delta to one of the stripe's counters and answers the new value. On an owned stripe the
 * plain load and store are exact: the only other code that could write it in between is a free()
 * from a signal handler interrupting this thread's malloc, which glibc's malloc does not survive
 * either.
 */
static inline int64_t stripe_add(struct stripe s, _Atomic int64_t *counter, int64_t delta)
{
    if (s.own) {
        int64_t value = atomic_load_explicit(counter, memory_order_relaxed) + delta;
        atomic_store_explicit(counter, value, memory_order_relaxed);
        return value;
    }
    return atomic_fetch_add_explicit(counter, delta, memory_order_relaxed) + delta;
}

static inline void stripe_raise(struct stripe s, _Atomic int64_t *counter, int64_t value)
{
    if (!s.own) {
        int unused = 0;
        relaxed_max(counter, value, &unused);
    } else if (value > atomic_load_explicit(counter, memory_order_relaxed)) {
        atomic_store_explicit(counter, value, memory_order_relaxed);
    }
}

/* Saves the stripe's peak-time value the first time it changes after a peak. */
static inline void enter_current_epoch(struct stack_counters *s)
{
    uint64_t epoch = atomic_load_explicit(&proc.epoch, memory_order_relaxed);
    if (atomic_load_explicit(&s->epoch, memory_order_relaxed) != epoch) {
        atomic_store_explicit(&s->at_peak_bytes, atomic_load_explicit(&s->live_bytes, memory_order_relaxed),
                              memory_order_relaxed);
        atomic_store_explicit(&s->epoch, epoch, memory_order_relaxed);
    }
}

static void account_alloc(struct stack *st, uint64_t size)
{
    int64_t bytes, blocks;
    sampler_scale(size, &bytes, &blocks);
    struct stripe s = stripe_of(st);
    enter_current_epoch(s.counters);
    int64_t live = stripe_add(s, &s.counters->live_bytes, bytes);
    stripe_add(s, &s.counters->live_blocks, blocks);
    stripe_add(s, &s.counters->alloc_bytes, bytes);
    stripe_add(s, &s.counters->alloc_blocks, blocks);
    stripe_raise(s, &s.counters->peak_bytes, live);

    int64_t total = atomic_fetch_add_explicit(&proc.live_bytes, bytes, memory_order_relaxed) + bytes;
    int raised = 0;
    relaxed_max(&proc.peak_bytes, total, &raised);
    if (raised) {
        atomic_store_explicit(&proc.peak_time_ns, realtime_ns(), memory_order_relaxed);
        atomic_store_explicit(&proc.peak_pending, 1, memory_order_relaxed);
    }
}

static void account_free(struct stack *st, uint64_t size)
{
    int64_t bytes, blocks;
    sampler_scale(size, &bytes, &blocks);
    struct stripe s = stripe_of(st);
    /* The first free after a new maximum closes the epoch: the state just before it was the peak. */
    if (atomic_load_explicit(&proc.peak_pending, memory_order_relaxed) &&
        atomic_exchange_explicit(&proc.peak_pending, 0, memory_order_relaxed))
        atomic_fetch_add_explicit(&proc.epoch, 1, memory_order_relaxed);
    enter_current_epoch(s.counters);
    stripe_add(s, &s.counters->live_bytes, -bytes);
    stripe_add(s, &s.counters->live_blocks, -blocks);
    atomic_fetch_sub_explicit(&proc.live_bytes, bytes, memory_order_relaxed);
}

/* The stack of the allocation being recorded, or STACK_NONE (then the block is dropped). */
static uint32_t current_stack(uint32_t site)
{
    uintptr_t buffer[STACK_MAX_DEPTH + UNWIND_OWN_FRAMES_SLACK];
    const uintptr_t *frames;
    uint32_t depth = unwind_capture(buffer, hw_config.depth, &frames);
    uint64_t epoch = atomic_load_explicit(&proc.epoch, memory_order_relaxed);
    uint32_t id = stack_table_intern(frames, depth, site, epoch);
    if (id == STACK_NONE)
        atomic_fetch_add_explicit(&proc.dropped_allocs, 1, memory_order_relaxed);
    return id;
}

static void account_new(const struct block_record *rec) { account_alloc(stack_table_get(rec->stack), rec->size); }

/* Lists p; returns 0 if the table could not take it (the caller counts the block as dropped). */
static int list_block(void *p, const struct block_record *rec)
{
    struct block_record replaced;
    int failed;
    __atomic_store_n(&hw_listed_blocks, 1, __ATOMIC_RELAXED);
    if (ptr_table_insert((uintptr_t)p, *rec, &replaced, &failed)) {
        /* The address came back without us seeing its free. */
        account_free(stack_table_get(replaced.stack), replaced.size);
    }
    return !failed;
}

/* A tagged block's room beyond the tag itself (memalign's family) comes into or goes out of the heap. */
static void account_room(const struct block_record *rec, int64_t sign)
{
    if (rec->room > BLOCK_TAG_BYTES)
        atomic_fetch_add_explicit(&proc.wide_room_bytes, sign * (rec->room - BLOCK_TAG_BYTES), memory_order_relaxed);
}

/* Records a block: with room in front it gets a tag, without it is listed. */
static void *record(void *real, size_t room, size_t size, uint32_t site, int openssl)
{
    int saved_errno = errno;
    hw_guard_enter();
    void *p = real;
    struct block_record rec = {
        .size = size, .stack = current_stack(site), .room = (uint16_t)room, .openssl = (uint8_t)openssl};
    if (rec.stack == STACK_NONE) {
        /* Unrecorded: the room in front stays unused, and the block is freed like any untracked one. */
    } else if (room) {
        p = block_tag_write(real, &rec);
        account_new(&rec);
        account_room(&rec, 1);
    } else if (list_block(real, &rec)) {
        account_new(&rec);
    } else {
        atomic_fetch_add_explicit(&proc.dropped_allocs, 1, memory_order_relaxed);
    }
    hw_guard_leave();
    errno = saved_errno;
    return p;
}

void *tracker_on_alloc(void *real, size_t room, size_t size, uint32_t site)
{
    return record(real, room, size, site, site != SITE_NONE);
}

void tracker_on_foreign_alloc(void *p, size_t size, uint32_t site) { record(p, 0, size, site, 1); }

static void account_free_of(const struct block_record *rec, int from_openssl)
{
    if (rec->openssl != (from_openssl != 0))
        atomic_fetch_add_explicit(&proc.mismatched_frees, 1, memory_order_relaxed);
    account_free(stack_table_get(rec->stack), rec->size);
}

void tracker_forget(void *p, const struct block_record *rec, int from_openssl)
{
    block_tag_clear(p);
    account_room(rec, -1);
    account_free_of(rec, from_openssl);
}

void tracker_on_untagged_free(void *p, int from_openssl, int foreign)
{
    int inside = hw_guard_active();
    hw_guard_enter();
    struct block_record rec;
    if (tracker_may_be_listed(p, foreign) && ptr_table_remove((uintptr_t)p, &rec))
        account_free_of(&rec, from_openssl);
    else if (!inside && !foreign)
        /* heapwatch's own frees (inside) are of blocks it never recorded: nothing to count. */
        tracker_count_untracked_free();
    hw_guard_leave();
}

int tracker_detach_listed(void *p, int foreign, struct block_record *rec)
{
    if (!tracker_may_be_listed(p, foreign))
        return 0;
    hw_guard_enter();
    int found = ptr_table_remove((uintptr_t)p, rec);
    hw_guard_leave();
    return found;
}

void tracker_settle(const struct block_record *rec)
{
    account_free(stack_table_get(rec->stack), rec->size);
}

void tracker_relist(void *p, const struct block_record *rec)
{
    hw_guard_enter();
    if (!list_block(p, rec)) {
        /* Its bytes can no longer be matched to a free: take them out of the live figures now. */
        account_free(stack_table_get(rec->stack), rec->size);
        atomic_fetch_add_explicit(&proc.dropped_allocs, 1, memory_order_relaxed);
    }
    hw_guard_leave();
}

/* What realloc needs to know of p: the real allocator's block and p's record, if any. */
struct old_block {
    void *real;
    int recorded; /* 1 tagged, 2 listed (and taken off the list), 0 neither */
    struct block_record rec;
};

static struct old_block examine(void *p)
{
    struct old_block b = {.real = p};
    if (block_tag_read(p, &b.rec)) {
        b.recorded = 1;
        b.real = (char *)p - b.rec.room;
    } else if (tracker_detach_listed(p, 0, &b.rec)) {
        b.recorded = 2;
    }
    return b;
}

/*
 * realloc when the room in front changes (a block gains or loses its tag): a new block with
 * `room` in front, filled from the old one as far as the program may have used it; the old one
 * is freed. The real realloc cannot do this: it keeps the offset of the program's bytes.
 */
static void *move_block(const struct old_block *old, void *p, size_t size, size_t room)
{
    void *q = hw_real.malloc(size + room);
    if (!q)
        return NULL;
    size_t usable = hw_real.malloc_usable_size(old->real) - (size_t)((char *)p - (char *)old->real);
    memcpy((char *)q + room, p, usable < size ? usable : size);
    if (old->recorded == 1)
        block_tag_clear(p);
    hw_real.free(old->real);
    return q;
}

void *tracker_realloc(void *p, size_t size, int from_openssl, const char *file, int line)
{
    struct old_block old = examine(p);
    size_t room = tracker_room(size);
    size_t old_room = old.recorded == 1 ? old.rec.room : 0;
    void *q = NULL;
    if (room != TRACKER_SKIP) {
        /* A tagged block keeps its room; an untagged one gains one (tags off: room is 0 for both). */
        room = old.recorded == 1 ? old_room : room;
        q = room == old_room ? hw_real.realloc(old.real, size + room) : move_block(&old, p, size, room);
    }
    if (!q) {
        /* As asked: the block in the shape the program would have had without heapwatch. */
        room = TRACKER_SKIP;
        q = old_room ? move_block(&old, p, size, 0) : hw_real.realloc(old.real, size);
    }
    if (!q) {
        if (old.recorded == 2)
            tracker_relist(p, &old.rec);
        return NULL; /* a tagged block keeps its tag: the real realloc left it as it was */
    }
    if (old.recorded == 1)
        account_room(&old.rec, -1);
    if (old.recorded)
        account_free_of(&old.rec, from_openssl);
    else if (!hw_guard_active())
        tracker_count_untracked_free();
    if (room == TRACKER_SKIP)
        return q;
    void *kept = record(q, room, size, from_openssl ? site_intern(file, line) : SITE_NONE, from_openssl);
    /* Not recorded after all (no stack could be had): the bytes move to where an untracked block starts. */
    if (kept == q && room)
        memmove(q, (char *)q + room, size);
    return kept;
}

size_t tracker_usable_size(void *p)
{
    struct block_record rec;
    if (block_tag_read(p, &rec))
        return hw_real.malloc_usable_size((char *)p - rec.room) - rec.room;
    return hw_real.malloc_usable_size(p);
}

void tracker_count_untracked_free(void)
{
    /* When sampling, most frees are of unsampled blocks: nothing to count. */
    if (hw_config.sample == 0)
        atomic_fetch_add_explicit(&proc.untracked_frees, 1, memory_order_relaxed);
}

void tracker_figures(struct process_figures *out)
{
    out->epoch = atomic_load(&proc.epoch);
    out->peak_is_now = atomic_load(&proc.peak_pending);
    out->peak_bytes = atomic_load(&proc.peak_bytes);
    out->peak_time_ns = atomic_load(&proc.peak_time_ns);
    out->untracked_frees = atomic_load(&proc.untracked_frees);
    out->mismatched_frees = atomic_load(&proc.mismatched_frees);
    out->dropped_allocs = atomic_load(&proc.dropped_allocs);
    out->wide_room_bytes = atomic_load(&proc.wide_room_bytes);
}

void tracker_stack_totals(struct stack *st, const struct process_figures *f, struct stack_totals *out)
{
    int64_t highest_stripe_peak = 0;
    unsigned stripes_used = 0;
    *out = (struct stack_totals){0};
    for (unsigned i = 0; i < STACK_STRIPES; i++) {
        struct stack_counters *s = &st->stripes[i];
        int64_t live = atomic_load_explicit(&s->live_bytes, memory_order_relaxed);
        int64_t allocs = atomic_load_explicit(&s->alloc_blocks, memory_order_relaxed);
        out->live_bytes += live;
        out->live_blocks += atomic_load_explicit(&s->live_blocks, memory_order_relaxed);
        out->alloc_bytes += (uint64_t)atomic_load_explicit(&s->alloc_bytes, memory_order_relaxed);
        out->alloc_blocks += (uint64_t)allocs;
        int epoch_current = atomic_load_explicit(&s->epoch, memory_order_relaxed) == f->epoch;
        out->at_peak_bytes += !f->peak_is_now && epoch_current
                                  ? atomic_load_explicit(&s->at_peak_bytes, memory_order_relaxed)
                                  : live;
        int64_t stripe_peak = atomic_load_explicit(&s->peak_bytes, memory_order_relaxed);
        if (stripe_peak > highest_stripe_peak)
            highest_stripe_peak = stripe_peak;
        stripes_used += allocs > 0 || live != 0;
    }
    /*
     * A stack used by one stripe of threads has its exact peak. Otherwise only bounds are known:
     * the highest total seen by a dump, the bytes it held at the process peak, any stripe's own peak.
     */
    int64_t peak = highest_stripe_peak;
    if (stripes_used > 1) {
        if (st->peak_seen > peak)
            peak = st->peak_seen;
        if (out->at_peak_bytes > peak)
            peak = out->at_peak_bytes;
    }
    /*
     * The counters are read one at a time while allocating threads update them (live first, then
     * the totals, then the peak): a block in flight may show in one and not yet in another. Never
     * report more live than ever allocated, or above the peak.
     */
    if (out->live_bytes > peak)
        peak = out->live_bytes;
    if ((int64_t)out->alloc_bytes < out->live_bytes)
        out->alloc_bytes = (uint64_t)out->live_bytes;
    if ((int64_t)out->alloc_blocks < out->live_blocks)
        out->alloc_blocks = (uint64_t)out->live_blocks;
    if (peak > st->peak_seen)
        st->peak_seen = peak;
    out->peak_bytes = peak;
}
