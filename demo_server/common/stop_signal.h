/*
 * stop_signal.h - SIGINT and SIGTERM as an event in the loop.
 *
 * The handler only writes a byte into a pipe whose read end the event loop watches, so the
 * program stops between two events, never inside one, and then closes everything in order.
 * A handler (rather than signalfd with the signals blocked) also works when another thread
 * that does not block them -- an LD_PRELOAD profiler's, say -- is the one the kernel picks.
 */
#ifndef DEMO_STOP_SIGNAL_H
#define DEMO_STOP_SIGNAL_H

#include <stdbool.h>
#include "event_loop.h"

struct stop_signal {
    struct io_watch watch;   /* the pipe's read end */
    int write_fd;
    bool requested;
    int signo;               /* the signal that asked to stop, for the log */
};

/* Installs the handlers and watches the pipe in loop. 0, or -1 with errno set. */
int stop_signal_open(struct stop_signal *s, struct event_loop *loop);
/* Restores the default dispositions and closes the pipe. */
void stop_signal_close(struct stop_signal *s, struct event_loop *loop);

/* Makes writes to a closed connection fail with EPIPE instead of killing the process. */
void ignore_sigpipe(void);

#endif
