/* trend_model.h: what `heapwatch trend` and `heapwatch check` know about one process's dump series:
 * for every stack, its live bytes at each dump, least-squares fits against time (uptime) and against
 * open sockets, its growth, and a verdict: steady growth, flat, or a transient peak. Process-wide
 * figures come from the series file when there is one (it survives HEAPWATCH_KEEP pruning), else from
 * the dumps. */
#ifndef HEAPWATCH_TREND_MODEL_H
#define HEAPWATCH_TREND_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dump.h"
#include "stats.h"

enum hw_verdict { HW_GROWING, HW_FLAT, HW_PEAK };
enum hw_basis { HW_PER_SECOND, HW_PER_SOCKET };

extern const char *const hw_verdict_names[];   /* "growing", "flat", "peak" */
extern const char *const hw_basis_names[];     /* "second", "socket" */

struct hw_trend_stack {
    const struct hw_stack *stack;   /* its newest listing: frames and site */
    size_t npoints;                 /* dumps that tell its live bytes */
    uint64_t first_bytes, last_bytes, min_bytes, max_bytes;
    uint64_t first_seq, last_seq;   /* dumps of first_bytes and last_bytes */
    double max_uptime;              /* when max_bytes was seen */
    uint64_t peak_bytes;            /* its highest live bytes ever, as the library tracked it */
    int64_t growth_bytes;           /* last_bytes - first_bytes */
    struct hw_fit per_second, per_socket;
    enum hw_verdict verdict;
    enum hw_basis basis;            /* the fit that explains a growing stack */
    double score;                   /* orders stacks within a verdict */
};

struct hw_range {
    uint64_t first, last, min, max;
};

struct hw_trend_proc {
    const struct hw_process *proc;
    const char *exe;
    bool from_series;               /* process figures below come from the series file */
    size_t npoints;
    double first_uptime, last_uptime;
    struct hw_range live_bytes, sockets;
    struct hw_fit per_second, per_socket;   /* the process's live bytes */
    size_t nstacks;
    struct hw_trend_stack *stacks;  /* growing first, then flat, then peaks */
};

/* PROC must be loaded (hw_process_load). False when out of memory. */
bool hw_trend_build(const struct hw_process *proc, struct hw_trend_proc *out);
void hw_trend_free(struct hw_trend_proc *t);

#endif
