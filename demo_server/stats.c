/*
 * stats.c - formatting the server's counters (see stats.h).
 *
 * Both outputs are written without allocating or touching the time-zone machinery
 * (localtime would load and keep /etc/localtime), so they never show up in the heap profile
 * they are meant to explain.
 */
#include "stats.h"

#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "options.h"

static const char *const CLOSE_REASON_NAMES[CLOSE_REASON_COUNT] = {
    [CLOSE_PEER] = "peer",
    [CLOSE_HANDSHAKE_FAILED] = "handshake_failed",
    [CLOSE_HANDSHAKE_TIMEOUT] = "handshake_timeout",
    [CLOSE_REQUEST_TIMEOUT] = "request_timeout",
    [CLOSE_IDLE_TIMEOUT] = "idle_timeout",
    [CLOSE_AFTER_RESPONSE] = "after_response",
    [CLOSE_SERVER_ERROR] = "server_error",
    [CLOSE_SHUTDOWN] = "shutdown",
};

/* Resident set size from /proc/self/statm, read with plain system calls (no stdio buffer). */
static uint64_t process_rss_bytes(void)
{
    char text[128];
    int fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    ssize_t n = read(fd, text, sizeof text - 1);
    close(fd);
    if (n <= 0)
        return 0;
    text[n] = '\0';
    unsigned long long size_pages, resident_pages;
    if (sscanf(text, "%llu %llu", &size_pages, &resident_pages) != 2)
        return 0;
    return resident_pages * (uint64_t)sysconf(_SC_PAGESIZE);
}

static size_t open_connections(const struct stats_gauges *g)
{
    return g->handshaking + g->busy + g->idle;
}

/* Appends to buf at *used, keeping *used within size - 1 when the text does not fit. */
static void append(char *buf, size_t size, size_t *used, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    int n = vsnprintf(buf + *used, size - *used, format, args);
    va_end(args);
    if (n > 0)
        *used += (size_t)n < size - *used ? (size_t)n : size - *used - 1;
}

size_t stats_format_json(const struct server_stats *stats, const struct stats_gauges *gauges,
                         char *buf, size_t size)
{
    size_t used = 0;
    buf[0] = '\0';
    append(buf, size, &used,
           "{\"open\":%zu,\"handshaking\":%zu,\"busy\":%zu,\"idle\":%zu,"
           "\"accepted\":%" PRIu64 ",\"rejected\":%" PRIu64 ",\"handshakes\":%" PRIu64 ","
           "\"requests\":%" PRIu64 ",\"refused_requests\":%" PRIu64,
           open_connections(gauges), gauges->handshaking, gauges->busy, gauges->idle,
           stats->accepted, stats->rejected, stats->handshakes, stats->requests,
           stats->refused_requests);
    for (int r = 0; r < CLOSE_REASON_COUNT; r++)
        append(buf, size, &used, ",\"closed_%s\":%" PRIu64, CLOSE_REASON_NAMES[r], stats->closed[r]);
    append(buf, size, &used, ",\"uptime_s\":%.3f,\"rss_bytes\":%" PRIu64 "}\n", gauges->uptime_s,
           process_rss_bytes());
    return used;
}

void stats_log_line(const struct server_stats *stats, const struct stats_gauges *gauges)
{
    time_t now = time(NULL);
    unsigned seconds_of_day = (unsigned)(now % 86400);
    fprintf(stderr,
            "%s: %02u:%02u:%02uZ open %zu (idle %zu) accepted %" PRIu64 " requests %" PRIu64
            " closed-idle %" PRIu64 " rejected %" PRIu64 " rss %.1fMiB\n",
            DEMO_SERVER_NAME, seconds_of_day / 3600, seconds_of_day / 60 % 60, seconds_of_day % 60,
            open_connections(gauges), gauges->idle, stats->accepted, stats->requests,
            stats->closed[CLOSE_IDLE_TIMEOUT], stats->rejected,
            (double)process_rss_bytes() / (1024.0 * 1024.0));
}
