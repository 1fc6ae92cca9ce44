/*
 * symbolize.h - turning a code address into module+offset, function+offset and file:line.
 *
 * Runs only on the dump thread (or the exiting thread, under the dump lock), never on the
 * allocation path, so it may be slow and may allocate (through the guard, untracked). Results are
 * cached per address: successive dumps show mostly the same frames.
 */
#ifndef HEAPWATCH_SYMBOLIZE_H
#define HEAPWATCH_SYMBOLIZE_H

#include <stdint.h>

struct frame_symbol {
    const char *module;    /* NULL = unknown */
    uint64_t module_offset;
    const char *function;  /* NULL = unknown */
    uint64_t function_offset;
    const char *file;      /* NULL = no debug information */
    int line;
};

/* Picks up libraries loaded since the last call. */
void symbolize_refresh(void);

void symbolize(uintptr_t address, struct frame_symbol *out);

/* Whether the main executable's own symbol table defines `name` (e.g. OpenSSL linked statically). */
int symbolize_executable_defines(const char *name);

/* In a forked child: forget state the parent's dump thread may have left half-updated. */
void symbolize_after_fork(void);

#endif
