/*
 * stats.h - what the server counts, and the two ways it shows them: one summary line per second
 * on stderr (the operator's view while clients pile up) and JSON at GET /stats (for scripts and
 * tests).
 */
#ifndef DEMO_SERVER_STATS_H
#define DEMO_SERVER_STATS_H

#include <stddef.h>
#include <stdint.h>

/* Why a connection ended. Every accepted connection ends with exactly one of these, so
 * accepted == open + the sum of closed[]. */
enum close_reason {
    CLOSE_PEER,               /* the client closed, reset or broke TLS after the handshake */
    CLOSE_HANDSHAKE_FAILED,   /* not TLS, or a handshake the client abandoned */
    CLOSE_HANDSHAKE_TIMEOUT,
    CLOSE_REQUEST_TIMEOUT,    /* a request or its response took too long (slow or stalled peer) */
    CLOSE_IDLE_TIMEOUT,       /* the fix for idle keep-alive connections */
    CLOSE_AFTER_RESPONSE,     /* Connection: close, HTTP/1.0, or a refused request */
    CLOSE_SERVER_ERROR,       /* out of memory or descriptors on our side */
    CLOSE_SHUTDOWN,           /* SIGINT/SIGTERM */
    CLOSE_REASON_COUNT
};

struct server_stats {
    uint64_t accepted;          /* connections taken on */
    uint64_t rejected;          /* connections closed at once because --max-conns were open */
    uint64_t handshakes;        /* completed TLS handshakes */
    uint64_t requests;          /* requests answered, refused ones included */
    uint64_t refused_requests;  /* answered with 4xx/5xx because malformed, too large or unsupported */
    uint64_t closed[CLOSE_REASON_COUNT];
};

/* The figures that are states rather than counts. */
struct stats_gauges {
    size_t handshaking, busy, idle;
    double uptime_s;
};

/* The JSON object served at /stats into buf; returns its length (truncated to size - 1). */
size_t stats_format_json(const struct server_stats *stats, const struct stats_gauges *gauges,
                         char *buf, size_t size);

/* One line on stderr: UTC time, open connections, requests, idle closes, rejections, RSS. */
void stats_log_line(const struct server_stats *stats, const struct stats_gauges *gauges);

#endif
