/*
 * snapshot.c - copying the counters and ranking the stacks and OpenSSL sites.
 *
 * Scratch arrays come from arena memory and are reused from dump to dump; they only grow. The
 * rankings are top-K selections (a bounded heap), so a dump costs O(stacks log K).
 */
#include "snapshot.h"

#include <string.h>
#include <time.h>

#include "arena.h"
#include "config.h"
#include "lock.h"
#include "block_tag.h"
#include "sites.h"
#include "stack_table.h"

#define SMALL_RANKING 5u

struct scratch {
    void *mem;
    size_t bytes;
};

static struct scratch rows_mem, order_mem, sites_mem, site_order_mem, previous_mem;
static uint32_t previous_count; /* stacks covered by the previous-dump array */

static void *scratch_ensure(struct scratch *s, size_t bytes)
{
    if (bytes <= s->bytes && s->mem)
        return s->mem;
    size_t want = s->bytes ? s->bytes : 65536;
    while (want < bytes)
        want *= 2;
    void *fresh = arena_map_for_dumps(want);
    if (!fresh)
        return NULL;
    if (s->mem) {
        memcpy(fresh, s->mem, s->bytes);
        arena_unmap(s->mem, s->bytes);
    }
    s->mem = fresh;
    s->bytes = want;
    return fresh;
}

typedef int64_t (*row_key)(const void *row);

static int64_t key_live(const void *r) { return ((const struct stack_row *)r)->live_bytes; }
static int64_t key_growth(const void *r) { return ((const struct stack_row *)r)->growth_bytes; }
static int64_t key_at_peak(const void *r) { return ((const struct stack_row *)r)->at_peak_bytes; }
static int64_t key_site_live(const void *r) { return ((const struct site_row *)r)->live_bytes; }

/* A min-heap of row indexes, worst on top, ordered by a key read from the rows. */
struct heap {
    const char *rows;
    size_t row_size;
    row_key key;
    uint32_t *order;
};

/* Whether row a ranks before row b: larger key first, then smaller index (deterministic). */
static int before(const struct heap *h, uint32_t a, uint32_t b)
{
    int64_t ka = h->key(h->rows + (size_t)a * h->row_size), kb = h->key(h->rows + (size_t)b * h->row_size);
    return ka > kb || (ka == kb && a < b);
}

static void swap(uint32_t *x, uint32_t *y)
{
    uint32_t t = *x;
    *x = *y;
    *y = t;
}

static void sift_down(const struct heap *h, uint32_t size)
{
    for (uint32_t p = 0;;) {
        uint32_t l = 2 * p + 1, r = l + 1, worst = p;
        if (l < size && before(h, h->order[worst], h->order[l]))
            worst = l;
        if (r < size && before(h, h->order[worst], h->order[r]))
            worst = r;
        if (worst == p)
            return;
        swap(&h->order[p], &h->order[worst]);
        p = worst;
    }
}

static void sift_up(const struct heap *h, uint32_t c)
{
    while (c > 0) {
        uint32_t p = (c - 1) / 2;
        if (!before(h, h->order[p], h->order[c]))
            return;
        swap(&h->order[p], &h->order[c]);
        c = p;
    }
}

/* The k best rows with a positive key, best first, by a min-heap of the best seen so far. */
static void rank(const void *rows, size_t row_size, uint32_t n, row_key key, uint32_t k, uint32_t *order,
                 struct ranking *out)
{
    struct heap h = {rows, row_size, key, order};
    uint32_t size = 0, candidates = 0;
    for (uint32_t i = 0; i < n; i++) {
        if (key((const char *)rows + (size_t)i * row_size) <= 0)
            continue;
        candidates++;
        if (size < k) {
            order[size++] = i;
            sift_up(&h, size - 1);
        } else if (k > 0 && before(&h, i, order[0])) {
            order[0] = i; /* replaces the worst kept so far */
            sift_down(&h, size);
        }
    }
    /* Heap-sort in place: repeatedly move the worst to the end. */
    for (uint32_t end = size; end > 1; end--) {
        swap(&order[0], &order[end - 1]);
        sift_down(&h, end - 1);
    }
    out->order = order;
    out->shown = size;
    out->candidates = candidates;
}

static uint64_t now_realtime_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void copy_rows(struct snapshot *s, const int64_t *previous)
{
    uint32_t n = stack_table_count();
    s->nrows = 0;
    for (uint32_t id = 0; id < n; id++) {
        struct stack *st = stack_table_get(id);
        if (!atomic_load_explicit(&st->ready, memory_order_acquire))
            continue;
        struct stack_row *r = &s->rows[s->nrows++];
        r->id = id;
        r->site = st->site;
        struct stack_totals t;
        tracker_stack_totals(st, &s->proc, &t);
        r->live_bytes = t.live_bytes;
        r->live_blocks = t.live_blocks;
        r->alloc_bytes = t.alloc_bytes;
        r->alloc_blocks = t.alloc_blocks;
        r->peak_bytes = t.peak_bytes;
        r->at_peak_bytes = t.at_peak_bytes;
        r->growth_bytes = r->live_bytes - (id < previous_count ? previous[id] : 0);

        s->live_bytes += r->live_bytes;
        s->live_blocks += r->live_blocks;
        s->at_peak_sum += r->at_peak_bytes;
        s->total_allocs += r->alloc_blocks;
        s->total_alloc_bytes += r->alloc_bytes;
        if (r->site != SITE_NONE) {
            s->openssl_live_bytes += r->live_bytes;
            s->openssl_live_blocks += r->live_blocks;
            s->openssl_allocs += r->alloc_blocks;
        }
    }
    s->stacks = n;
    s->total_frees = s->total_allocs - (uint64_t)s->live_blocks;
    s->total_freed_bytes = s->total_alloc_bytes - (uint64_t)s->live_bytes;
}

