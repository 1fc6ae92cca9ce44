/* diff_rows.c: matches the stacks of two dumps and classifies each change (see diff_rows.h). */
#include "diff_rows.h"

#include <stdlib.h>
#include <string.h>

#include "stack_set.h"

const char *const hw_diff_status_names[] = { "new", "gone", "grew", "shrank", "same", "unknown", NULL };

/* What SET's dump says about a stack matching S. */
static bool live_in(const struct hw_stack_set *set, const struct hw_stack *s, uint64_t *bytes, uint64_t *blocks)
{
    const struct hw_stack *m = hw_stack_set_match(set, s);
    if (m) {
        *bytes = m->live_bytes;
        *blocks = m->live_blocks;
        return true;
    }
    *bytes = *blocks = 0;
    return set->complete;
}

static enum hw_diff_status classify(const struct hw_diff_row *r)
{
    if (!r->old_known || !r->new_known)
        return HW_DIFF_UNKNOWN;
    if (r->old_bytes == 0 && r->new_bytes > 0)
        return HW_DIFF_NEW;
    if (r->new_bytes == 0 && r->old_bytes > 0)
        return HW_DIFF_GONE;
    return r->new_bytes > r->old_bytes ? HW_DIFF_GREW : r->new_bytes < r->old_bytes ? HW_DIFF_SHRANK : HW_DIFF_SAME;
}

static int64_t delta(const struct hw_diff_row *r)
{
    return (int64_t)r->new_bytes - (int64_t)r->old_bytes;
}

static int by_growth(const void *a, const void *b)
{
    const struct hw_diff_row *x = a, *y = b;
    bool xu = x->status == HW_DIFF_UNKNOWN, yu = y->status == HW_DIFF_UNKNOWN;
    if (xu != yu)
        return xu ? 1 : -1;
    int64_t dx = delta(x), dy = delta(y);
    if (dx != dy)
        return dx < dy ? 1 : -1;
    return (x->stack->id > y->stack->id) - (x->stack->id < y->stack->id);
}

bool hw_diff_build(const struct hw_dump *old, const struct hw_dump *new, struct hw_diff *out)
{
    struct hw_stack_set olds, news;
    memset(out, 0, sizeof *out);
    if (!hw_stack_set_build(old, &olds))
        return false;
    if (!hw_stack_set_build(new, &news)) {
        hw_stack_set_free(&olds);
        return false;
    }
    out->rows = calloc(olds.n + news.n + 1, sizeof *out->rows);
    for (size_t i = 0; out->rows && i < news.n; i++) {
        struct hw_diff_row *r = &out->rows[out->nrows++];
        r->stack = news.stacks[i];
        r->new_known = true;
        r->new_bytes = r->stack->live_bytes;
        r->new_blocks = r->stack->live_blocks;
        r->old_known = live_in(&olds, r->stack, &r->old_bytes, &r->old_blocks);
    }
    for (size_t i = 0; out->rows && i < olds.n; i++) {
        if (hw_stack_set_match(&news, olds.stacks[i]))
            continue;
        struct hw_diff_row *r = &out->rows[out->nrows++];
        r->stack = olds.stacks[i];
        r->old_known = true;
        r->old_bytes = r->stack->live_bytes;
        r->old_blocks = r->stack->live_blocks;
        r->new_known = live_in(&news, r->stack, &r->new_bytes, &r->new_blocks);
    }
    hw_stack_set_free(&olds);
    hw_stack_set_free(&news);
    if (!out->rows)
        return false;
    /* Stacks that held nothing in either dump (listed only for their growth or peak) say nothing. */
    size_t kept = 0;
    for (size_t i = 0; i < out->nrows; i++) {
        struct hw_diff_row *r = &out->rows[i];
        if (r->old_known && r->new_known && r->old_bytes == 0 && r->new_bytes == 0)
            continue;
        r->status = classify(r);
        out->rows[kept++] = *r;
    }
    out->nrows = kept;
    qsort(out->rows, out->nrows, sizeof *out->rows, by_growth);
    return true;
}

void hw_diff_free(struct hw_diff *diff)
{
    free(diff->rows);
    memset(diff, 0, sizeof *diff);
}
