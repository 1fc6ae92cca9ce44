/* table.c: aligned text tables (see table.h). */
#include "table.h"

#include <stdlib.h>
#include <string.h>

void hw_table_init(struct hw_table *t, size_t ncols, const char *const *headers)
{
    memset(t, 0, sizeof *t);
    t->ncols = ncols < HW_TABLE_MAX_COLS ? ncols : HW_TABLE_MAX_COLS;
    for (size_t c = 0; c < t->ncols; c++)
        t->headers[c] = headers[c];
}

void hw_table_add(struct hw_table *t, const char *const *cells)
{
    if (t->failed)
        return;
    if (t->nrows == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 16;
        char **grown = realloc(t->cells, cap * t->ncols * sizeof *grown);
        if (!grown) {
            t->failed = true;
            return;
        }
        t->cells = grown;
        t->cap = cap;
    }
    char **row = t->cells + t->nrows * t->ncols;
    for (size_t c = 0; c < t->ncols; c++) {
        row[c] = strdup(cells[c]);
        if (!row[c]) {
            while (c-- > 0)
                free(row[c]);
            t->failed = true;
            return;
        }
    }
    t->nrows++;
}

static void print_row(const struct hw_table *t, const size_t *widths, const char *const *row, FILE *out)
{
    for (size_t c = 0; c < t->ncols; c++) {
        if (c + 1 < t->ncols)
            fprintf(out, "%*s  ", (int)widths[c], row[c]);
        else
            fprintf(out, "%s\n", row[c]);
    }
}

void hw_table_print(const struct hw_table *t, FILE *out)
{
    if (t->failed) {
        fputs("(out of memory while building the table)\n", out);
        return;
    }
    size_t widths[HW_TABLE_MAX_COLS];
    for (size_t c = 0; c < t->ncols; c++) {
        widths[c] = strlen(t->headers[c]);
        for (size_t r = 0; r < t->nrows; r++) {
            size_t len = strlen(t->cells[r * t->ncols + c]);
            if (len > widths[c])
                widths[c] = len;
        }
    }
    print_row(t, widths, t->headers, out);
    for (size_t r = 0; r < t->nrows; r++)
        print_row(t, widths, (const char *const *)(t->cells + r * t->ncols), out);
}

void hw_table_free(struct hw_table *t)
{
    for (size_t i = 0; i < t->nrows * t->ncols; i++)
        free(t->cells[i]);
    free(t->cells);
    memset(t, 0, sizeof *t);
}
