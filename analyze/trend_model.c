/* trend_model.c: follows each stack through a process's dumps and judges it (see trend_model.h).
 *
 * A stack's live bytes are known at a dump when the dump lists it, or when the dump's live ranking is
 * complete (then an absent stack holds nothing); dumps whose top N cut it off are left out of its fit.
 * Verdicts:
 *   growing  live bytes rise in step with open sockets (R² >= 0.9, sockets varying by 2 or more) or
 *            steadily with time (R² >= 0.8, still near their highest at the last dump);
 *   peak     the stack once held at least twice what it holds now: a transient, not a leak;
 *   flat     everything else, ranked by what it holds.
 * Swings under 1 KiB are noise, and a fit needs 3 points. */
#include "trend_model.h"

#include <stdlib.h>
#include <string.h>

#include "stack_set.h"

const char *const hw_verdict_names[] = { "growing", "flat", "peak", NULL };
const char *const hw_basis_names[] = { "second", "socket", NULL };

#define MIN_POINTS 3
#define MIN_SWING 1024.0
#define SOCKET_R2 0.9
#define TIME_R2 0.8
#define NEAR_MAX 0.8
#define MIN_SOCKET_RANGE 2.0

/* Parallel columns of (uptime, sockets, live bytes), one row per dump that knows the value. */
struct samples {
    size_t n;
    double *uptime, *sockets, *bytes;
};

static bool samples_alloc(struct samples *s, size_t n)
{
    s->n = 0;
    s->uptime = malloc((n ? n : 1) * sizeof(double));
    s->sockets = malloc((n ? n : 1) * sizeof(double));
    s->bytes = malloc((n ? n : 1) * sizeof(double));
    return s->uptime && s->sockets && s->bytes;
}

static void samples_free(struct samples *s)
{
    free(s->uptime);
    free(s->sockets);
    free(s->bytes);
}

static void samples_add(struct samples *s, double uptime, uint64_t sockets, uint64_t bytes)
{
    s->uptime[s->n] = uptime;
    s->sockets[s->n] = (double)sockets;
    s->bytes[s->n] = (double)bytes;
    s->n++;
}

static double spread(const double *x, size_t n)
{
    double lo = x[0], hi = x[0];
    for (size_t i = 1; i < n; i++) {
        lo = x[i] < lo ? x[i] : lo;
        hi = x[i] > hi ? x[i] : hi;
    }
    return hi - lo;
}

static void range_add(struct hw_range *r, uint64_t v, bool first)
{
    if (first)
        r->first = r->min = r->max = v;
    r->last = v;
    r->min = v < r->min ? v : r->min;
    r->max = v > r->max ? v : r->max;
}

static void classify(struct hw_trend_stack *t, const struct samples *s)
{
    double swing = (double)(t->max_bytes - t->min_bytes);
    bool enough = s->n >= MIN_POINTS && swing >= MIN_SWING;
    bool by_socket = enough && t->per_socket.valid && t->per_socket.slope > 0 && t->per_socket.r2 >= SOCKET_R2 &&
                     spread(s->sockets, s->n) >= MIN_SOCKET_RANGE;
    bool by_time = enough && t->per_second.valid && t->per_second.slope > 0 && t->per_second.r2 >= TIME_R2 &&
                   (double)t->growth_bytes >= MIN_SWING && (double)t->last_bytes >= NEAR_MAX * (double)t->max_bytes;
    uint64_t high = t->max_bytes > t->peak_bytes ? t->max_bytes : t->peak_bytes;
    if (by_socket || by_time) {
        t->verdict = HW_GROWING;
        t->basis = by_socket ? HW_PER_SOCKET : HW_PER_SECOND;
        /* Rank by the bytes the fit accounts for over the run. */
        t->score = by_socket ? t->per_socket.slope * spread(s->sockets, s->n)
                             : t->per_second.slope * spread(s->uptime, s->n);
    } else if ((double)(high - t->last_bytes) >= MIN_SWING && high >= 2 * t->last_bytes) {
        t->verdict = HW_PEAK;
        t->score = (double)high;
    } else {
        t->verdict = HW_FLAT;
        t->score = (double)t->last_bytes;
    }
}

