/*
 * option_loop.h - the command-line loop of both demo programs: getopt_long hands each option to
 * the program's own handler, and anything else (an unknown option, a missing value, a stray
 * operand) gets the same one-line usage error in either program.
 */
#ifndef DEMO_OPTION_LOOP_H
#define DEMO_OPTION_LOOP_H

#include <getopt.h>

/* Applies option ID with its VALUE (NULL when it takes none) to STATE. Returns -1 to go on, or
 * the exit status to end with at once. */
typedef int (*option_handler)(int id, const char *value, void *state);

/* Runs HANDLER over every option of ARGV. Returns -1 when all went well, else the exit status
 * to end with: the handler's, or 2 after a usage error it has reported. */
int option_loop(const char *program, int argc, char **argv, const char *short_options,
                const struct option *long_options, option_handler handler, void *state);

/* Reports "PROGRAM: WHAT 'VALUE' (see --help)" on stderr; returns 2, the usage-error status. */
int usage_error(const char *program, const char *what, const char *value);

#endif
