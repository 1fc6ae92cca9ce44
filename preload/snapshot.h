/*
 * snapshot.h - one consistent-enough copy of the figures a dump reports, and its rankings.
 *
 * Taking a snapshot reads the stack counters with relaxed atomic loads and takes no lock, so
 * allocating threads never wait for a dump. The process totals are computed from the same copied
 * rows, so the ranking plus the `rest` line always add up to the header exactly.
 */
#ifndef HEAPWATCH_SNAPSHOT_H
#define HEAPWATCH_SNAPSHOT_H

#include <stddef.h>
#include <stdint.h>

#include "procinfo.h"
#include "tracker.h"

enum dump_reason { DUMP_INTERVAL, DUMP_SIGNAL, DUMP_EXIT };

struct stack_row {
    uint32_t id;
    uint32_t site;
    int64_t live_bytes;
    int64_t live_blocks;
    uint64_t alloc_bytes;
    uint64_t alloc_blocks;
    int64_t peak_bytes;
    int64_t growth_bytes;
    int64_t at_peak_bytes;
};

struct site_row {
    uint32_t site;
    int64_t live_bytes;
    int64_t live_blocks;
    uint64_t alloc_blocks;
};

struct ranking {
    uint32_t *order; /* indexes into rows, best first */
    uint32_t shown;
    uint32_t candidates;
};

struct snapshot {
    enum dump_reason reason;
    uint32_t seq;
    uint64_t time_ns;   /* CLOCK_REALTIME */
    uint64_t uptime_ns;
    struct process_figures proc;
    struct proc_info os;
    int64_t live_bytes, live_blocks;
    int64_t at_peak_sum;
    int64_t openssl_live_bytes, openssl_live_blocks;
    uint64_t openssl_allocs;
    uint64_t total_allocs, total_frees, total_alloc_bytes, total_freed_bytes;
    uint64_t self_bytes;
    uint64_t metadata_bytes_per_block;
    uint32_t stacks, sites;
    uint64_t dump_pause_max_us;

    struct stack_row *rows;
    uint32_t nrows;
    struct ranking live, growth, peak;
    struct {
        uint32_t stacks;
        int64_t live_bytes, live_blocks;
        uint64_t alloc_bytes, alloc_blocks;
    } rest;

    struct site_row *site_rows;
    struct ranking site_ranking; /* indexes into site_rows */
};

/* Fills *s; its arrays stay valid until the next snapshot_take. Returns -1 if memory ran out. */
int snapshot_take(struct snapshot *s, enum dump_reason reason, uint32_t seq, uint64_t uptime_ns);

/* The dump was written: growth in the next one is measured from this snapshot. */
void snapshot_commit(const struct snapshot *s);

/* A forked child measures growth from its first dump's own figures. */
void snapshot_after_fork(void);

#endif
