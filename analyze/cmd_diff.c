/* cmd_diff.c: `heapwatch diff OLD NEW`: per stack, the change in live bytes and blocks between two
 * dumps, largest growth first, with new and vanished stacks marked. */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>

#include "cli.h"
#include "commands.h"
#include "diff_rows.h"
#include "frames.h"
#include "json.h"
#include "stack_json.h"
#include "table.h"
#include "units.h"

static const char usage[] =
    "usage: heapwatch diff OLD NEW [-n N] [--json]\n"
    "Compares two dumps (of one process, or of two runs of one program: stacks are matched by code\n"
    "location): per stack the change in live bytes and blocks, largest growth first.\n"
    "Status: new, gone (freed), grew, shrank, same; unknown when one dump's top N cut the stack off.\n"
    "  -n N     rows to show (default: all)\n"
    "  --json   machine-readable output (described in heapwatch(1))\n";

static void describe(const char *label, const struct hw_dump *d)
{
    char live[HW_HUMAN_SIZE];
    printf("%s %s: pid %" PRIu64 " seq %" PRIu64 ", uptime %.3f s, %s live in %" PRIu64 " blocks\n", label, d->path,
           d->pid, d->seq, d->uptime, hw_human_bytes((double)d->live_bytes, live), d->live_blocks);
}

static void print_text(const struct hw_dump *old, const struct hw_dump *new, const struct hw_diff *diff, uint64_t rows)
{
    char change[HW_HUMAN_SIZE];
    describe("old", old);
    describe("new", new);
    printf("change: %s, %+" PRId64 " blocks\n", hw_human_signed((double)new->live_bytes - (double)old->live_bytes, change),
           (int64_t)new->live_blocks - (int64_t)old->live_blocks);
    static const char *const headers[] = { "delta", "blocks", "old", "new", "status", "stack" };
    struct hw_table t;
    hw_table_init(&t, 6, headers);
    for (size_t i = 0; i < diff->nrows && i < rows; i++) {
        const struct hw_diff_row *r = &diff->rows[i];
        bool known = r->status != HW_DIFF_UNKNOWN;
        char delta[HW_HUMAN_SIZE] = "?", blocks[24] = "?", before[HW_HUMAN_SIZE] = "?", after[HW_HUMAN_SIZE] = "?";
        char chain[1024], key[1100];
        if (known) {
            hw_human_signed((double)r->new_bytes - (double)r->old_bytes, delta);
            snprintf(blocks, sizeof blocks, "%+" PRId64, (int64_t)r->new_blocks - (int64_t)r->old_blocks);
        }
        if (r->old_known)
            hw_human_bytes((double)r->old_bytes, before);
        if (r->new_known)
            hw_human_bytes((double)r->new_bytes, after);
        snprintf(key, sizeof key, "#%" PRIu64 " %s", r->stack->id, hw_stack_chain(r->stack, 6, chain, sizeof chain));
        hw_table_add(&t, (const char *const[]){ delta, blocks, before, after, hw_diff_status_names[r->status], key });
    }
    hw_table_print(&t, stdout);
    hw_table_free(&t);
}

static void json_side(struct hw_json *j, const char *key, const struct hw_dump *d)
{
    hw_json_object(j, key);
    hw_json_string(j, "file", d->path);
    hw_json_u64(j, "pid", d->pid);
    hw_json_u64(j, "seq", d->seq);
    hw_json_number(j, "uptime", d->uptime);
    hw_json_u64(j, "live_bytes", d->live_bytes);
    hw_json_u64(j, "live_blocks", d->live_blocks);
    hw_json_end(j);
}

static void json_known(struct hw_json *j, const char *key, bool known, uint64_t value)
{
    if (known)
        hw_json_u64(j, key, value);
    else
        hw_json_null(j, key);
}

static void print_json(const struct hw_dump *old, const struct hw_dump *new, const struct hw_diff *diff, uint64_t rows)
{
    struct hw_json j;
    hw_json_init(&j, stdout);
    hw_json_object(&j, NULL);
    json_side(&j, "old", old);
    json_side(&j, "new", new);
    hw_json_i64(&j, "delta_bytes", (int64_t)new->live_bytes - (int64_t)old->live_bytes);
    hw_json_i64(&j, "delta_blocks", (int64_t)new->live_blocks - (int64_t)old->live_blocks);
    hw_json_array(&j, "stacks");
    for (size_t i = 0; i < diff->nrows && i < rows; i++) {
        const struct hw_diff_row *r = &diff->rows[i];
        bool known = r->status != HW_DIFF_UNKNOWN;
        hw_json_object(&j, NULL);
        hw_json_string(&j, "status", hw_diff_status_names[r->status]);
        json_known(&j, "old_live_bytes", r->old_known, r->old_bytes);
        json_known(&j, "new_live_bytes", r->new_known, r->new_bytes);
        json_known(&j, "old_live_blocks", r->old_known, r->old_blocks);
        json_known(&j, "new_live_blocks", r->new_known, r->new_blocks);
        if (known) {
            hw_json_i64(&j, "delta_bytes", (int64_t)r->new_bytes - (int64_t)r->old_bytes);
            hw_json_i64(&j, "delta_blocks", (int64_t)r->new_blocks - (int64_t)r->old_blocks);
        } else {
            hw_json_null(&j, "delta_bytes");
            hw_json_null(&j, "delta_blocks");
        }
        hw_json_stack_fields(&j, r->stack);
        hw_json_end(&j);
    }
    hw_json_end(&j);
    hw_json_end(&j);
    hw_json_finish(&j);
}

int cmd_diff(int argc, char **argv)
{
    static const struct option options[] = {
        { "json", no_argument, NULL, 'j' }, { "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 },
    };
    uint64_t rows = UINT64_MAX;
    bool json = false;
    int opt;
    while ((opt = getopt_long(argc, argv, ":n:h", options, NULL)) != -1) {
        switch (opt) {
        case 'n': if (!hw_cli_count("diff", "-n", optarg, &rows)) return HW_EXIT_ERROR; break;
        case 'j': json = true; break;
        case 'h': fputs(usage, stdout); return HW_EXIT_OK;
        default: return hw_cli_bad_option("diff", argv, opt);
        }
    }
    if (argc - optind != 2)
        return hw_cli_error("diff", "needs two dump files, OLD and NEW (see heapwatch diff --help)");
    struct hw_dump old, new;
    struct hw_error err;
    if (!hw_dump_load(argv[optind], &old, &err))
        return hw_cli_fail("diff", &err);
    if (!hw_dump_load(argv[optind + 1], &new, &err)) {
        hw_dump_free(&old);
        return hw_cli_fail("diff", &err);
    }
    struct hw_diff diff;
    int status = HW_EXIT_OK;
    if (!hw_diff_build(&old, &new, &diff)) {
        status = hw_cli_error("diff", "out of memory");
    } else {
        if (json)
            print_json(&old, &new, &diff, rows);
        else
            print_text(&old, &new, &diff, rows);
        hw_diff_free(&diff);
    }
    hw_dump_free(&old);
    hw_dump_free(&new);
    return status;
}
