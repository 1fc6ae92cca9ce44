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
#include <time.h>

#include "config.h"
#include "lifecycle.h"
#include "ptr_table.h"
#include "sampler.h"
#include "sites.h"
#include "stack_table.h"
#include "thread_slot.h"
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
    _Atomic uint64_t openssl_allocs;
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

static inline struct stack_counters *stripe_of(struct stack *s)
{
    return &s->stripes[hw_thread_slot() % STACK_STRIPES];
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
    struct stack_counters *s = stripe_of(st);
    enter_current_epoch(s);
    int64_t live = atomic_fetch_add_explicit(&s->live_bytes, bytes, memory_order_relaxed) + bytes;
    atomic_fetch_add_explicit(&s->live_blocks, blocks, memory_order_relaxed);
    atomic_fetch_add_explicit(&s->alloc_bytes, (uint64_t)bytes, memory_order_relaxed);
    atomic_fetch_add_explicit(&s->alloc_blocks, (uint64_t)blocks, memory_order_relaxed);
    int unused = 0;
    relaxed_max(&s->peak_bytes, live, &unused);

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
    struct stack_counters *s = stripe_of(st);
    /* The first free after a new maximum closes the epoch: the state just before it was the peak. */
    if (atomic_load_explicit(&proc.peak_pending, memory_order_relaxed) &&
        atomic_exchange_explicit(&proc.peak_pending, 0, memory_order_relaxed))
        atomic_fetch_add_explicit(&proc.epoch, 1, memory_order_relaxed);
    enter_current_epoch(s);
    atomic_fetch_sub_explicit(&s->live_bytes, bytes, memory_order_relaxed);
    atomic_fetch_sub_explicit(&s->live_blocks, blocks, memory_order_relaxed);
    atomic_fetch_sub_explicit(&proc.live_bytes, bytes, memory_order_relaxed);
}

/* The stack of the allocation being recorded, or STACK_NONE (then the block is dropped). */
static uint32_t current_stack(uint32_t site)
{
    uintptr_t frames[STACK_MAX_DEPTH];
    uint32_t depth = unwind_capture(frames, hw_config.depth);
    uint64_t epoch = atomic_load_explicit(&proc.epoch, memory_order_relaxed);
    uint32_t id = stack_table_intern(frames, depth, site, epoch);
    if (id == STACK_NONE)
        atomic_fetch_add_explicit(&proc.dropped_allocs, 1, memory_order_relaxed);
    return id;
}

static void account_new(const struct block_record *rec)
{
    account_alloc(stack_table_get(rec->stack), rec->size);
    if (rec->openssl)
        atomic_fetch_add_explicit(&proc.openssl_allocs, 1, memory_order_relaxed);
}

void tracker_on_alloc(void *p, size_t size, uint32_t site)
{
    int saved_errno = errno;
    hw_guard_enter();
    struct block_record rec = {.size = size, .stack = current_stack(site), .openssl = site != SITE_NONE};
    if (rec.stack != STACK_NONE) {
        block_tag_write(p, &rec);
        account_new(&rec);
    }
    hw_guard_leave();
    errno = saved_errno;
}

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

void tracker_on_foreign_alloc(void *p, size_t size, uint32_t site)
{
    int saved_errno = errno;
    hw_guard_enter();
    struct block_record rec = {.size = size, .stack = current_stack(site), .openssl = 1};
    if (rec.stack != STACK_NONE) {
        if (list_block(p, &rec))
            account_new(&rec);
        else
            atomic_fetch_add_explicit(&proc.dropped_allocs, 1, memory_order_relaxed);
    }
    hw_guard_leave();
    errno = saved_errno;
}

/* Takes p's record off it: from the list for foreign blocks, else from its tag (then the list). */
static int take_record(void *p, int foreign, struct block_record *rec)
{
    if (!foreign && block_tag_read(p, rec)) {
        block_tag_clear(p);
        return 1;
    }
    return __atomic_load_n(&hw_listed_blocks, __ATOMIC_RELAXED) && ptr_table_remove((uintptr_t)p, rec);
}

static void account_free_of(const struct block_record *rec, int from_openssl)
{
    if (rec->openssl != (from_openssl != 0))
        atomic_fetch_add_explicit(&proc.mismatched_frees, 1, memory_order_relaxed);
    account_free(stack_table_get(rec->stack), rec->size);
}

void tracker_forget(void *p, const struct block_record *rec, int from_openssl)
{
    block_tag_clear(p);
    account_free_of(rec, from_openssl);
}

void tracker_on_untagged_free(void *p, int from_openssl, int foreign)
{
    int inside = hw_guard_active();
    hw_guard_enter();
    struct block_record rec;
    if (__atomic_load_n(&hw_listed_blocks, __ATOMIC_RELAXED) && ptr_table_remove((uintptr_t)p, &rec))
        account_free_of(&rec, from_openssl);
    else if (!inside && !foreign)
        /* heapwatch's own frees (inside) are of blocks it never recorded: nothing to count. */
        tracker_count_untracked_free();
    hw_guard_leave();
}

int tracker_detach(void *p, int foreign, struct block_record *rec)
{
    hw_guard_enter();
    int found = take_record(p, foreign, rec);
    hw_guard_leave();
    return found;
}

void tracker_settle(const struct block_record *rec)
{
    account_free(stack_table_get(rec->stack), rec->size);
}

void tracker_reattach(void *p, int foreign, const struct block_record *rec)
{
    int saved_errno = errno;
    hw_guard_enter();
    if (!foreign) {
        block_tag_write(p, rec);
    } else if (!list_block(p, rec)) {
        /* Its bytes can no longer be matched to a free: take them out of the live figures now. */
        account_free(stack_table_get(rec->stack), rec->size);
        atomic_fetch_add_explicit(&proc.dropped_allocs, 1, memory_order_relaxed);
    }
    hw_guard_leave();
    errno = saved_errno;
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
    out->openssl_allocs = atomic_load(&proc.openssl_allocs);
}

void tracker_stack_totals(struct stack *st, const struct process_figures *f, struct stack_totals *out)
{
    int64_t highest_stripe_peak = 0;
    unsigned stripes_used = 0;
    *out = (struct stack_totals){0};
    for (unsigned i = 0; i < STACK_STRIPES; i++) {
        struct stack_counters *s = &st->stripes[i];
        int64_t live = atomic_load_explicit(&s->live_bytes, memory_order_relaxed);
        uint64_t allocs = atomic_load_explicit(&s->alloc_blocks, memory_order_relaxed);
        out->live_bytes += live;
        out->live_blocks += atomic_load_explicit(&s->live_blocks, memory_order_relaxed);
        out->alloc_bytes += atomic_load_explicit(&s->alloc_bytes, memory_order_relaxed);
        out->alloc_blocks += allocs;
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
