/* table.h: aligned text tables for the human output of top, diff and check: numbers right-aligned,
 * the last column (a stack or a name, the widest thing) left as is. */
#ifndef HEAPWATCH_TABLE_H
#define HEAPWATCH_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define HW_TABLE_MAX_COLS 12

struct hw_table {
    size_t ncols;
    const char *headers[HW_TABLE_MAX_COLS];
    size_t nrows, cap;
    char **cells;             /* nrows * ncols copies */
    bool failed;              /* out of memory: print says so instead of a partial table */
};

/* HEADERS: NCOLS column titles. */
void hw_table_init(struct hw_table *t, size_t ncols, const char *const *headers);

/* Copies NCOLS cells. */
void hw_table_add(struct hw_table *t, const char *const *cells);

void hw_table_print(const struct hw_table *t, FILE *out);
void hw_table_free(struct hw_table *t);

#endif
