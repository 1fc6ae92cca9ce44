/* cmd_pprof.c: `heapwatch pprof [DUMP|DIR] -o FILE`: one dump as a gperftools legacy heap profile, the
 * text format `go tool pprof` (and jeprof) read: a `heap profile:` header with in-use and allocated
 * objects and bytes, one line per stack with its raw return addresses leaf first (lowercase hex, as the
 * reader requires), then MAPPED_LIBRARIES from the dump's `map` records so pprof can symbolize against
 * the binaries. Every stack the dump lists (in any ranking) is written; the stacks only counted in its
 * `rest` cannot be, as the dump has no frames for them. */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "input.h"
#include "stack_set.h"

static const char usage[] =
    "usage: heapwatch pprof [DUMP|DIR] [-o FILE] [--pid PID]\n"
    "Writes the dump as a gperftools heap profile (text) for go tool pprof, e.g.\n"
    "  heapwatch pprof DIR -o heap.prof && go tool pprof -top -inuse_space heap.prof\n"
    "Sample types: inuse_space, inuse_objects, alloc_space, alloc_objects.\n"
    "  -o FILE     write there (default: standard output)\n"
    "  --pid PID   which process, when DIR holds dumps of several\n";

static void write_profile(FILE *out, const struct hw_stack_set *set, const struct hw_dump *d)
{
    uint64_t in_objects = 0, in_bytes = 0, alloc_objects = 0, alloc_bytes = 0;
    for (size_t i = 0; i < set->n; i++) {
        in_objects += set->stacks[i]->live_blocks;
        in_bytes += set->stacks[i]->live_bytes;
        alloc_objects += set->stacks[i]->alloc_blocks;
        alloc_bytes += set->stacks[i]->alloc_bytes;
    }
    fprintf(out, "heap profile: %6" PRIu64 ": %8" PRIu64 " [%6" PRIu64 ": %8" PRIu64 "] @ heapprofile\n", in_objects,
            in_bytes, alloc_objects, alloc_bytes);
    for (size_t i = 0; i < set->n; i++) {
        const struct hw_stack *s = set->stacks[i];
        fprintf(out, "%6" PRIu64 ": %8" PRIu64 " [%6" PRIu64 ": %8" PRIu64 "] @", s->live_blocks, s->live_bytes,
                s->alloc_blocks, s->alloc_bytes);
        for (size_t f = 0; f < s->nframes; f++)
            fprintf(out, " 0x%" PRIx64, s->frames[f].address);
        fputc('\n', out);
    }
    fputs("\nMAPPED_LIBRARIES:\n", out);
    for (size_t i = 0; i < d->nmaps; i++) {
        const struct hw_map *m = &d->maps[i];
        fprintf(out, "%" PRIx64 "-%" PRIx64 " r-xp %08" PRIx64 " 00:00 0 %s\n", m->start, m->end, m->file_offset,
                m->path ? m->path : "?");
    }
}

static int write_to(const struct hw_dump *d, const char *path)
{
    struct hw_stack_set set;
    if (!hw_stack_set_build(d, &set))
        return hw_cli_error("pprof", "out of memory");
    FILE *out = path ? fopen(path, "w") : stdout;
    int status = HW_EXIT_OK;
    if (!out) {
        status = hw_cli_error("pprof", "%s: %s", path, strerror(errno));
    } else {
        write_profile(out, &set, d);
        bool failed = ferror(out) != 0;
        if (path)
            failed |= fclose(out) != 0;
        else
            failed |= fflush(out) != 0;
        if (failed)
            status = hw_cli_error("pprof", "%s: write failed: %s", path ? path : "standard output", strerror(errno));
    }
    hw_stack_set_free(&set);
    return status;
}

int cmd_pprof(int argc, char **argv)
{
    static const struct option options[] = {
        { "pid", required_argument, NULL, 'p' }, { "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 },
    };
    const char *output = NULL;
    uint64_t pid = 0;
    int opt;
    while ((opt = getopt_long(argc, argv, ":o:h", options, NULL)) != -1) {
        switch (opt) {
        case 'o': output = optarg; break;
        case 'p': if (!hw_cli_count("pprof", "--pid", optarg, &pid)) return HW_EXIT_ERROR; break;
        case 'h': fputs(usage, stdout); return HW_EXIT_OK;
        default: return hw_cli_bad_option("pprof", argv, opt);
        }
    }
    struct hw_input in;
    int status;
    if (!hw_input_open_operand("pprof", argc, argv, optind, pid, &in, &status))
        return status;
    status = write_to(&in.dump, output);
    hw_input_close(&in);
    return status;
}
