/* stack_set.c: the distinct stacks of one dump (see stack_set.h). Dumps list a few dozen stacks, so
 * lookups are linear. */
#include "stack_set.h"

#include <stdlib.h>
#include <string.h>

const struct hw_stack *hw_stack_set_find(const struct hw_stack_set *set, uint64_t id)
{
    for (size_t i = 0; i < set->n; i++)
        if (set->stacks[i]->id == id)
            return set->stacks[i];
    return NULL;
}

bool hw_stack_set_build(const struct hw_dump *dump, struct hw_stack_set *out)
{
    const struct hw_ranking *rankings[] = { &dump->live, &dump->growth, &dump->peak };
    size_t most = dump->live.nstacks + dump->growth.nstacks + dump->peak.nstacks;
    out->n = 0;
    out->complete = dump->live.nstacks == dump->live.candidates;
    out->stacks = malloc((most ? most : 1) * sizeof(const struct hw_stack *));
    if (!out->stacks)
        return false;
    for (size_t k = 0; k < 3; k++)
        for (size_t i = 0; i < rankings[k]->nstacks; i++)
            if (!hw_stack_set_find(out, rankings[k]->stacks[i].id))
                out->stacks[out->n++] = &rankings[k]->stacks[i];
    return true;
}

bool hw_stack_set_live(const struct hw_stack_set *set, uint64_t id, uint64_t *bytes, uint64_t *blocks)
{
    const struct hw_stack *s = hw_stack_set_find(set, id);
    if (!s && !set->complete)
        return false;
    *bytes = s ? s->live_bytes : 0;
    *blocks = s ? s->live_blocks : 0;
    return true;
}

static bool same_location(const struct hw_frame *a, const struct hw_frame *b)
{
    if (a->has_offset && b->has_offset && a->module && b->module)
        return a->offset == b->offset && strcmp(a->module, b->module) == 0;
    return a->address == b->address;
}

const struct hw_stack *hw_stack_set_match(const struct hw_stack_set *set, const struct hw_stack *s)
{
    for (size_t i = 0; i < set->n; i++) {
        const struct hw_stack *c = set->stacks[i];
        bool same = c->nframes == s->nframes;
        for (size_t f = 0; same && f < s->nframes; f++)
            same = same_location(&c->frames[f], &s->frames[f]);
        if (same)
            return c;
    }
    return NULL;
}

void hw_stack_set_free(struct hw_stack_set *set)
{
    free(set->stacks);
    set->stacks = NULL;
    set->n = 0;
}
