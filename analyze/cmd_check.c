/* cmd_check.c: `heapwatch check DIR --max-growth BYTES [--max-live BYTES]`: a leak gate for CI. Fails
 * (exit 1) when any stack of any process grew by more than BYTES from the first dump that shows it to
 * the last, or when a process's live heap at its last dump exceeds --max-live, naming each offender. */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "commands.h"
#include "frames.h"
#include "trend_model.h"
#include "units.h"

static const char usage[] =
    "usage: heapwatch check [DIR] --max-growth BYTES [--max-live BYTES] [--pid PID]\n"
    "Exits 1, naming each offender, when a stack's live bytes grew by more than --max-growth between the\n"
    "first and the last dump that show it, or a process's live heap at its last dump exceeds --max-live.\n"
    "BYTES: a number with an optional unit K, M, G (KiB, MiB, GiB). Exit 0: within limits; 2: bad input.\n";

struct limits {
    uint64_t max_growth, max_live;
    bool has_max_live;
};

/* Prints the offenders of one process; returns how many. */
static size_t check_process(const struct hw_trend_proc *t, const struct limits *lim, const struct hw_trend_stack **worst)
{
    size_t offenders = 0;
    char grew[HW_HUMAN_SIZE], limit[HW_HUMAN_SIZE], chain[1024];
    for (size_t i = 0; i < t->nstacks; i++) {
        const struct hw_trend_stack *s = &t->stacks[i];
        if (!*worst || s->growth_bytes > (*worst)->growth_bytes)
            *worst = s;
        if (s->growth_bytes <= 0 || (uint64_t)s->growth_bytes <= lim->max_growth)
            continue;
        offenders++;
        printf("FAIL pid %" PRIu64 ": stack #%" PRIu64 " grew %s (%" PRId64 " bytes, seq %" PRIu64 " -> %" PRIu64
               "), more than %s: %s\n", t->proc->pid, s->stack->id, hw_human_signed((double)s->growth_bytes, grew),
               s->growth_bytes, s->first_seq, s->last_seq, hw_human_bytes((double)lim->max_growth, limit),
               hw_stack_chain(s->stack, 6, chain, sizeof chain));
    }
    if (lim->has_max_live && t->live_bytes.last > lim->max_live) {
        offenders++;
        printf("FAIL pid %" PRIu64 ": live heap %s (%" PRIu64 " bytes) at the last dump, more than %s\n", t->proc->pid,
               hw_human_bytes((double)t->live_bytes.last, grew), t->live_bytes.last,
               hw_human_bytes((double)lim->max_live, limit));
    }
    return offenders;
}

static int parse_limits(int argc, char **argv, struct limits *lim, uint64_t *pid)
{
    static const struct option options[] = {
        { "max-growth", required_argument, NULL, 'g' }, { "max-live", required_argument, NULL, 'l' },
        { "pid", required_argument, NULL, 'p' },        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    bool has_max_growth = false;
    int opt;
    while ((opt = getopt_long(argc, argv, ":h", options, NULL)) != -1) {
        switch (opt) {
        case 'g':
            if (!hw_cli_bytes("check", "--max-growth", optarg, &lim->max_growth)) return HW_EXIT_ERROR;
            has_max_growth = true;
            break;
        case 'l':
            if (!hw_cli_bytes("check", "--max-live", optarg, &lim->max_live)) return HW_EXIT_ERROR;
            lim->has_max_live = true;
            break;
        case 'p': if (!hw_cli_count("check", "--pid", optarg, pid)) return HW_EXIT_ERROR; break;
        case 'h': fputs(usage, stdout); return HW_EXIT_OK;
        default: return hw_cli_bad_option("check", argv, opt);
        }
    }
    if (!has_max_growth)
        return hw_cli_error("check", "--max-growth BYTES is required (see heapwatch check --help)");
    if (argc - optind > 1)
        return hw_cli_error("check", "one DIR at most (see heapwatch check --help)");
    return HW_CONTINUE;
}

int cmd_check(int argc, char **argv)
{
    struct limits lim = { 0 };
    uint64_t pid = 0;
    int status = parse_limits(argc, argv, &lim, &pid);
    if (status != HW_CONTINUE)
        return status;
    struct hw_dir dir;
    struct hw_error err;
    if (!hw_dir_scan(optind < argc ? argv[optind] : ".", &dir, &err))
        return hw_cli_fail("check", &err);
    bool ok = hw_dir_load_pid(&dir, pid, &err);
    size_t offenders = 0, checked = 0;
    const struct hw_trend_stack *worst = NULL;
    struct hw_trend_proc *trends = ok ? calloc(dir.nprocs, sizeof *trends) : NULL;
    for (size_t i = 0; ok && i < dir.nprocs; i++) {
        if (dir.procs[i].ndumps == 0)
            continue;
        if (!hw_trend_build(&dir.procs[i], &trends[i])) {
            hw_error_set(&err, "out of memory analysing pid %" PRIu64, dir.procs[i].pid);
            ok = false;
            break;
        }
        offenders += check_process(&trends[i], &lim, &worst);
        checked++;
    }
    if (ok && offenders == 0) {
        char grew[HW_HUMAN_SIZE], chain[1024];
        printf("ok: %zu process%s within limits; largest stack growth %s%s%s\n", checked, checked == 1 ? "" : "es",
               worst ? hw_human_signed((double)worst->growth_bytes, grew) : "none", worst ? ": " : "",
               worst ? hw_stack_chain(worst->stack, 6, chain, sizeof chain) : "");
    }
    for (size_t i = 0; trends && i < dir.nprocs; i++)
        hw_trend_free(&trends[i]);
    free(trends);
    hw_dir_free(&dir);
    if (!ok)
        return hw_cli_fail("check", &err);
    return offenders ? HW_EXIT_VIOLATION : HW_EXIT_OK;
}
