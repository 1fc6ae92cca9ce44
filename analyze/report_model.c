/* report_model.c: gathers one process's figures for the report (see report_model.h). The suspects
 * and their order come from trend_model.c, so the report and `heapwatch trend` never disagree. */
#include "report_model.h"

#include <stdlib.h>
#include <string.h>

#include "stack_set.h"

static void fill_totals(struct hw_report_proc *out, bool from_series, struct hw_report_series *s)
{
    const struct hw_process *proc = out->proc;
    double *t = hw_report_series_times(s);
    double *live = hw_report_series_col(s, HW_REPORT_LIVE);
    double *rss = hw_report_series_col(s, HW_REPORT_RSS);
    double *sockets = hw_report_series_col(s, HW_REPORT_SOCKETS);
    for (size_t i = 0; i < s->npoints; i++) {
        if (from_series) {
            const struct hw_point *p = &proc->series->points[i];
            t[i] = p->uptime;
            live[i] = (double)p->live_bytes;
            rss[i] = (double)p->rss_bytes;
            sockets[i] = (double)p->sockets;
        } else {
            const struct hw_dump *d = &proc->dumps[i];
            t[i] = d->uptime;
            live[i] = (double)d->live_bytes;
            rss[i] = (double)d->rss_bytes;
            sockets[i] = (double)d->sockets;
        }
    }
    size_t last = s->npoints - 1;
    out->first_unix = from_series ? proc->series->points[0].time_unix : proc->dumps[0].time_unix;
    out->last_unix = from_series ? proc->series->points[last].time_unix : proc->dumps[last].time_unix;
}

/* Column K gets trend.stacks[K]'s live bytes at each dump that tells them. */
static bool fill_stacks(const struct hw_report_proc *p, struct hw_report_series *s)
{
    double *t = hw_report_series_times(s);
    for (size_t i = 0; i < p->proc->ndumps; i++) {
        struct hw_stack_set set;
        if (!hw_stack_set_build(&p->proc->dumps[i], &set))
            return false;
        t[i] = p->proc->dumps[i].uptime;
        for (size_t k = 0; k < p->nshown; k++) {
            uint64_t bytes, blocks;
            if (hw_stack_set_live(&set, p->trend.stacks[k].stack->id, &bytes, &blocks))
                hw_report_series_col(s, k)[i] = (double)bytes;
        }
        hw_stack_set_free(&set);
    }
    return true;
}

bool hw_report_proc_build(const struct hw_process *proc, size_t top, size_t max_points, struct hw_report_proc *out)
{
    memset(out, 0, sizeof *out);
    out->proc = proc;
    out->newest = &proc->dumps[proc->ndumps - 1];
    out->flame_dump = out->newest;
    for (size_t i = proc->ndumps; i-- > 0 && out->flame_dump->live_bytes == 0;)
        out->flame_dump = &proc->dumps[i];
    if (!hw_trend_build(proc, &out->trend))
        return false;
    out->nshown = out->trend.nstacks < top ? out->trend.nstacks : top;
    bool ok = hw_report_series_init(&out->totals, out->trend.npoints, HW_REPORT_TOTAL_COLS) &&
              hw_report_series_init(&out->stacks, proc->ndumps, out->nshown);
    if (ok) {
        fill_totals(out, out->trend.from_series, &out->totals);
        ok = fill_stacks(out, &out->stacks);
    }
    if (!ok) {
        hw_report_proc_free(out);
        return false;
    }
    hw_report_series_downsample(&out->totals, max_points);
    hw_report_series_downsample(&out->stacks, max_points);
    return true;
}

void hw_report_proc_free(struct hw_report_proc *p)
{
    hw_trend_free(&p->trend);
    hw_report_series_free(&p->totals);
    hw_report_series_free(&p->stacks);
}
