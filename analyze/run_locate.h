/* run_locate.h: the two files `heapwatch run` must find before it execs: the library to preload and
 * the program to run. */
#ifndef HEAPWATCH_RUN_LOCATE_H
#define HEAPWATCH_RUN_LOCATE_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

/* libheapwatch.so next to the running heapwatch executable (a build tree, or an install's bin/ when
 * the library was copied beside it), else the installed $(PREFIX)/lib/libheapwatch.so. */
bool hw_find_library(char *out, size_t size, struct hw_error *err);

/* Resolves NAME as execvp will: as a path when it contains '/', else through $PATH. False when no
 * executable file of that name exists. */
bool hw_find_program(const char *name, char *out, size_t size);

#endif
