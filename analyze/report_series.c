/* report_series.c: chart series and their downsampling (see report_series.h). */
#include "report_series.h"

#include <math.h>
#include <stdlib.h>

bool hw_report_series_init(struct hw_report_series *s, size_t npoints, size_t ncols)
{
    s->npoints = s->source_points = s->stride = npoints;
    s->ncols = ncols;
    s->bucket = 1;
    s->data = malloc((npoints ? npoints : 1) * (ncols + 1) * sizeof *s->data);
    if (!s->data)
        return false;
    for (size_t i = 0; i < npoints * (ncols + 1); i++)
        s->data[i] = NAN;
    return true;
}

/* The highest known value of X[FIRST, END), NAN when none is known. */
static double run_max(const double *x, size_t first, size_t end)
{
    double best = NAN;
    for (size_t i = first; i < end; i++)
        if (!isnan(x[i]) && (isnan(best) || x[i] > best))
            best = x[i];
    return best;
}

void hw_report_series_downsample(struct hw_report_series *s, size_t max_points)
{
    if (max_points == 0 || s->npoints <= max_points)
        return;
    size_t bucket = (s->npoints + max_points - 1) / max_points;
    size_t merged = (s->npoints + bucket - 1) / bucket;
    double *times = hw_report_series_times(s);
    /* In place: merged point I reads source points from I * BUCKET on, never below I. */
    for (size_t i = 0; i < merged; i++) {
        size_t first = i * bucket, end = first + bucket < s->npoints ? first + bucket : s->npoints;
        times[i] = times[end - 1];
        for (size_t c = 0; c < s->ncols; c++) {
            double *col = hw_report_series_col(s, c);
            col[i] = run_max(col, first, end);
        }
    }
    s->npoints = merged;
    s->bucket = bucket;
}

double hw_report_series_max(const struct hw_report_series *s, size_t first, size_t count)
{
    double best = 0;
    for (size_t c = first; c < first + count && c < s->ncols; c++) {
        double m = run_max(hw_report_series_col(s, c), 0, s->npoints);
        if (!isnan(m) && m > best)
            best = m;
    }
    return best;
}

void hw_report_series_free(struct hw_report_series *s)
{
    free(s->data);
    s->data = NULL;
    s->npoints = 0;
}
