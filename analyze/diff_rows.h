/* diff_rows.h: what `heapwatch diff` compares: every stack either dump mentions, matched across the two
 * dumps by code location, with its live bytes and blocks in each (unknown when that dump's top N cut it
 * off), sorted by growth. */
#ifndef HEAPWATCH_DIFF_ROWS_H
#define HEAPWATCH_DIFF_ROWS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dump.h"

enum hw_diff_status { HW_DIFF_NEW, HW_DIFF_GONE, HW_DIFF_GREW, HW_DIFF_SHRANK, HW_DIFF_SAME, HW_DIFF_UNKNOWN };

extern const char *const hw_diff_status_names[];   /* "new", "gone", "grew", "shrank", "same", "unknown" */

struct hw_diff_row {
    const struct hw_stack *stack;        /* from NEW when it has the stack, else from OLD */
    bool old_known, new_known;
    uint64_t old_bytes, old_blocks, new_bytes, new_blocks;
    enum hw_diff_status status;
};

struct hw_diff {
    size_t nrows;
    struct hw_diff_row *rows;            /* largest growth first; unknown changes last */
};

bool hw_diff_build(const struct hw_dump *old, const struct hw_dump *new, struct hw_diff *out);
void hw_diff_free(struct hw_diff *diff);

#endif
