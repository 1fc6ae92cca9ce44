/*
 * event_loop.c - epoll registration and dispatch (see event_loop.h).
 */
#include "event_loop.h"

#include <errno.h>
#include <limits.h>
#include <unistd.h>

#include "deadline_queue.h"
#include "monotonic.h"

/* Enough to drain a burst of ready connections per wait without a large stack frame. */
#define EVENT_BATCH 256

int event_loop_open(struct event_loop *loop)
{
    loop->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
    loop->now_ms = monotonic_ms();
    return loop->epoll_fd < 0 ? -1 : 0;
}

void event_loop_close(struct event_loop *loop)
{
    if (loop->epoll_fd >= 0)
        close(loop->epoll_fd);
    loop->epoll_fd = -1;
}

static int epoll_update(struct event_loop *loop, int op, struct io_watch *w, uint32_t events)
{
    struct epoll_event ev = { .events = events, .data.ptr = w };
    if (epoll_ctl(loop->epoll_fd, op, w->fd, &ev) != 0)
        return -1;
    w->events = events;
    return 0;
}

int event_loop_add(struct event_loop *loop, struct io_watch *w, uint32_t events)
{
    return epoll_update(loop, EPOLL_CTL_ADD, w, events);
}

int event_loop_watch(struct event_loop *loop, struct io_watch *w, uint32_t events)
{
    return w->events == events ? 0 : epoll_update(loop, EPOLL_CTL_MOD, w, events);
}

void event_loop_remove(struct event_loop *loop, struct io_watch *w)
{
    epoll_ctl(loop->epoll_fd, EPOLL_CTL_DEL, w->fd, NULL);
}

static int wait_ms(uint64_t now_ms, uint64_t deadline_ms)
{
    if (deadline_ms == DEADLINE_NEVER)
        return -1;
    if (deadline_ms <= now_ms)
        return 0;
    uint64_t wait = deadline_ms - now_ms;
    return wait > INT_MAX ? INT_MAX : (int)wait;
}

int event_loop_dispatch(struct event_loop *loop, uint64_t deadline_ms)
{
    struct epoll_event ready[EVENT_BATCH];
    int n = epoll_wait(loop->epoll_fd, ready, EVENT_BATCH, wait_ms(loop->now_ms, deadline_ms));
    loop->now_ms = monotonic_ms();
    if (n < 0)
        return errno == EINTR ? 0 : -1;
    for (int i = 0; i < n; i++) {
        struct io_watch *w = ready[i].data.ptr;
        w->on_ready(w, ready[i].events);
    }
    return n;
}
