/* report_model.h: what `heapwatch report` shows of one process: the leak suspects as `heapwatch
 * trend` ranks them, the series of its live heap, RSS and open sockets, the live bytes of its top
 * suspects at each dump, and the dump its flame graph shows. Series are downsampled to MAX_POINTS
 * (report_series.h). */
#ifndef HEAPWATCH_REPORT_MODEL_H
#define HEAPWATCH_REPORT_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "dump.h"
#include "report_series.h"
#include "trend_model.h"

/* Columns of hw_report_proc.totals. */
enum { HW_REPORT_LIVE, HW_REPORT_RSS, HW_REPORT_SOCKETS, HW_REPORT_TOTAL_COLS };

struct hw_report_proc {
    const struct hw_process *proc;
    const struct hw_dump *newest;
    const struct hw_dump *flame_dump; /* the newest dump holding live bytes (a clean exit frees all) */
    struct hw_trend_proc trend;       /* suspects, in trend's order */
    size_t nshown;                    /* suspects with a chart line and a table row: the first TOP */
    struct hw_report_series totals;   /* from the series file when there is one, else from the dumps */
    double first_unix, last_unix;     /* wall clock of its first and last point */
    struct hw_report_series stacks;   /* column i: live bytes of trend.stacks[i], at each dump */
};

/* PROC must be loaded (hw_process_load). False when out of memory. */
bool hw_report_proc_build(const struct hw_process *proc, size_t top, size_t max_points, struct hw_report_proc *out);
void hw_report_proc_free(struct hw_report_proc *p);

#endif
