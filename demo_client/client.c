/*
 * client.c - the client's loop: open connections on schedule, expire the slow ones, end the held
 * ones, print progress, and stop when nothing is left open or a signal says so.
 */
#include "client.h"

#include <assert.h>
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>

#include "client_conn.h"
#include "monotonic.h"
#include "progress.h"

/* With --interval 0, the most connections setting up at once: enough to be fast, few enough
 * not to overflow the server's listen backlog. */
#define MAX_SETTING_UP 32

static int resolve(struct client *cl, const struct client_options *opt)
{
    struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *found;
    char port[8];
    snprintf(port, sizeof port, "%u", opt->port);
    int rc = getaddrinfo(opt->host, port, &hints, &found);
    if (rc != 0) {
        fprintf(stderr, "%s: %s: %s\n", DEMO_CLIENT_NAME, opt->host, gai_strerror(rc));
        return -1;
    }
    assert(found);   /* getaddrinfo gives at least one address when it succeeds */
    /* IPv4 first: "localhost" often resolves to ::1 first, where demo_server does not listen. */
    const struct addrinfo *pick = found;
    for (const struct addrinfo *a = found; a; a = a->ai_next)
        if (a->ai_family == AF_INET) {
            pick = a;
            break;
        }
    memcpy(&cl->addr, pick->ai_addr, pick->ai_addrlen);
    cl->addr_len = pick->ai_addrlen;
    freeaddrinfo(found);
    return 0;
}

int client_open(struct client *cl, const struct client_options *opt, SSL_CTX *tls)
{
    memset(cl, 0, sizeof *cl);
    cl->opt = opt;
    cl->tls = tls;
    if (resolve(cl, opt) != 0)
        return -1;
    int len = snprintf(cl->request, sizeof cl->request,
                       "GET / HTTP/1.1\r\nHost: %s:%u\r\nUser-Agent: " DEMO_CLIENT_NAME "\r\n\r\n",
                       opt->host, opt->port);
    if (len < 0 || (size_t)len >= sizeof cl->request) {
        fprintf(stderr, "%s: host name too long\n", DEMO_CLIENT_NAME);
        return -1;
    }
    cl->request_len = (size_t)len;
    deadline_queue_init(&cl->setting_up, seconds_to_ms(opt->timeout));
    deadline_queue_init(&cl->idle, opt->hold > 0 ? seconds_to_ms(opt->hold) : 0);
    if (event_loop_open(&cl->loop) != 0 || stop_signal_open(&cl->stop, &cl->loop) != 0) {
        fprintf(stderr, "%s: event loop: %s\n", DEMO_CLIENT_NAME, strerror(errno));
        event_loop_close(&cl->loop);
        return -1;
    }
    cl->started_ms = cl->loop.now_ms;
    cl->next_progress_ms = cl->started_ms + PROGRESS_INTERVAL_MS;
    return 0;
}

/* When the next connection is due, or DEADLINE_NEVER while none may start. */
static uint64_t next_start_ms(const struct client *cl)
{
    const struct client_options *opt = cl->opt;
    if (cl->counts.started >= opt->count)
        return DEADLINE_NEVER;
    if (opt->interval == 0)
        return cl->setting_up.count < MAX_SETTING_UP ? cl->loop.now_ms : DEADLINE_NEVER;
    return cl->started_ms + (uint64_t)((double)cl->counts.started * opt->interval * 1000.0);
}

static void start_due_connections(struct client *cl)
{
    while (next_start_ms(cl) <= cl->loop.now_ms)
        client_conn_start(cl);
}

static void expire(struct client *cl, struct deadline_queue *q, enum conn_end why, const char *detail)
{
    struct deadline_link *due;
    while ((due = deadline_queue_expired(q, cl->loop.now_ms)))
        client_conn_end(client_conn_of_deadline(due), why, detail);
}

static uint64_t next_wake_up(const struct client *cl)
{
    uint64_t next = cl->next_progress_ms;
    uint64_t candidates[] = { next_start_ms(cl), deadline_queue_next(&cl->setting_up),
                              deadline_queue_next(&cl->idle) };
    for (size_t i = 0; i < sizeof candidates / sizeof candidates[0]; i++)
        if (candidates[i] < next)
            next = candidates[i];
    return next;
}

static bool all_done(const struct client *cl)
{
    return cl->counts.started >= cl->opt->count && cl->setting_up.count == 0 && cl->idle.count == 0;
}

int client_run(struct client *cl)
{
    start_due_connections(cl);
    while (!cl->stop.requested && !all_done(cl)) {
        if (event_loop_dispatch(&cl->loop, next_wake_up(cl)) < 0) {
            fprintf(stderr, "%s: epoll_wait: %s\n", DEMO_CLIENT_NAME, strerror(errno));
            return -1;
        }
        expire(cl, &cl->setting_up, END_FAILED, "timed out before the whole response");
        expire(cl, &cl->idle, END_HELD, NULL);
        start_due_connections(cl);
        if (cl->loop.now_ms >= cl->next_progress_ms) {
            progress_report(cl, false);
            cl->next_progress_ms = cl->loop.now_ms + PROGRESS_INTERVAL_MS;
        }
    }
    return 0;
}

static void end_all(struct deadline_queue *q)
{
    struct deadline_link *first;
    while ((first = deadline_queue_first(q)))
        client_conn_end(client_conn_of_deadline(first), END_STOPPED, NULL);
}

void client_close(struct client *cl)
{
    if (cl->stop.requested)
        printf("%s: SIG%s: closing %zu connections\n", DEMO_CLIENT_NAME,
                sigabbrev_np(cl->stop.signo), cl->setting_up.count + cl->idle.count);
    end_all(&cl->setting_up);
    end_all(&cl->idle);
    progress_report(cl, true);
    stop_signal_close(&cl->stop, &cl->loop);
    event_loop_close(&cl->loop);
}
