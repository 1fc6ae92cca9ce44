/* cmd_top.c: `heapwatch top [DUMP|DIR]`: one dump's live heap as a ranked table in the spirit of
 * `pprof -top` (flat, flat%, sum%), grouped by stack, allocating function, OpenSSL site or module. */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>

#include "aggregate.h"
#include "cli.h"
#include "commands.h"
#include "frames.h"
#include "input.h"
#include "json.h"
#include "stack_json.h"
#include "table.h"
#include "units.h"

static const char usage[] =
    "usage: heapwatch top [DUMP|DIR] [-n N] [--by stack|function|site|module] [--sort live|count|alloc|peak]\n"
    "                     [--pid PID] [--json]\n"
    "Ranks the live heap of one dump (the newest dump of DIR; default: the current directory).\n"
    "  -n N        rows to show (default 20)\n"
    "  --by K      stack (default); function: the allocating function, the first frame outside malloc,\n"
    "              operator new and OpenSSL's CRYPTO_* wrappers; site: OpenSSL file:line; module: its library\n"
    "  --sort M    live bytes (default), count (live blocks), alloc (bytes allocated since start;\n"
    "              blocks for sites), peak (each stack's own highest live bytes; not for sites)\n"
    "  --pid PID   which process, when DIR holds dumps of several\n"
    "  --json      machine-readable output (described in heapwatch(1))\n";

struct top_options {
    uint64_t rows, pid;
    enum hw_group by;
    enum hw_metric sort;
    bool json;
};

static double percent(uint64_t part, uint64_t whole)
{
    return whole ? 100.0 * (double)part / (double)whole : 0.0;
}

static void format_metric(uint64_t value, enum hw_metric sort, enum hw_group by, char *buf)
{
    if (sort == HW_SORT_COUNT || (sort == HW_SORT_ALLOC && by == HW_BY_SITE))
        snprintf(buf, HW_HUMAN_SIZE, "%" PRIu64, value);
    else
        hw_human_bytes((double)value, buf);
}

static void print_text(const struct hw_dump *d, const struct hw_grouping *g, const struct top_options *o)
{
    char live[HW_HUMAN_SIZE];
    printf("%s: pid %" PRIu64 " seq %" PRIu64 ", %s live in %" PRIu64 " blocks, uptime %.3f s\n", d->path, d->pid,
           d->seq, hw_human_bytes((double)d->live_bytes, live), d->live_blocks, d->uptime);
    const char *const headers[] = { "flat", "flat%", "sum%", "blocks", "stacks", hw_group_names[o->by] };
    struct hw_table t;
    hw_table_init(&t, 6, headers);
    uint64_t total = hw_metric_total(d, o->by, o->sort), sum = 0;
    for (size_t i = 0; i < g->nrows && i < o->rows; i++) {
        const struct hw_group_row *r = &g->rows[i];
        char flat[HW_HUMAN_SIZE], flat_pct[16], sum_pct[16], blocks[24], stacks[24], key[1100];
        uint64_t value = hw_row_metric(r, o->sort);
        sum += value;
        format_metric(value, o->sort, o->by, flat);
        snprintf(flat_pct, sizeof flat_pct, "%.2f%%", percent(value, total));
        snprintf(sum_pct, sizeof sum_pct, "%.2f%%", percent(sum, total));
        snprintf(blocks, sizeof blocks, "%" PRIu64, r->live_blocks);
        snprintf(stacks, sizeof stacks, "%zu", r->nstacks);
        if (r->stack)
            snprintf(key, sizeof key, "#%" PRIu64 " %s%s%s", r->stack->id, r->key, r->stack->site ? "  @ " : "",
                     r->stack->site ? r->stack->site : "");
        else
            snprintf(key, sizeof key, "%s", r->key);
        hw_table_add(&t, (const char *const[]){ flat, flat_pct, sum_pct, blocks, stacks, key });
    }
    hw_table_print(&t, stdout);
    hw_table_free(&t);
    if (g->nrows > o->rows)
        printf("(%zu more rows; -n to show them)\n", g->nrows - (size_t)o->rows);
    if (g->other_groups)
        printf("(not itemized in the dump: %" PRIu64 " more %s holding %s)\n", g->other_groups,
               o->by == HW_BY_SITE ? "sites" : "stacks", hw_human_bytes((double)g->other_live_bytes, live));
}

