/* report_flame_tree.c: merges a dump's stacks into a call tree (see report_flame_tree.h). Nodes live
 * in one growing array and point to each other by index; siblings are merged by function name, as
 * flame graphs do, so one function called from one place is one box. */
#include "report_flame_tree.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frames.h"

static size_t add_node(struct hw_flame *f, size_t parent, const char *label, const struct hw_frame *frame)
{
    if (f->n == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 64;
        struct hw_flame_node *grown = realloc(f->nodes, cap * sizeof *grown);
        if (!grown)
            return HW_FLAME_NONE;
        f->nodes = grown;
        f->cap = cap;
    }
    char *copy = strdup(label);
    if (!copy)
        return HW_FLAME_NONE;
    size_t i = f->n++;
    f->nodes[i] = (struct hw_flame_node){ .label = copy, .frame = frame, .first_child = HW_FLAME_NONE,
                                           .next_sibling = HW_FLAME_NONE };
    if (parent != HW_FLAME_NONE) {
        struct hw_flame_node *p = &f->nodes[parent];
        f->nodes[i].depth = p->depth + 1;
        f->nodes[i].next_sibling = p->first_child;
        p->first_child = i;
        if (f->nodes[i].depth > f->max_depth)
            f->max_depth = f->nodes[i].depth;
    }
    return i;
}

static size_t child_named(struct hw_flame *f, size_t parent, const char *label, const struct hw_frame *frame)
{
    for (size_t c = f->nodes[parent].first_child; c != HW_FLAME_NONE; c = f->nodes[c].next_sibling)
        if (strcmp(f->nodes[c].label, label) == 0)
            return c;
    return add_node(f, parent, label, frame);
}

/* Adds BYTES along the stack's frames, root (its last frame) first. */
static bool add_stack(struct hw_flame *f, const struct hw_stack *s)
{
    size_t node = 0;
    f->nodes[0].bytes += s->live_bytes;
    if (s->nframes == 0) {
        node = child_named(f, 0, "(no frames)", NULL);
        if (node != HW_FLAME_NONE)
            f->nodes[node].bytes += s->live_bytes;
        return node != HW_FLAME_NONE;
    }
    for (size_t i = s->nframes; i-- > 0;) {
        char label[HW_LABEL_SIZE];
        node = child_named(f, node, hw_frame_label(&s->frames[i], label, sizeof label), &s->frames[i]);
        if (node == HW_FLAME_NONE)
            return false;
        f->nodes[node].bytes += s->live_bytes;
    }
    return true;
}

static int by_bytes_desc(const void *a, const void *b, void *tree)
{
    const struct hw_flame *f = tree;
    const struct hw_flame_node *x = &f->nodes[*(const size_t *)a], *y = &f->nodes[*(const size_t *)b];
    if (x->bytes != y->bytes)
        return x->bytes < y->bytes ? 1 : -1;
    return strcmp(x->label, y->label);
}

/* ORDER has room for every node: a node's children use a slice of it, then their own children the
 * slices after that, so one buffer serves the whole recursion. */
static void place_children(struct hw_flame *f, size_t parent, size_t *order)
{
    const struct hw_flame_node *p = &f->nodes[parent];
    size_t n = 0;
    for (size_t c = p->first_child; c != HW_FLAME_NONE; c = f->nodes[c].next_sibling)
        order[n++] = c;
    qsort_r(order, n, sizeof *order, by_bytes_desc, f);
    double width = p->x1 - p->x0, x = p->x0;
    for (size_t i = 0; i < n; i++) {
        struct hw_flame_node *c = &f->nodes[order[i]];
        c->x0 = x;
        x += p->bytes ? width * (double)c->bytes / (double)p->bytes : 0;
        c->x1 = x;
        place_children(f, order[i], order + n);
    }
}

static bool layout(struct hw_flame *f)
{
    size_t *order = malloc(f->n * sizeof *order);
    if (!order)
        return false;
    f->nodes[0].x0 = 0;
    f->nodes[0].x1 = 1;
    place_children(f, 0, order);
    free(order);
    return true;
}

bool hw_flame_build(const struct hw_dump *dump, struct hw_flame *out)
{
    memset(out, 0, sizeof *out);
    bool ok = add_node(out, HW_FLAME_NONE, "all live heap", NULL) != HW_FLAME_NONE;
    for (size_t i = 0; ok && i < dump->live.nstacks; i++)
        if (dump->live.stacks[i].live_bytes > 0)
            ok = add_stack(out, &dump->live.stacks[i]);
    if (ok && dump->rest.live_bytes > 0) {
        char label[64];
        snprintf(label, sizeof label, "[%" PRIu64 " other stacks]", dump->rest.stacks);
        size_t rest = add_node(out, 0, label, NULL);
        ok = rest != HW_FLAME_NONE;
        if (ok) {
            out->nodes[rest].bytes = dump->rest.live_bytes;
            out->nodes[0].bytes += dump->rest.live_bytes;
        }
    }
    if (!ok || !layout(out)) {
        hw_flame_free(out);
        return false;
    }
    return true;
}

void hw_flame_free(struct hw_flame *f)
{
    for (size_t i = 0; i < f->n; i++)
        free(f->nodes[i].label);
    free(f->nodes);
    memset(f, 0, sizeof *f);
}
