/*
 * client.h - the client as a whole: the opening schedule, the open connections (each in one
 * deadline queue: still setting up, or idle), the counts, and the loop.
 *
 * One process and one thread hold every connection, so thousands of idle clients cost a few
 * kilobytes each on this side instead of a process or thread apiece.
 */
#ifndef DEMO_CLIENT_H
#define DEMO_CLIENT_H

#include <sys/socket.h>
#include <openssl/ssl.h>

#include "deadline_queue.h"
#include "event_loop.h"
#include "options.h"
#include "stop_signal.h"

struct client_counts {
    unsigned long started;          /* connections begun */
    unsigned long responded;        /* got their whole response */
    unsigned long failed;           /* ended before their response (refused, TLS, HTTP, timeout) */
    unsigned long server_closed;    /* closed by the server after their response */
    unsigned long held;             /* closed by us once --hold was over */
};

struct client {
    const struct client_options *opt;
    SSL_CTX *tls;
    struct event_loop loop;
    struct stop_signal stop;
    struct sockaddr_storage addr;
    socklen_t addr_len;
    struct deadline_queue setting_up;   /* from connect to a complete response (--timeout) */
    struct deadline_queue idle;         /* after the response (--hold) */
    struct client_counts counts;
    struct client_counts reported;      /* the counts of the last progress line */
    size_t reported_idle;
    char request[256];                  /* the same GET for every connection */
    size_t request_len;
    char scratch[16384];                /* response bodies and idle reads land here and are dropped */
    uint64_t started_ms, next_progress_ms;
};

/* Resolves the server and prepares the loop. 0, or -1 after one line on stderr. */
int client_open(struct client *cl, const struct client_options *opt, SSL_CTX *tls);
/* Opens the connections on schedule and holds them until all are closed or a signal comes.
 * 0, or -1 if the loop itself failed. */
int client_run(struct client *cl);
/* Closes what is still open and releases everything client_open made. */
void client_close(struct client *cl);

#endif
