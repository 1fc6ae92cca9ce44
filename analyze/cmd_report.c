/* cmd_report.c: `heapwatch report [DIR] [-o FILE] [--top N]`: one self-contained HTML page about the
 * dumps in DIR, for people who would rather look than read. Every input file is loaded and checked
 * before a byte is written, and the page is written under a temporary name and renamed, so bad
 * input or a full disk leaves an error line, never a half-written page. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "report_model.h"
#include "report_page.h"
#include "units.h"

/* Points per chart line: enough for a 1000-unit-wide chart, and what keeps 2000 dumps of 20 stacks
 * well under a megabyte. */
#define MAX_POINTS 500

static const char usage[] =
    "usage: heapwatch report [DIR] [-o FILE] [--top N]\n"
    "Writes one self-contained HTML page (it loads nothing from the network; open it from disk) about the\n"
    "dumps in DIR (default: the current directory). Per process: memory over time (live heap, RSS, open\n"
    "sockets and the top suspects' live bytes), the leak suspects as heapwatch trend ranks them, with\n"
    "their full stacks, and a flame graph of the newest dump that holds live bytes.\n"
    "  -o FILE     where to write it (default report.html; - for standard output)\n"
    "  --top N     suspects in the chart and the table (default 10)\n";

struct report {
    struct hw_dir dir;
    struct hw_report_proc *procs;
    size_t nbuilt;
};

static void report_free(struct report *r)
{
    for (size_t i = 0; i < r->nbuilt; i++)
        hw_report_proc_free(&r->procs[i]);
    free(r->procs);
    hw_dir_free(&r->dir);
}

/* Loads every process of PATH and builds what the page shows of each. */
static bool report_build(const char *path, size_t top, struct report *r, struct hw_error *err)
{
    memset(r, 0, sizeof *r);
    if (!hw_dir_scan(path, &r->dir, err))
        return false;
    if (!hw_dir_load(&r->dir, err))
        return false;
    r->procs = calloc(r->dir.nprocs, sizeof *r->procs);
    if (!r->procs) {
        hw_error_set(err, "out of memory");
        return false;
    }
    for (; r->nbuilt < r->dir.nprocs; r->nbuilt++)
        if (!hw_report_proc_build(&r->dir.procs[r->nbuilt], top, MAX_POINTS, &r->procs[r->nbuilt])) {
            hw_error_set(err, "out of memory analysing pid %" PRIu64, r->dir.procs[r->nbuilt].pid);
            return false;
        }
    return true;
}

/* Writes the page to OUT; false (ERR set) when it could not be written whole. */
static bool write_page(FILE *out, const char *name, const struct report *r, struct hw_error *err)
{
    bool ok = hw_report_page(out, r->dir.path, r->procs, r->dir.nprocs);
    if (!ok)
        hw_error_set(err, "out of memory writing the report");
    else if (fflush(out) != 0 || ferror(out)) {
        hw_error_set(err, "%s: %s", name, strerror(errno));
        ok = false;
    }
    return ok;
}

/* Writes to PATH.tmp.<pid> beside PATH, then renames it over PATH. */
static bool write_file(const char *path, const struct report *r, off_t *size, struct hw_error *err)
{
    char tmp[4096];
    if (snprintf(tmp, sizeof tmp, "%s.tmp.%d", path, (int)getpid()) >= (int)sizeof tmp) {
        hw_error_set(err, "%s: path too long", path);
        return false;
    }
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    FILE *out = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!out) {
        hw_error_set(err, "%s: %s", tmp, strerror(errno));
        if (fd >= 0)
            close(fd);
        return false;
    }
    bool ok = write_page(out, tmp, r, err);
    struct stat st;
    if (ok && fstat(fd, &st) == 0)
        *size = st.st_size;
    if (fclose(out) != 0 && ok) {
        hw_error_set(err, "%s: %s", tmp, strerror(errno));
        ok = false;
    }
    if (ok && rename(tmp, path) != 0) {
        hw_error_set(err, "%s: %s", path, strerror(errno));
        ok = false;
    }
    if (!ok)
        unlink(tmp);
    return ok;
}

int cmd_report(int argc, char **argv)
{
    static const struct option options[] = {
        { "top", required_argument, NULL, 't' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char *output = "report.html";
    uint64_t top = 10;
    int opt;
    while ((opt = getopt_long(argc, argv, ":o:h", options, NULL)) != -1) {
        switch (opt) {
        case 'o': output = optarg; break;
        case 't':
            if (!hw_cli_count("report", "--top", optarg, &top))
                return HW_EXIT_ERROR;
            if (top == 0)
                return hw_cli_error("report", "--top: at least 1");
            break;
        case 'h': fputs(usage, stdout); return HW_EXIT_OK;
        default: return hw_cli_bad_option("report", argv, opt);
        }
    }
    if (argc - optind > 1)
        return hw_cli_error("report", "one DIR at most (see heapwatch report --help)");
    struct report r;
    struct hw_error err;
    bool ok = report_build(optind < argc ? argv[optind] : ".", top, &r, &err);
    off_t size = 0;
    if (ok && strcmp(output, "-") == 0)
        ok = write_page(stdout, "standard output", &r, &err);
    else if (ok && (ok = write_file(output, &r, &size, &err))) {
        size_t ndumps = 0;
        for (size_t i = 0; i < r.dir.nprocs; i++)
            ndumps += r.dir.procs[i].ndumps;
        char human[HW_HUMAN_SIZE];
        printf("wrote %s (%s): %zu process%s, %zu dumps\n", output, hw_human_bytes((double)size, human), r.dir.nprocs,
               r.dir.nprocs > 1 ? "es" : "", ndumps);
    }
    report_free(&r);
    return ok ? HW_EXIT_OK : hw_cli_fail("report", &err);
}
