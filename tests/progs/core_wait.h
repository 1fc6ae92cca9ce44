/*
 * core_wait.h - how the core test programs wait: at pause points the test drives, or for a time.
 *
 * A test takes a dump at a known moment of a program's allocation pattern by having the program
 * stop there: it announces "POINT PID" on stdout and waits for a line on stdin while the test sends
 * the dump signal and waits for the file (tests/core/runs.sh is the other side). Plain write/read
 * rather than stdio, so that waiting allocates nothing and the dumps show only the pattern the
 * program is about. Timed waits resume after signals, since heapwatch's dump signal may land in
 * any thread, and a profiled program must not end its sleep early because of it.
 */
#ifndef CORE_WAIT_H
#define CORE_WAIT_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static inline void announce(const char *point)
{
    char line[64];
    int len = snprintf(line, sizeof line, "%s %d\n", point, (int)getpid());
    if (write(STDOUT_FILENO, line, len) != len)
        exit(2);
}

static inline void wait_for_line(void)
{
    char c;
    do {
        if (read(STDIN_FILENO, &c, 1) != 1)
            exit(2);
    } while (c != '\n');
}

static inline void pause_for_test(const char *point)
{
    announce(point);
    wait_for_line();
}

static inline void sleep_for(double seconds)
{
    struct timespec until;
    clock_gettime(CLOCK_MONOTONIC, &until);
    long nanos = until.tv_nsec + (long)((seconds - (long)seconds) * 1e9);
    until.tv_sec += (long)seconds + nanos / 1000000000L;
    until.tv_nsec = nanos % 1000000000L;
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL) == EINTR)
        continue;
}

#endif
