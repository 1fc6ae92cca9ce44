/*
 * server.c - the loop: wait for events or the nearest deadline, expire what is due, and once a
 * second log a summary line and (with --trim-interval) give free heap back to the OS.
 */
#include "server.h"

#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <string.h>

#include "monotonic.h"

#define TICK_MS 1000

static int report_errno(const char *what)
{
    fprintf(stderr, "%s: %s: %s\n", DEMO_SERVER_NAME, what, strerror(errno));
    return -1;
}

int server_open(struct server *srv, const struct server_options *opt, SSL_CTX *tls)
{
    memset(srv, 0, sizeof *srv);
    srv->opt = opt;
    srv->tls = tls;
    deadline_queue_init(&srv->phase[CONN_HANDSHAKE], seconds_to_ms(opt->handshake_timeout));
    deadline_queue_init(&srv->phase[CONN_BUSY], seconds_to_ms(opt->request_timeout));
    deadline_queue_init(&srv->phase[CONN_IDLE], seconds_to_ms(opt->idle_timeout));
    if (event_loop_open(&srv->loop) != 0)
        return report_errno("epoll");
    uint64_t now = srv->started_ms = srv->loop.now_ms;
    srv->next_tick_ms = now + TICK_MS;
    srv->next_trim_ms = opt->trim_interval > 0 ? now + seconds_to_ms(opt->trim_interval) : DEADLINE_NEVER;
    if (stop_signal_open(&srv->stop, &srv->loop) != 0) {
        event_loop_close(&srv->loop);
        return report_errno("signal pipe");
    }
    if (listener_open(&srv->listener, srv) != 0) {
        stop_signal_close(&srv->stop, &srv->loop);
        event_loop_close(&srv->loop);
        return -1;
    }
    return 0;
}

size_t server_open_connections(const struct server *srv)
{
    size_t open = 0;
    for (int p = 0; p < CONN_PHASE_COUNT; p++)
        open += srv->phase[p].count;
    return open;
}

struct stats_gauges server_gauges(const struct server *srv)
{
    return (struct stats_gauges){
        .handshaking = srv->phase[CONN_HANDSHAKE].count,
        .busy = srv->phase[CONN_BUSY].count,
        .idle = srv->phase[CONN_IDLE].count,
        .uptime_s = (double)(srv->loop.now_ms - srv->started_ms) / 1000.0,
    };
}

static void expire_deadlines(struct server *srv)
{
    for (int p = 0; p < CONN_PHASE_COUNT; p++) {
        struct deadline_link *due;
        while ((due = deadline_queue_expired(&srv->phase[p], srv->loop.now_ms)))
            conn_close(conn_of_deadline(due), conn_timeout_reason((enum conn_phase)p));
    }
}

static void run_periodic_work(struct server *srv)
{
    if (srv->loop.now_ms >= srv->next_tick_ms) {
        struct stats_gauges gauges = server_gauges(srv);
        stats_log_line(&srv->stats, &gauges);
        srv->next_tick_ms += TICK_MS * ((srv->loop.now_ms - srv->next_tick_ms) / TICK_MS + 1);
    }
    if (srv->loop.now_ms >= srv->next_trim_ms) {
        malloc_trim(0);
        srv->next_trim_ms = srv->loop.now_ms + seconds_to_ms(srv->opt->trim_interval);
    }
}

static uint64_t next_wake_up(const struct server *srv)
{
    uint64_t next = srv->next_tick_ms;
    if (srv->next_trim_ms < next)
        next = srv->next_trim_ms;
    if (srv->listener.resume_ms < next)
        next = srv->listener.resume_ms;
    for (int p = 0; p < CONN_PHASE_COUNT; p++) {
        uint64_t due = deadline_queue_next(&srv->phase[p]);
        if (due < next)
            next = due;
    }
    return next;
}

int server_run(struct server *srv)
{
    while (!srv->stop.requested) {
        if (event_loop_dispatch(&srv->loop, next_wake_up(srv)) < 0)
            return report_errno("epoll_wait");
        expire_deadlines(srv);
        listener_resume_if_due(&srv->listener);
        run_periodic_work(srv);
    }
    fprintf(stderr, "%s: SIG%s: closing %zu connections\n", DEMO_SERVER_NAME, sigabbrev_np(srv->stop.signo),
            server_open_connections(srv));
    return 0;
}

void server_close(struct server *srv)
{
    listener_close(&srv->listener);
    for (int p = 0; p < CONN_PHASE_COUNT; p++) {
        struct deadline_link *first;
        while ((first = deadline_queue_first(&srv->phase[p])))
            conn_close(conn_of_deadline(first), CLOSE_SHUTDOWN);
    }
    stop_signal_close(&srv->stop, &srv->loop);
    event_loop_close(&srv->loop);
}
