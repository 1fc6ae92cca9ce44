/* report_flame.h: the report's flame graph (drawn as an icicle: the root on top, callees below) of
 * one dump's live heap, as inline SVG. Each box carries its span, depth, bytes and place in the code
 * as data attributes, which the page's script uses for hover details and click-to-zoom. */
#ifndef HEAPWATCH_REPORT_FLAME_H
#define HEAPWATCH_REPORT_FLAME_H

#include <stdbool.h>
#include <stdio.h>

#include "dump.h"

/* A <figure class="flame"> of DUMP, whose caption says how it relates to NEWEST, the process's newest
 * dump, when they differ. False when out of memory (nothing written then). */
bool hw_report_flame(FILE *out, const struct hw_dump *dump, const struct hw_dump *newest);

#endif
