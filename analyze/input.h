/* input.h: the DUMP|DIR argument of top, flame and pprof: a dump file as given, or the newest dump of a
 * directory (of the one process there, or of --pid). */
#ifndef HEAPWATCH_INPUT_H
#define HEAPWATCH_INPUT_H

#include <stdint.h>

#include "dump.h"

struct hw_input {
    struct hw_dump dump;
    struct hw_dir dir;        /* scanned when the argument is a directory */
};

/* PID 0: the directory must hold one process. */
bool hw_input_open(const char *path, uint64_t pid, struct hw_input *in, struct hw_error *err);

/* For subcommand CMD, after option parsing: opens the optional DUMP|DIR operand among ARGV[FIRST..ARGC)
 * (default: the current directory). On failure prints why and returns false with *STATUS set. */
bool hw_input_open_operand(const char *cmd, int argc, char **argv, int first, uint64_t pid, struct hw_input *in,
                           int *status);
void hw_input_close(struct hw_input *in);

#endif
