/*
 * config.h - heapwatch's settings, read once from HEAPWATCH_* at start.
 *
 * Read once, not on demand: servers such as nginx wipe the environment of their worker processes,
 * which must keep the settings they inherited. A bad value gets one warning naming the variable
 * and the default used instead.
 */
#ifndef HEAPWATCH_CONFIG_H
#define HEAPWATCH_CONFIG_H

#include <limits.h>
#include <stdint.h>

struct hw_config {
    int enabled;          /* 0 in setuid/setgid programs: heapwatch stays inert */
    char dir[PATH_MAX];   /* absolute: the program may chdir later */
    double interval;      /* seconds between dumps; 0 = signal and exit only */
    int signal;           /* dump signal; 0 = none */
    int signal_forced;    /* set explicitly: install even over the program's disposition */
    uint32_t top;         /* stacks in the live ranking */
    uint32_t depth;       /* frames kept per stack */
    uint32_t keep;        /* dump files kept per process; 0 = all */
    uint64_t sample;      /* mean bytes between samples; 0 = track every allocation */
};

extern struct hw_config hw_config;

/* Fills hw_config from the environment; warns about bad values. */
void config_load(void);

/* Parses a signal name ("USR2", "SIGRTMIN+5", "12"); returns the number, 0 for "0", -1 if invalid. */
int config_parse_signal(const char *text);

#endif
