/* main.c: `heapwatch SUBCOMMAND ...`: dispatches to the subcommand named first on the command line. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "commands.h"

static const struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} commands[] = {
    { "run", cmd_run, "run a program with libheapwatch.so preloaded" },
    { "top", cmd_top, "rank the live heap of one dump by stack, function, OpenSSL site or module" },
    { "diff", cmd_diff, "per-stack change in live bytes between two dumps" },
    { "trend", cmd_trend, "rank leak suspects over a dump series: growth per second or per open socket" },
    { "flame", cmd_flame, "collapsed stacks of one dump for flamegraph.pl, speedscope, inferno" },
    { "pprof", cmd_pprof, "one dump as a heap profile for go tool pprof" },
    { "check", cmd_check, "fail when a stack grew more than allowed (a leak gate for CI)" },
    { "report", cmd_report, "one self-contained HTML page: memory over time, leak suspects, flame graph" },
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void print_usage(FILE *out)
{
    fputs("usage: heapwatch SUBCOMMAND [options] [args]\n"
          "Reads the heap dumps libheapwatch.so writes, or runs a program under it.\n\n", out);
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(out, "  %-7s %s\n", commands[i].name, commands[i].summary);
    fputs("\n`heapwatch SUBCOMMAND --help` describes each; `man heapwatch` has the details.\n", out);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        print_usage(stderr);
        return HW_EXIT_ERROR;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
        print_usage(stdout);
        return HW_EXIT_OK;
    }
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "heapwatch: unknown subcommand '%s' (try heapwatch --help)\n", argv[1]);
    return HW_EXIT_ERROR;
}
