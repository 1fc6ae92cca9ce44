/* report_series.h: the time series the report charts: one column of times (uptime, seconds) and
 * columns of values sharing it, NAN where a value is unknown (a stack cut off by a dump's top N).
 * A long series is downsampled so that the page stays small and quick to draw whatever the run's
 * length; the report says when it did. */
#ifndef HEAPWATCH_REPORT_SERIES_H
#define HEAPWATCH_REPORT_SERIES_H

#include <stdbool.h>
#include <stddef.h>

struct hw_report_series {
    size_t npoints;      /* points now (after downsampling) */
    size_t ncols;
    size_t bucket;       /* source points merged into each point (1: none merged) */
    size_t source_points;
    size_t stride;       /* capacity of each column */
    double *data;        /* times, then each column, STRIDE apart */
};

/* Room for NPOINTS points of NCOLS columns, every value unknown; false when out of memory. */
bool hw_report_series_init(struct hw_report_series *s, size_t npoints, size_t ncols);

static inline double *hw_report_series_times(const struct hw_report_series *s)
{
    return s->data;
}

static inline double *hw_report_series_col(const struct hw_report_series *s, size_t col)
{
    return s->data + (col + 1) * s->stride;
}

/* Merges runs of consecutive points so that at most MAX_POINTS remain. A merged point takes the time
 * of the run's last point and, per column, the highest known value of the run, so that neither a
 * peak nor the top of a growth disappears from the chart. */
void hw_report_series_downsample(struct hw_report_series *s, size_t max_points);

/* The highest known value of columns [FIRST, FIRST + COUNT); 0 when none is known. */
double hw_report_series_max(const struct hw_report_series *s, size_t first, size_t count);

void hw_report_series_free(struct hw_report_series *s);

#endif