/* Follows stack ID through the dumps. */
static void follow_stack(const struct hw_process *proc, const struct hw_stack_set *sets, uint64_t id,
                         struct samples *s, struct hw_trend_stack *t)
{
    memset(t, 0, sizeof *t);
    s->n = 0;
    for (size_t i = 0; i < proc->ndumps; i++) {
        const struct hw_dump *d = &proc->dumps[i];
        const struct hw_stack *listed = hw_stack_set_find(&sets[i], id);
        if (listed) {
            t->stack = listed;
            t->peak_bytes = listed->peak_bytes > t->peak_bytes ? listed->peak_bytes : t->peak_bytes;
        }
        uint64_t bytes, blocks;
        if (!hw_stack_set_live(&sets[i], id, &bytes, &blocks))
            continue;
        if (s->n == 0) {
            t->first_bytes = t->min_bytes = bytes;
            t->first_seq = d->seq;
        }
        if (s->n == 0 || bytes > t->max_bytes) {
            t->max_bytes = bytes;
            t->max_uptime = d->uptime;
        }
        t->min_bytes = bytes < t->min_bytes ? bytes : t->min_bytes;
        t->last_bytes = bytes;
        t->last_seq = d->seq;
        samples_add(s, d->uptime, d->sockets, bytes);
    }
    t->npoints = s->n;
    t->growth_bytes = (int64_t)t->last_bytes - (int64_t)t->first_bytes;
    t->per_second = hw_fit_line(s->uptime, s->bytes, s->n);
    t->per_socket = hw_fit_line(s->sockets, s->bytes, s->n);
    classify(t, s);
}

static void process_figures(const struct hw_process *proc, struct hw_trend_proc *out, struct samples *s)
{
    const struct hw_series *series = proc->series;
    out->from_series = series && series->npoints > 0;
    out->npoints = out->from_series ? series->npoints : proc->ndumps;
    s->n = 0;
    for (size_t i = 0; i < out->npoints; i++) {
        double uptime = out->from_series ? series->points[i].uptime : proc->dumps[i].uptime;
        uint64_t live = out->from_series ? series->points[i].live_bytes : proc->dumps[i].live_bytes;
        uint64_t sockets = out->from_series ? series->points[i].sockets : proc->dumps[i].sockets;
        range_add(&out->live_bytes, live, i == 0);
        range_add(&out->sockets, sockets, i == 0);
        samples_add(s, uptime, sockets, live);
    }
    out->first_uptime = s->uptime[0];
    out->last_uptime = s->uptime[s->n - 1];
    out->per_second = hw_fit_line(s->uptime, s->bytes, s->n);
    out->per_socket = hw_fit_line(s->sockets, s->bytes, s->n);
}

static int by_verdict_then_score(const void *a, const void *b)
{
    const struct hw_trend_stack *x = a, *y = b;
    if (x->verdict != y->verdict)
        return x->verdict < y->verdict ? -1 : 1;
    if (x->score != y->score)
        return x->score < y->score ? 1 : -1;
    return (x->stack->id > y->stack->id) - (x->stack->id < y->stack->id);
}

/* Every stack any dump lists, once. */
static bool follow_all(const struct hw_process *proc, const struct hw_stack_set *sets, struct hw_trend_proc *out,
                       struct samples *s)
{
    size_t most = 0;
    for (size_t i = 0; i < proc->ndumps; i++)
        most += sets[i].n;
    out->nstacks = 0;   /* this function owns the list: it starts it empty whatever the caller did */
    out->stacks = calloc(most ? most : 1, sizeof *out->stacks);
    if (!out->stacks)
        return false;
    for (size_t i = 0; i < proc->ndumps; i++)
        for (size_t k = 0; k < sets[i].n; k++) {
            uint64_t id = sets[i].stacks[k]->id;
            bool seen = false;
            for (size_t j = 0; j < out->nstacks && !seen; j++)
                seen = out->stacks[j].stack->id == id;
            if (!seen)
                follow_stack(proc, sets, id, s, &out->stacks[out->nstacks++]);
        }
    qsort(out->stacks, out->nstacks, sizeof *out->stacks, by_verdict_then_score);
    return true;
}

bool hw_trend_build(const struct hw_process *proc, struct hw_trend_proc *out)
{
    memset(out, 0, sizeof *out);
    out->proc = proc;
    out->exe = proc->ndumps ? proc->dumps[proc->ndumps - 1].exe : NULL;
    size_t most_points = proc->series && proc->series->npoints > proc->ndumps ? proc->series->npoints : proc->ndumps;
    struct hw_stack_set *sets = calloc(proc->ndumps ? proc->ndumps : 1, sizeof *sets);
    struct samples s = { 0 };
    bool ok = sets && samples_alloc(&s, most_points) && proc->ndumps > 0;
    for (size_t i = 0; ok && i < proc->ndumps; i++)
        ok = hw_stack_set_build(&proc->dumps[i], &sets[i]);
    if (ok) {
        process_figures(proc, out, &s);
        ok = follow_all(proc, sets, out, &s);
    }
    for (size_t i = 0; sets && i < proc->ndumps; i++)
        hw_stack_set_free(&sets[i]);
    free(sets);
    samples_free(&s);
    if (!ok)
        hw_trend_free(out);
    return ok;
}

void hw_trend_free(struct hw_trend_proc *t)
{
    free(t->stacks);
    t->stacks = NULL;
    t->nstacks = 0;
}
