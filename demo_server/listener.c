/*
 * listener.c - accepting connections (see listener.h).
 */
#include "listener.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "server.h"

/* Accepts per wake-up, so that a flood of new connections cannot starve established ones. */
#define ACCEPT_BATCH 64
/* How long to stop accepting when out of descriptors, instead of spinning on a ready listener. */
#define DESCRIPTOR_PAUSE_MS 100

static void pause_accepting(struct listener *l)
{
    struct server *srv = l->srv;
    if (event_loop_watch(&srv->loop, &l->watch, 0) == 0)
        l->resume_ms = srv->loop.now_ms + DESCRIPTOR_PAUSE_MS;
}

static void on_listener_ready(struct io_watch *w, uint32_t events)
{
    struct listener *l = container_of(w, struct listener, watch);
    struct server *srv = l->srv;
    (void)events;
    for (int i = 0; i < ACCEPT_BATCH; i++) {
        int fd = accept4(w->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == ECONNABORTED || errno == EINTR || errno == EPROTO)
                continue;                       /* that one peer gave up; others may be waiting */
            if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM)
                pause_accepting(l);
            return;                             /* drained (EAGAIN), or paused */
        }
        if (server_open_connections(srv) >= srv->opt->max_conns) {
            close(fd);
            srv->stats.rejected++;
            continue;
        }
        conn_accept(srv, fd);
    }
}

int listener_open(struct listener *l, struct server *srv)
{
    const struct server_options *opt = srv->opt;
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons(opt->port), .sin_addr = opt->address };
    socklen_t addr_len = sizeof addr;
    l->srv = srv;
    l->resume_ms = DEADLINE_NEVER;
    l->watch = (struct io_watch){ .fd = -1, .on_ready = on_listener_ready };
    int one = 1;
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
        bind(fd, (struct sockaddr *)&addr, sizeof addr) != 0 || listen(fd, SOMAXCONN) != 0 ||
        getsockname(fd, (struct sockaddr *)&addr, &addr_len) != 0) {
        fprintf(stderr, "%s: cannot listen on %s:%u: %s\n", DEMO_SERVER_NAME, opt->host, opt->port,
                strerror(errno));
        if (fd >= 0)
            close(fd);
        return -1;
    }
    l->watch.fd = fd;
    if (event_loop_add(&srv->loop, &l->watch, EPOLLIN) != 0) {
        fprintf(stderr, "%s: epoll: %s\n", DEMO_SERVER_NAME, strerror(errno));
        close(fd);
        return -1;
    }
    char idle[32] = "off";
    if (opt->idle_timeout > 0)
        snprintf(idle, sizeof idle, "%gs", opt->idle_timeout);
    fprintf(stderr, "%s: listening on https://%s:%u/ (max %lu connections, idle timeout %s%s)\n",
            DEMO_SERVER_NAME, opt->host, ntohs(addr.sin_port), opt->max_conns, idle,
            opt->release_buffers ? ", release buffers" : "");
    return 0;
}

void listener_resume_if_due(struct listener *l)
{
    if (l->srv->loop.now_ms >= l->resume_ms && event_loop_watch(&l->srv->loop, &l->watch, EPOLLIN) == 0)
        l->resume_ms = DEADLINE_NEVER;
}

void listener_close(struct listener *l)
{
    event_loop_remove(&l->srv->loop, &l->watch);
    close(l->watch.fd);
}
