/*
 * core_output - deterministic stdout from heap-built lines, then exit status 3.
 *
 * For tests/core/test_bad_env.sh: under any HEAPWATCH_* setting, however wrong, and with an
 * unwritable dump directory, the stdout and exit status must be exactly those of the program run
 * without heapwatch. An optional argument keeps it alive that many seconds, so interval dumps are
 * attempted (and must fail only once, quietly) before it exits.
 */
#include <string.h>

#include "core_wait.h"

enum { LINES = 200 };

__attribute__((noinline)) static char *output_make_line(int n)
{
    char *line = malloc(64);
    if (line)
        snprintf(line, 64, "line %d of %d: %d", n, LINES, n * n);
    return line;
}

int main(int argc, char **argv)
{
    static char *lines[LINES];
    for (int i = 0; i < LINES; i++)
        if (!(lines[i] = output_make_line(i)))
            return 1;
    for (int i = 0; i < LINES; i++)
        puts(lines[i]);
    for (int i = 0; i < LINES; i += 2)
        free(lines[i]);
    fflush(stdout);
    if (argc > 1)
        sleep_for(strtod(argv[1], NULL));
    return 3;
}
