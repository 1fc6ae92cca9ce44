/* aggregate.h: the rows of `heapwatch top`: the live stacks of one dump grouped by stack, allocating
 * function, module, or (from the dump's site records) OpenSSL file:line, and ranked by one figure. */
#ifndef HEAPWATCH_AGGREGATE_H
#define HEAPWATCH_AGGREGATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dump.h"

enum hw_group { HW_BY_STACK, HW_BY_FUNCTION, HW_BY_SITE, HW_BY_MODULE };
enum hw_metric { HW_SORT_LIVE, HW_SORT_COUNT, HW_SORT_ALLOC, HW_SORT_PEAK };

extern const char *const hw_group_names[];    /* "stack", "function", "site", "module"; NULL-terminated */
extern const char *const hw_metric_names[];   /* "live", "count", "alloc", "peak"; NULL-terminated */

struct hw_group_row {
    char *key;                       /* function, module, site, or the stack's chain */
    const struct hw_stack *stack;    /* HW_BY_STACK only */
    size_t nstacks;                  /* stacks merged into this row (0 for sites) */
    uint64_t live_bytes, live_blocks, alloc_bytes, alloc_blocks, peak_bytes;
};

struct hw_grouping {
    enum hw_group by;
    size_t nrows;
    struct hw_group_row *rows;
    /* What the dump does not itemize: its `rest` (or, for sites, the sites beyond its top N). */
    uint64_t other_groups, other_live_bytes, other_live_blocks, other_alloc_bytes, other_alloc_blocks;
};

/* False when out of memory. */
bool hw_group_dump(const struct hw_dump *dump, enum hw_group by, struct hw_grouping *out);

/* Largest first; ties in key order, so output is stable. */
void hw_grouping_sort(struct hw_grouping *g, enum hw_metric metric);

/* The figure METRIC ranks by (peak: the stack's own highest live bytes; sites have no alloc bytes or
 * peak, their alloc figure is blocks). */
uint64_t hw_row_metric(const struct hw_group_row *row, enum hw_metric metric);

/* The dump-wide figure the rows' shares are taken of. */
uint64_t hw_metric_total(const struct hw_dump *dump, enum hw_group by, enum hw_metric metric);

void hw_grouping_free(struct hw_grouping *g);

#endif
