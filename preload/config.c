/*
 * config.c - parsing and validating HEAPWATCH_* variables.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/auxv.h>
#include <unistd.h>

#include "arena.h"
#include "log.h"

struct hw_config hw_config = {
    .enabled = 1, .interval = 5.0, .signal = SIGUSR2, .top = 20, .depth = 32, .keep = 0, .sample = 0,
};

static int parse_uint(const char *text, uint64_t lo, uint64_t hi, uint64_t *out)
{
    if (!text[0] || text[0] == '-' || text[0] == '+')
        return -1;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    if (errno || *end || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

static void read_uint(const char *name, uint64_t lo, uint64_t hi, uint32_t *field32, uint64_t *field64)
{
    const char *text = secure_getenv(name);
    if (!text)
        return;
    uint64_t v;
    if (parse_uint(text, lo, hi, &v) == 0) {
        if (field32)
            *field32 = (uint32_t)v;
        else
            *field64 = v;
        return;
    }
    hw_warn("%s='%.64s' is not a whole number from %llu to %llu; using %llu", name, text,
            (unsigned long long)lo, (unsigned long long)hi,
            (unsigned long long)(field32 ? *field32 : *field64));
}

static void read_interval(void)
{
    const char *text = secure_getenv("HEAPWATCH_INTERVAL");
    if (!text)
        return;
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (!errno && end != text && !*end && v >= 0 && v <= 86400.0 && (v == 0 || v >= 0.01)) {
        hw_config.interval = v;
        return;
    }
    hw_warn("HEAPWATCH_INTERVAL='%.64s' is not a number of seconds (0, or 0.01 to 86400); using %g", text,
            hw_config.interval);
}

int config_parse_signal(const char *text)
{
    static const struct {
        const char *name;
        int number;
    } names[] = {
        {"HUP", SIGHUP}, {"USR1", SIGUSR1}, {"USR2", SIGUSR2}, {"WINCH", SIGWINCH},
        {"URG", SIGURG}, {"PROF", SIGPROF}, {"VTALRM", SIGVTALRM}, {"PWR", SIGPWR},
    };
    uint64_t n;
    if (parse_uint(text, 0, 0, &n) == 0)
        return 0;
    if (parse_uint(text, 1, (uint64_t)SIGRTMAX, &n) == 0) {
        int bad[] = {SIGKILL, SIGSTOP, SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP, SIGSYS};
        for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
            if ((int)n == bad[i])
                return -1;
        return (int)n;
    }
    if (strncasecmp(text, "SIG", 3) == 0)
        text += 3;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcasecmp(text, names[i].name) == 0)
            return names[i].number;
    int base, sign;
    if (strncasecmp(text, "RTMIN", 5) == 0)
        base = SIGRTMIN, sign = 1;
    else if (strncasecmp(text, "RTMAX", 5) == 0)
        base = SIGRTMAX, sign = -1;
    else
        return -1;
    text += 5;
    if (!*text)
        return base;
    if (*text != (sign > 0 ? '+' : '-') || parse_uint(text + 1, 0, (uint64_t)(SIGRTMAX - SIGRTMIN), &n) != 0)
        return -1;
    return base + sign * (int)n;
}

static void read_signal(void)
{
    const char *text = secure_getenv("HEAPWATCH_SIGNAL");
    if (!text)
        return;
    int sig = config_parse_signal(text);
    if (sig < 0) {
        hw_warn("HEAPWATCH_SIGNAL='%.64s' is not a usable signal (USR1, USR2, RTMIN+N, a number, or 0 for none);"
                " using SIGUSR2",
                text);
        return;
    }
    hw_config.signal = sig;
    hw_config.signal_forced = 1;
}

static void read_dir(void)
{
    const char *text = secure_getenv("HEAPWATCH_DIR");
    char *dir = hw_config.dir;
    size_t cap = sizeof hw_config.dir;
    if (text && !*text) {
        hw_warn("HEAPWATCH_DIR is empty; using the current directory");
        text = NULL;
    }
    if (text && text[0] == '/') {
        if (snprintf(dir, cap, "%s", text) < (int)cap - 64)
            return;
        hw_warn("HEAPWATCH_DIR is too long; using the current directory");
        text = NULL;
    }
    if (!getcwd(dir, cap - 64)) {
        snprintf(dir, cap, "/tmp");
        hw_warn("cannot determine the current directory; dumps go to /tmp");
        return;
    }
    if (text) {
        size_t len = strlen(dir);
        if (snprintf(dir + len, cap - len, "/%s", text) >= (int)(cap - len) - 64) {
            dir[len] = '\0';
            hw_warn("HEAPWATCH_DIR is too long; using the current directory");
        }
    }
}

void config_load(void)
{
    if (getauxval(AT_SECURE)) {
        hw_config.enabled = 0;
        return;
    }
    read_dir();
    read_interval();
    read_signal();
    read_uint("HEAPWATCH_TOP", 1, 10000, &hw_config.top, NULL);
    read_uint("HEAPWATCH_DEPTH", 1, 128, &hw_config.depth, NULL);
    read_uint("HEAPWATCH_KEEP", 0, 1000000000, &hw_config.keep, NULL);
    read_uint("HEAPWATCH_SAMPLE", 0, UINT64_C(1) << 40, NULL, &hw_config.sample);

    /* For the fault-injection tests: heapwatch's own memory stops growing past this many bytes. */
    uint64_t limit = 0;
    read_uint("HEAPWATCH_TEST_MMAP_LIMIT", 1, UINT64_MAX, NULL, &limit);
    if (limit)
        arena_set_limit(limit);
}
