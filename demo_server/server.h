/*
 * server.h - the server as a whole: its listener, its connections (each in exactly one deadline
 * queue, by phase), its counters, and the loop that runs them until SIGINT/SIGTERM.
 *
 * One thread serves every connection; the queues double as the list of open connections, so
 * closing everything at shutdown needs no other registry.
 */
#ifndef DEMO_SERVER_H
#define DEMO_SERVER_H

#include <openssl/ssl.h>

#include "conn.h"
#include "deadline_queue.h"
#include "event_loop.h"
#include "listener.h"
#include "options.h"
#include "stats.h"
#include "stop_signal.h"

struct server {
    const struct server_options *opt;
    SSL_CTX *tls;
    struct event_loop loop;
    struct stop_signal stop;
    struct listener listener;
    struct deadline_queue phase[CONN_PHASE_COUNT];
    struct server_stats stats;
    uint64_t started_ms;
    uint64_t next_tick_ms;      /* the next summary line */
    uint64_t next_trim_ms;      /* the next malloc_trim, or DEADLINE_NEVER */
};

/* Listens and prepares the loop. 0, or -1 after one line on stderr (nothing left open). */
int server_open(struct server *srv, const struct server_options *opt, SSL_CTX *tls);
/* Serves until SIGINT/SIGTERM. 0, or -1 if the loop itself failed. */
int server_run(struct server *srv);
/* Stops listening, closes every connection and releases everything server_open made. */
void server_close(struct server *srv);

size_t server_open_connections(const struct server *srv);
struct stats_gauges server_gauges(const struct server *srv);

#endif