static void print_json(const struct hw_dump *d, const struct hw_grouping *g, const struct top_options *o)
{
    struct hw_json j;
    hw_json_init(&j, stdout);
    hw_json_object(&j, NULL);
    hw_json_string(&j, "file", d->path);
    hw_json_u64(&j, "pid", d->pid);
    hw_json_u64(&j, "seq", d->seq);
    hw_json_number(&j, "uptime", d->uptime);
    hw_json_string(&j, "by", hw_group_names[o->by]);
    hw_json_string(&j, "sort", hw_metric_names[o->sort]);
    hw_json_u64(&j, "live_bytes", d->live_bytes);
    hw_json_u64(&j, "live_blocks", d->live_blocks);
    hw_json_u64(&j, "total", hw_metric_total(d, o->by, o->sort));
    hw_json_array(&j, "rows");
    uint64_t total = hw_metric_total(d, o->by, o->sort), sum = 0;
    for (size_t i = 0; i < g->nrows && i < o->rows; i++) {
        const struct hw_group_row *r = &g->rows[i];
        uint64_t value = hw_row_metric(r, o->sort);
        sum += value;
        hw_json_object(&j, NULL);
        hw_json_string(&j, "key", r->key);
        hw_json_u64(&j, "flat", value);
        hw_json_number(&j, "flat_pct", percent(value, total));
        hw_json_number(&j, "sum_pct", percent(sum, total));
        hw_json_u64(&j, "live_bytes", r->live_bytes);
        hw_json_u64(&j, "live_blocks", r->live_blocks);
        hw_json_u64(&j, "alloc_bytes", r->alloc_bytes);
        hw_json_u64(&j, "alloc_blocks", r->alloc_blocks);
        hw_json_u64(&j, "peak_bytes", r->peak_bytes);
        hw_json_u64(&j, "stacks", r->nstacks);
        if (r->stack)
            hw_json_stack_fields(&j, r->stack);
        hw_json_end(&j);
    }
    hw_json_end(&j);
    hw_json_object(&j, "not_itemized");
    hw_json_u64(&j, o->by == HW_BY_SITE ? "sites" : "stacks", g->other_groups);
    hw_json_u64(&j, "live_bytes", g->other_live_bytes);
    hw_json_u64(&j, "live_blocks", g->other_live_blocks);
    hw_json_u64(&j, "alloc_bytes", g->other_alloc_bytes);
    hw_json_u64(&j, "alloc_blocks", g->other_alloc_blocks);
    hw_json_end(&j);
    hw_json_end(&j);
    hw_json_finish(&j);
}

static int parse_options(int argc, char **argv, struct top_options *o)
{
    static const struct option options[] = {
        { "by", required_argument, NULL, 'b' },  { "sort", required_argument, NULL, 's' },
        { "pid", required_argument, NULL, 'p' }, { "json", no_argument, NULL, 'j' },
        { "help", no_argument, NULL, 'h' },      { NULL, 0, NULL, 0 },
    };
    int opt, choice;
    while ((opt = getopt_long(argc, argv, ":n:h", options, NULL)) != -1) {
        switch (opt) {
        case 'n': if (!hw_cli_count("top", "-n", optarg, &o->rows)) return HW_EXIT_ERROR; break;
        case 'p': if (!hw_cli_count("top", "--pid", optarg, &o->pid)) return HW_EXIT_ERROR; break;
        case 'b': if (!hw_cli_choice("top", "--by", optarg, hw_group_names, &choice)) return HW_EXIT_ERROR;
                  o->by = (enum hw_group)choice; break;
        case 's': if (!hw_cli_choice("top", "--sort", optarg, hw_metric_names, &choice)) return HW_EXIT_ERROR;
                  o->sort = (enum hw_metric)choice; break;
        case 'j': o->json = true; break;
        case 'h': fputs(usage, stdout); return HW_EXIT_OK;
        default: return hw_cli_bad_option("top", argv, opt);
        }
    }
    if (o->by == HW_BY_SITE && o->sort == HW_SORT_PEAK)
        return hw_cli_error("top", "--sort peak is not available with --by site: dumps keep no peak per site");
    return HW_CONTINUE;
}

int cmd_top(int argc, char **argv)
{
    struct top_options o = { .rows = 20, .by = HW_BY_STACK, .sort = HW_SORT_LIVE };
    int status = parse_options(argc, argv, &o);
    struct hw_input in;
    if (status != HW_CONTINUE || !hw_input_open_operand("top", argc, argv, optind, o.pid, &in, &status))
        return status;
    struct hw_grouping g;
    if (!hw_group_dump(&in.dump, o.by, &g)) {
        hw_input_close(&in);
        return hw_cli_error("top", "out of memory");
    }
    hw_grouping_sort(&g, o.sort);
    if (o.json)
        print_json(&in.dump, &g, &o);
    else
        print_text(&in.dump, &g, &o);
    hw_grouping_free(&g);
    hw_input_close(&in);
    return HW_EXIT_OK;
}
