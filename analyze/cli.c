/* cli.c: command-line helpers shared by the subcommands (see cli.h). */
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int hw_cli_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "heapwatch %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return HW_EXIT_ERROR;
}

int hw_cli_fail(const char *cmd, const struct hw_error *err)
{
    return hw_cli_error(cmd, "%s", err->msg);
}

int hw_cli_bad_option(const char *cmd, char **argv, int result)
{
    char short_opt[3] = { '-', (char)optopt, '\0' };
    const char *last = argv[optind - 1];
    const char *given = strncmp(last, "--", 2) == 0 || !optopt ? last : short_opt;
    if (result == ':')
        return hw_cli_error(cmd, "option %s needs a value (see heapwatch %s --help)", given, cmd);
    return hw_cli_error(cmd, "unknown option %s (see heapwatch %s --help)", given, cmd);
}

/* Splits TEXT into an unsigned integer and the text after it. */
static bool leading_count(const char *text, uint64_t *value, const char **rest)
{
    if (text[0] < '0' || text[0] > '9')
        return false;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    if (errno == ERANGE)
        return false;
    *value = v;
    *rest = end;
    return true;
}

bool hw_cli_count(const char *cmd, const char *opt, const char *text, uint64_t *out)
{
    const char *rest;
    if (leading_count(text, out, &rest) && *rest == '\0')
        return true;
    hw_cli_error(cmd, "%s: '%s' is not a non-negative integer", opt, text);
    return false;
}

bool hw_cli_bytes(const char *cmd, const char *opt, const char *text, uint64_t *out)
{
    static const struct {
        const char *suffix;
        unsigned shift;
    } units[] = {
        { "", 0 }, { "B", 0 }, { "K", 10 }, { "KiB", 10 }, { "M", 20 }, { "MiB", 20 }, { "G", 30 }, { "GiB", 30 },
    };
    uint64_t value;
    const char *rest;
    if (leading_count(text, &value, &rest))
        for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
            if (strcmp(rest, units[i].suffix) == 0 && value <= (UINT64_MAX >> units[i].shift)) {
                *out = value << units[i].shift;
                return true;
            }
    hw_cli_error(cmd, "%s: '%s' is not a byte count (e.g. 4096, 64K, 1MiB)", opt, text);
    return false;
}

bool hw_cli_choice(const char *cmd, const char *opt, const char *text, const char *const *words, int *out)
{
    for (int i = 0; words[i]; i++)
        if (strcmp(text, words[i]) == 0) {
            *out = i;
            return true;
        }
    hw_cli_error(cmd, "%s: '%s' is not one of the choices (see heapwatch %s --help)", opt, text, cmd);
    return false;
}

bool hw_cli_seconds(const char *cmd, const char *opt, const char *text, double *out)
{
    /* strtod alone would also take a sign, leading blanks, "inf" and "nan". */
    bool plain_number = (text[0] >= '0' && text[0] <= '9') || text[0] == '.';
    char *end;
    double v = plain_number ? strtod(text, &end) : 0;
    if (plain_number && *end == '\0' && v < 1e9) {
        *out = v;
        return true;
    }
    hw_cli_error(cmd, "%s: '%s' is not a number of seconds", opt, text);
    return false;
}
