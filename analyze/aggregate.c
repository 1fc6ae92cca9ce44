/* aggregate.c: groups and ranks a dump's live stacks for `heapwatch top` (see aggregate.h). Only the
 * live ranking is used: its stacks plus `rest` are exactly the dump's live heap. */
#include "aggregate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frames.h"

const char *const hw_group_names[] = { "stack", "function", "site", "module", NULL };
const char *const hw_metric_names[] = { "live", "count", "alloc", "peak", NULL };

static void group_key(const struct hw_stack *s, enum hw_group by, char *buf, size_t size)
{
    size_t own = hw_first_own_frame(s);
    if (by == HW_BY_STACK)
        hw_stack_chain(s, 6, buf, size);
    else if (s->nframes == 0)
        snprintf(buf, size, "(no frames)");
    else if (by == HW_BY_FUNCTION)
        hw_frame_label(&s->frames[own], buf, size);
    else
        snprintf(buf, size, "%s", hw_module_name(s->frames[own].module));
}

static struct hw_group_row *row_for(struct hw_grouping *g, const char *key)
{
    if (g->by != HW_BY_STACK)
        for (size_t i = 0; i < g->nrows; i++)
            if (strcmp(g->rows[i].key, key) == 0)
                return &g->rows[i];
    struct hw_group_row *row = &g->rows[g->nrows];
    memset(row, 0, sizeof *row);
    row->key = strdup(key);
    if (!row->key)
        return NULL;
    g->nrows++;
    return row;
}

static bool group_stacks(const struct hw_dump *dump, struct hw_grouping *g)
{
    for (size_t i = 0; i < dump->live.nstacks; i++) {
        const struct hw_stack *s = &dump->live.stacks[i];
        char key[1024];
        group_key(s, g->by, key, sizeof key);
        struct hw_group_row *row = row_for(g, key);
        if (!row)
            return false;
        row->stack = g->by == HW_BY_STACK ? s : NULL;
        row->nstacks++;
        row->live_bytes += s->live_bytes;
        row->live_blocks += s->live_blocks;
        row->alloc_bytes += s->alloc_bytes;
        row->alloc_blocks += s->alloc_blocks;
        row->peak_bytes += s->peak_bytes;
    }
    g->other_groups = dump->rest.stacks;
    g->other_live_bytes = dump->rest.live_bytes;
    g->other_live_blocks = dump->rest.live_blocks;
    g->other_alloc_bytes = dump->rest.alloc_bytes;
    g->other_alloc_blocks = dump->rest.alloc_blocks;
    return true;
}

/* Sites come from the dump's own site records: they cover every OpenSSL allocation, not only the stacks
 * that made the live ranking. */
static bool group_sites(const struct hw_dump *dump, struct hw_grouping *g)
{
    uint64_t listed = 0;
    for (size_t i = 0; i < dump->nsites; i++) {
        const struct hw_site *s = &dump->site_list[i];
        struct hw_group_row *row = row_for(g, s->site ? s->site : "?");
        if (!row)
            return false;
        row->live_bytes += s->live_bytes;
        row->live_blocks += s->live_blocks;
        row->alloc_blocks += s->alloc_blocks;
        listed += s->live_bytes;
    }
    g->other_groups = dump->sites_candidates - dump->nsites;
    g->other_live_bytes = dump->sites_openssl_live_bytes > listed ? dump->sites_openssl_live_bytes - listed : 0;
    return true;
}

bool hw_group_dump(const struct hw_dump *dump, enum hw_group by, struct hw_grouping *out)
{
    /* Built in a local (which the static analyzer follows, unlike *OUT) and handed out whole. */
    size_t most = by == HW_BY_SITE ? dump->nsites : dump->live.nstacks;
    struct hw_grouping g = { .by = by, .rows = calloc(most ? most : 1, sizeof *g.rows) };
    bool ok = g.rows && (by == HW_BY_SITE ? group_sites(dump, &g) : group_stacks(dump, &g));
    if (!ok)
        hw_grouping_free(&g);
    *out = g;
    return ok;
}

uint64_t hw_row_metric(const struct hw_group_row *row, enum hw_metric metric)
{
    switch (metric) {
    case HW_SORT_LIVE: return row->live_bytes;
    case HW_SORT_COUNT: return row->live_blocks;
    case HW_SORT_ALLOC: return row->alloc_bytes ? row->alloc_bytes : row->alloc_blocks;
    case HW_SORT_PEAK: return row->peak_bytes;
    }
    return 0;
}

uint64_t hw_metric_total(const struct hw_dump *dump, enum hw_group by, enum hw_metric metric)
{
    if (by == HW_BY_SITE)
        return metric == HW_SORT_COUNT ? dump->openssl_live_blocks
             : metric == HW_SORT_ALLOC ? dump->openssl_total_allocs : dump->sites_openssl_live_bytes;
    switch (metric) {
    case HW_SORT_LIVE: return dump->live_bytes;
    case HW_SORT_COUNT: return dump->live_blocks;
    case HW_SORT_ALLOC: return dump->total_alloc_bytes;
    case HW_SORT_PEAK: return dump->peak_live_bytes;
    }
    return 0;
}

static int by_metric(const void *a, const void *b, void *metric)
{
    const struct hw_group_row *x = a, *y = b;
    uint64_t mx = hw_row_metric(x, *(enum hw_metric *)metric), my = hw_row_metric(y, *(enum hw_metric *)metric);
    if (mx != my)
        return mx < my ? 1 : -1;
    return strcmp(x->key, y->key);
}

void hw_grouping_sort(struct hw_grouping *g, enum hw_metric metric)
{
    qsort_r(g->rows, g->nrows, sizeof *g->rows, by_metric, &metric);
}

void hw_grouping_free(struct hw_grouping *g)
{
    for (size_t i = 0; i < g->nrows; i++)
        free(g->rows[i].key);
    free(g->rows);
    memset(g, 0, sizeof *g);
}
