/*
 * stress_report.h - what the stress programs (tests/stress/) tell their tests, and how they pick.
 *
 * A stress program knows the exact truth about the blocks it keeps: it prints one
 * "expect FUNCTION BYTES BLOCKS" line per allocating function, and the test compares that line
 * with the stacks of the exit dump that have FUNCTION at frame 0. Output goes through write(2),
 * and random choices come from a per-thread splitmix64 state, so neither stdio nor rand()
 * adds allocations or locks of its own to the pattern under test.
 */
#ifndef STRESS_REPORT_H
#define STRESS_REPORT_H

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* One line on stdout, in a single write. */
__attribute__((format(printf, 1, 2))) static inline void say(const char *fmt, ...)
{
    char line[256];
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (len < 0 || (size_t)len >= sizeof line || write(STDOUT_FILENO, line, (size_t)len) != len)
        _exit(2);
}

static inline void expect(const char *function, uint64_t bytes, uint64_t blocks)
{
    say("expect %s %llu %llu\n", function, (unsigned long long)bytes, (unsigned long long)blocks);
}

/* The program could not do what it is for (a failed malloc, a wrong result): exit 3 with a reason. */
static inline void die(const char *why)
{
    say("error %s\n", why);
    _exit(3);
}

/* splitmix64: a reproducible sequence per thread. */
static inline uint64_t pick(uint64_t *state)
{
    uint64_t z = (*state += UINT64_C(0x9e3779b97f4a7c15));
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

/* argv[i] as a positive count, or the default. */
static inline long count_arg(int argc, char **argv, int i, long fallback)
{
    if (argc <= i)
        return fallback;
    long v = strtol(argv[i], NULL, 10);
    if (v <= 0)
        die("bad count argument");
    return v;
}

#endif
