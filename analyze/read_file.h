/* read_file.h: reads a whole input file into memory, with one clear message when it cannot. */
#ifndef HEAPWATCH_READ_FILE_H
#define HEAPWATCH_READ_FILE_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

/* On success *TEXT (malloc'ed, NUL-terminated after LEN bytes) belongs to the caller. */
bool hw_read_file(const char *path, char **text, size_t *len, struct hw_error *err);

#endif
