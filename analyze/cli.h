/* cli.h: what every subcommand shares on its command line: exit statuses, error lines prefixed with
 * the subcommand's name, and strict parsing of numeric option values. */
#ifndef HEAPWATCH_CLI_H
#define HEAPWATCH_CLI_H

#include <stdbool.h>
#include <stdint.h>

#include "error.h"

#define HW_EXIT_OK 0
#define HW_EXIT_VIOLATION 1   /* `check` found a stack over its limit */
#define HW_EXIT_ERROR 2       /* bad usage or unusable input */
#define HW_CONTINUE (-1)      /* from option parsers: options were fine, go on */

/* Prints "heapwatch CMD: message" on stderr; returns HW_EXIT_ERROR. */
__attribute__((format(printf, 2, 3)))
int hw_cli_error(const char *cmd, const char *fmt, ...);

/* Prints ERR's message the same way; returns HW_EXIT_ERROR. */
int hw_cli_fail(const char *cmd, const struct hw_error *err);

/* Reports the option getopt_long rejected with RESULT ('?' unknown, ':' missing value; the option
 * string must start with ':'); returns HW_EXIT_ERROR. */
int hw_cli_bad_option(const char *cmd, char **argv, int result);

/* A non-negative decimal integer; prints the error itself. */
bool hw_cli_count(const char *cmd, const char *opt, const char *text, uint64_t *out);

/* A byte count: digits with an optional binary unit K, M, G (or KiB, MiB, GiB, or B). */
bool hw_cli_bytes(const char *cmd, const char *opt, const char *text, uint64_t *out);

/* One of the NULL-terminated WORDS; *out is its index. */
bool hw_cli_choice(const char *cmd, const char *opt, const char *text, const char *const *words, int *out);

/* A non-negative number of seconds, fractions allowed. */
bool hw_cli_seconds(const char *cmd, const char *opt, const char *text, double *out);

#endif
