/* trend_json.c: trend results as JSON (see trend_json.h). */
#include "trend_json.h"

#include "stack_json.h"
#include "trend_sentence.h"

static void json_fit(struct hw_json *j, const char *key, const struct hw_fit *fit)
{
    if (!fit->valid) {
        hw_json_null(j, key);
        return;
    }
    hw_json_object(j, key);
    hw_json_number(j, "slope", fit->slope);
    hw_json_number(j, "r2", fit->r2);
    hw_json_u64(j, "points", fit->n);
    hw_json_end(j);
}

static void json_range(struct hw_json *j, const char *key, const struct hw_range *r)
{
    hw_json_object(j, key);
    hw_json_u64(j, "first", r->first);
    hw_json_u64(j, "last", r->last);
    hw_json_u64(j, "min", r->min);
    hw_json_u64(j, "max", r->max);
    hw_json_end(j);
}

static void json_stack(struct hw_json *j, const struct hw_trend_proc *p, const struct hw_trend_stack *t, size_t rank)
{
    char sentence[2048];
    hw_json_object(j, NULL);
    hw_json_u64(j, "rank", rank);
    hw_json_string(j, "verdict", hw_verdict_names[t->verdict]);
    hw_json_string(j, "basis", t->verdict == HW_GROWING ? hw_basis_names[t->basis] : NULL);
    hw_json_string(j, "sentence", hw_trend_sentence(p, t, rank, sentence, sizeof sentence));
    hw_json_u64(j, "points", t->npoints);
    hw_json_u64(j, "first_seq", t->first_seq);
    hw_json_u64(j, "last_seq", t->last_seq);
    hw_json_u64(j, "first_live_bytes", t->first_bytes);
    hw_json_u64(j, "last_live_bytes", t->last_bytes);
    hw_json_u64(j, "min_live_bytes", t->min_bytes);
    hw_json_u64(j, "max_live_bytes", t->max_bytes);
    hw_json_u64(j, "peak_bytes", t->peak_bytes);
    hw_json_i64(j, "growth_bytes", t->growth_bytes);
    json_fit(j, "per_second", &t->per_second);
    json_fit(j, "per_socket", &t->per_socket);
    hw_json_stack_fields(j, t->stack);
    hw_json_end(j);
}

void hw_trend_json_process(struct hw_json *j, const struct hw_trend_proc *t, size_t max_stacks)
{
    hw_json_object(j, NULL);
    hw_json_u64(j, "pid", t->proc->pid);
    hw_json_string(j, "exe", t->exe);
    hw_json_u64(j, "dumps", t->proc->ndumps);
    hw_json_u64(j, "first_seq", t->proc->files[0].seq);
    hw_json_u64(j, "last_seq", t->proc->files[t->proc->nfiles - 1].seq);
    hw_json_string(j, "source", t->from_series ? "series" : "dumps");
    hw_json_u64(j, "points", t->npoints);
    hw_json_number(j, "first_uptime", t->first_uptime);
    hw_json_number(j, "last_uptime", t->last_uptime);
    hw_json_number(j, "time_span", t->last_uptime - t->first_uptime);
    json_range(j, "live_bytes", &t->live_bytes);
    json_range(j, "sockets", &t->sockets);
    json_fit(j, "per_second", &t->per_second);
    json_fit(j, "per_socket", &t->per_socket);
    hw_json_array(j, "stacks");
    for (size_t i = 0; i < t->nstacks && i < max_stacks; i++)
        json_stack(j, t, &t->stacks[i], i + 1);
    hw_json_end(j);
    hw_json_end(j);
}