static int rank_sites(struct snapshot *s)
{
    uint32_t nsites = sites_count();
    s->sites = nsites > 2 ? nsites - 2 : 0; /* minus the "none" and "unknown" placeholders */
    s->site_rows = scratch_ensure(&sites_mem, (size_t)nsites * sizeof *s->site_rows);
    uint32_t *order = scratch_ensure(&site_order_mem, (size_t)nsites * sizeof *order);
    if (!s->site_rows || !order)
        return -1;
    memset(s->site_rows, 0, (size_t)nsites * sizeof *s->site_rows);
    for (uint32_t i = 0; i < nsites; i++)
        s->site_rows[i].site = i;
    for (uint32_t i = 0; i < s->nrows; i++) {
        const struct stack_row *r = &s->rows[i];
        if (r->site == SITE_NONE || r->site >= nsites)
            continue;
        s->site_rows[r->site].live_bytes += r->live_bytes;
        s->site_rows[r->site].live_blocks += r->live_blocks;
        s->site_rows[r->site].alloc_blocks += r->alloc_blocks;
    }
    rank(s->site_rows, sizeof *s->site_rows, nsites, key_site_live, hw_config.top, order, &s->site_ranking);
    return 0;
}

int snapshot_take(struct snapshot *s, enum dump_reason reason, uint32_t seq, uint64_t uptime_ns)
{
    memset(s, 0, sizeof *s);
    s->reason = reason;
    s->seq = seq;
    s->time_ns = now_realtime_ns();
    s->uptime_ns = uptime_ns;
    tracker_figures(&s->proc);

    uint32_t n = stack_table_count();
    s->rows = scratch_ensure(&rows_mem, (size_t)n * sizeof *s->rows);
    uint32_t top = hw_config.top, small = top < SMALL_RANKING ? top : SMALL_RANKING;
    uint32_t *order = scratch_ensure(&order_mem, (size_t)(top + 2 * small) * sizeof *order);
    if (!s->rows || !order)
        return -1;
    copy_rows(s, previous_mem.mem);
    /*
     * Threads racing with the peak can leave the copied rows a few blocks past the peak counter
     * (stack counters and the total are separate atomics). Single-threaded programs are exact;
     * otherwise the header's peak is raised to what the rows show, so that live <= peak and the
     * at-peak figures never add up to more than the peak.
     */
    if (s->proc.peak_bytes < s->live_bytes)
        s->proc.peak_bytes = s->live_bytes;
    if (s->proc.peak_bytes < s->at_peak_sum)
        s->proc.peak_bytes = s->at_peak_sum;

    rank(s->rows, sizeof *s->rows, s->nrows, key_live, top, order, &s->live);
    rank(s->rows, sizeof *s->rows, s->nrows, key_growth, small, order + top, &s->growth);
    rank(s->rows, sizeof *s->rows, s->nrows, key_at_peak, small, order + top + small, &s->peak);

    s->rest.stacks = s->live.candidates - s->live.shown;
    s->rest.live_bytes = s->live_bytes;
    s->rest.live_blocks = s->live_blocks;
    s->rest.alloc_bytes = s->total_alloc_bytes;
    s->rest.alloc_blocks = s->total_allocs;
    for (uint32_t i = 0; i < s->live.shown; i++) {
        const struct stack_row *r = &s->rows[s->live.order[i]];
        s->rest.live_bytes -= r->live_bytes;
        s->rest.live_blocks -= r->live_blocks;
        s->rest.alloc_bytes -= r->alloc_bytes;
        s->rest.alloc_blocks -= r->alloc_blocks;
    }
    if (rank_sites(s) != 0)
        return -1;

    procinfo_read(&s->os);
    /* Every tracked block carries 16 bytes (a tag, or a pointer-table entry); aligned ones may carry more. */
    int64_t wide = s->proc.wide_room_bytes > 0 ? s->proc.wide_room_bytes : 0;
    s->metadata_bytes_per_block =
        s->live_blocks > 0 ? BLOCK_TAG_BYTES + (uint64_t)((wide + s->live_blocks - 1) / s->live_blocks) : 0;
    s->self_bytes = arena_mapped_bytes();
    s->dump_pause_max_us = hw_lock_max_wait_during_dump_ns() / 1000;
    return 0;
}

void snapshot_commit(const struct snapshot *s)
{
    uint32_t n = stack_table_count();
    int64_t *previous = scratch_ensure(&previous_mem, (size_t)n * sizeof *previous);
    if (!previous) {
        previous_count = 0;
        return;
    }
    memset(previous, 0, (size_t)n * sizeof *previous);
    for (uint32_t i = 0; i < s->nrows; i++)
        if (s->rows[i].id < n)
            previous[s->rows[i].id] = s->rows[i].live_bytes;
    previous_count = n;
}

void snapshot_after_fork(void) { previous_count = 0; }
