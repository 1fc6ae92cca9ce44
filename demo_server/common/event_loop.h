/*
 * event_loop.h - a thin epoll wrapper shared by the demo server and client.
 *
 * Each watched descriptor is an io_watch embedded in its owner; epoll hands the watch back and
 * its callback finds the owner with container_of. One thread, level-triggered: a callback that
 * stops early (the peer would block) is simply called again when the descriptor is ready.
 * A callback may free its own owner, but not another watch that could still be in the batch
 * being dispatched; both programs only ever close other connections outside dispatch.
 */
#ifndef DEMO_EVENT_LOOP_H
#define DEMO_EVENT_LOOP_H

#include <stddef.h>
#include <stdint.h>
#include <sys/epoll.h>

#define container_of(ptr, type, member) ((type *)((char *)(ptr) - offsetof(type, member)))

struct io_watch;
typedef void io_ready_fn(struct io_watch *watch, uint32_t events);

struct io_watch {
    int fd;
    uint32_t events;      /* what epoll currently watches for */
    io_ready_fn *on_ready;
};

struct event_loop {
    int epoll_fd;
    uint64_t now_ms;      /* the loop's clock: read as each wait ends, before any callback runs,
                           * so deadlines set by callbacks count from the event that caused them */
};

/* 0, or -1 with errno set. Starts the clock. */
int event_loop_open(struct event_loop *loop);
void event_loop_close(struct event_loop *loop);

/* Starts watching w->fd for events (EPOLLIN, EPOLLOUT, or 0 for nothing yet). */
int event_loop_add(struct event_loop *loop, struct io_watch *w, uint32_t events);
/* Changes what w waits for; makes no system call when nothing changes. */
int event_loop_watch(struct event_loop *loop, struct io_watch *w, uint32_t events);
void event_loop_remove(struct event_loop *loop, struct io_watch *w);

/* Waits until something is ready or the clock reaches deadline_ms (DEADLINE_NEVER: no limit),
 * then calls the callbacks of the ready watches. Returns how many were ready (0 on timeout or
 * interruption by a signal), -1 on error. */
int event_loop_dispatch(struct event_loop *loop, uint64_t deadline_ms);

#endif
