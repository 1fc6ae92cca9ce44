/*
 * option_loop.c - the demo programs' command-line loop (see option_loop.h).
 */
#include "option_loop.h"

#include <stdio.h>

int usage_error(const char *program, const char *what, const char *value)
{
    fprintf(stderr, "%s: %s '%s' (see --help)\n", program, what, value);
    return 2;
}

int option_loop(const char *program, int argc, char **argv, const char *short_options,
                const struct option *long_options, option_handler handler, void *state)
{
    int id;
    opterr = 0;    /* one error line, ours */
    while ((id = getopt_long(argc, argv, short_options, long_options, NULL)) != -1) {
        if (id == '?')
            return usage_error(program, "unknown option, or one missing its value:", argv[optind - 1]);
        int status = handler(id, optarg, state);
        if (status >= 0)
            return status;
    }
    if (optind < argc)
        return usage_error(program, "unexpected argument", argv[optind]);
    return -1;
}
