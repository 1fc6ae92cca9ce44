/* report_page.h: the whole HTML document of `heapwatch report`: head with the inline style, the page
 * header (with a process selector when several processes wrote into the directory), one section per
 * process (summary, chart, suspects, flame graph) and the inline script. Nothing refers to anything
 * outside the file, so it works from file:// with no network. */
#ifndef HEAPWATCH_REPORT_PAGE_H
#define HEAPWATCH_REPORT_PAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "report_model.h"

/* False when out of memory (OUT then holds part of a page: the caller discards it). */
bool hw_report_page(FILE *out, const char *dir, const struct hw_report_proc *procs, size_t nprocs);

#endif
