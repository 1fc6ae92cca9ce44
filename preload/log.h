/*
 * log.h - heapwatch's only output besides its files: one stderr line per problem.
 *
 * Lines start with "heapwatch:" and are written with a single write(2) so they neither allocate
 * nor interleave with the program's own output. Never stdout: programs parse their stdout.
 */
#ifndef HEAPWATCH_LOG_H
#define HEAPWATCH_LOG_H

void hw_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Warns only the first time *once is seen clear (per process); returns 1 if it warned. */
int hw_warn_once(int *once, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
