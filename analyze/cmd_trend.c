/* cmd_trend.c: `heapwatch trend [DIR]`: over each process's dump series, which stacks grow (per second
 * or per open socket), which are big but flat, and which were transient peaks, as sentences a person
 * can act on, or as JSON. */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>

#include "cli.h"
#include "commands.h"
#include "json.h"
#include "trend_json.h"
#include "trend_model.h"
#include "trend_sentence.h"
#include "units.h"

static const char usage[] =
    "usage: heapwatch trend [DIR] [-n N] [--pid PID] [--json]\n"
    "Fits each stack's live bytes against time and against open sockets over the dumps in DIR (default:\n"
    "the current directory), per process, and ranks leak suspects: steady growth first, then large\n"
    "flat allocations, then transient peaks (named as peaks, not leaks).\n"
    "  -n N        stacks per process (default 10)\n"
    "  --pid PID   only this process\n"
    "  --json      machine-readable output (described in heapwatch(1))\n";

static void print_fit(const char *unit, const struct hw_fit *fit)
{
    char slope[HW_HUMAN_SIZE];
    if (fit->valid)
        printf(", %s per %s (R² %.3f)", hw_human_signed(fit->slope, slope), unit, fit->r2);
}

static void print_process(const struct hw_trend_proc *t, size_t max_stacks)
{
    char first[HW_HUMAN_SIZE], last[HW_HUMAN_SIZE], low[HW_HUMAN_SIZE];
    printf("pid %" PRIu64 " (%s): %zu dumps over %.1f s; live %s -> %s (lowest %s); sockets %" PRIu64 " -> %" PRIu64
           "\n", t->proc->pid, t->exe ? t->exe : "?", t->proc->ndumps, t->last_uptime - t->first_uptime,
           hw_human_bytes((double)t->live_bytes.first, first), hw_human_bytes((double)t->live_bytes.last, last),
           hw_human_bytes((double)t->live_bytes.min, low), t->sockets.first, t->sockets.last);
    printf("  whole heap");
    print_fit("second", &t->per_second);
    print_fit("open socket", &t->per_socket);
    printf("\n");
    if (t->proc->ndumps < 3)
        printf("  (only %zu dumps: too few to call anything growing)\n", t->proc->ndumps);
    for (size_t i = 0; i < t->nstacks && i < max_stacks; i++) {
        char sentence[2048];
        printf("  %s\n", hw_trend_sentence(t, &t->stacks[i], i + 1, sentence, sizeof sentence));
    }
}

/* Reports one loaded process; false when out of memory (ERR says so). */
static bool report_process(struct hw_process *proc, bool json, struct hw_json *j, uint64_t max_stacks,
                           struct hw_error *err)
{
    struct hw_trend_proc t;
    if (!hw_trend_build(proc, &t)) {
        hw_error_set(err, "out of memory analysing pid %" PRIu64, proc->pid);
        return false;
    }
    if (json)
        hw_trend_json_process(j, &t, max_stacks);
    else
        print_process(&t, max_stacks);
    hw_trend_free(&t);
    return true;
}

int cmd_trend(int argc, char **argv)
{
    static const struct option options[] = {
        { "pid", required_argument, NULL, 'p' }, { "json", no_argument, NULL, 'j' },
        { "help", no_argument, NULL, 'h' },      { NULL, 0, NULL, 0 },
    };
    uint64_t max_stacks = 10, pid = 0;
    bool json = false;
    int opt;
    while ((opt = getopt_long(argc, argv, ":n:h", options, NULL)) != -1) {
        switch (opt) {
        case 'n': if (!hw_cli_count("trend", "-n", optarg, &max_stacks)) return HW_EXIT_ERROR; break;
        case 'p': if (!hw_cli_count("trend", "--pid", optarg, &pid)) return HW_EXIT_ERROR; break;
        case 'j': json = true; break;
        case 'h': fputs(usage, stdout); return HW_EXIT_OK;
        default: return hw_cli_bad_option("trend", argv, opt);
        }
    }
    if (argc - optind > 1)
        return hw_cli_error("trend", "one DIR at most (see heapwatch trend --help)");
    const char *path = optind < argc ? argv[optind] : ".";
    struct hw_dir dir;
    struct hw_error err;
    if (!hw_dir_scan(path, &dir, &err))
        return hw_cli_fail("trend", &err);
    /* Every file is checked before anything is printed, so bad input never leaves half an answer. */
    bool ok = hw_dir_load_pid(&dir, pid, &err);
    struct hw_json j;
    hw_json_init(&j, stdout);
    if (ok && json) {
        hw_json_object(&j, NULL);
        hw_json_string(&j, "dir", dir.path);
        hw_json_array(&j, "processes");
    }
    for (size_t i = 0; ok && i < dir.nprocs; i++)
        if (dir.procs[i].ndumps > 0)
            ok = report_process(&dir.procs[i], json, &j, max_stacks, &err);
    if (ok && json) {
        hw_json_end(&j);
        hw_json_end(&j);
        hw_json_finish(&j);
    }
    hw_dir_free(&dir);
    return ok ? HW_EXIT_OK : hw_cli_fail("trend", &err);
}
