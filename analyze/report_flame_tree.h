/* report_flame_tree.h: the live heap of one dump as a call tree for the report's flame graph: the
 * root holds every live byte; each node is a function reached by the same chain of callers from the
 * root, weighted by the live bytes of the stacks through it. Stacks the dump does not itemize (its
 * `rest`) become one "[N other stacks]" child of the root, so the widths add up to the dump's total. */
#ifndef HEAPWATCH_REPORT_FLAME_TREE_H
#define HEAPWATCH_REPORT_FLAME_TREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dump.h"

#define HW_FLAME_NONE SIZE_MAX

struct hw_flame_node {
    char *label;                     /* function name (frames.h's label), or the root's or rest's name */
    const struct hw_frame *frame;    /* the first frame merged into this node; NULL for root and rest */
    uint64_t bytes;
    size_t depth;                    /* 0 for the root */
    size_t first_child, next_sibling;
    double x0, x1;                   /* where it spans, as shares of the root's width (0 to 1) */
};

struct hw_flame {
    size_t n, cap;
    struct hw_flame_node *nodes;     /* nodes[0] is the root */
    size_t max_depth;
};

/* Builds the tree and places every node: children side by side under their parent, largest first.
 * False when out of memory. */
bool hw_flame_build(const struct hw_dump *dump, struct hw_flame *out);

void hw_flame_free(struct hw_flame *f);

#endif
