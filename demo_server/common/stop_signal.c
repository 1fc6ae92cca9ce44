/*
 * stop_signal.c - the self-pipe behind stop_signal.h.
 */
#include "stop_signal.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

/* The handler can reach only globals; one stop pipe per process is all either program needs. */
static volatile sig_atomic_t stop_pipe_fd = -1;

static void on_stop_signal(int signo)
{
    int saved_errno = errno;
    unsigned char byte = (unsigned char)signo;
    if (stop_pipe_fd >= 0 && write(stop_pipe_fd, &byte, 1) < 0) {
        /* The pipe is full: a stop is already pending, which is all that matters. */
    }
    errno = saved_errno;
}

static void on_stop_pipe_ready(struct io_watch *w, uint32_t events)
{
    struct stop_signal *s = container_of(w, struct stop_signal, watch);
    unsigned char byte;
    (void)events;
    while (read(w->fd, &byte, 1) == 1) {
        s->requested = true;
        s->signo = byte;
    }
}

static int set_handler(int signo, void (*handler)(int))
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = handler;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    return sigaction(signo, &sa, NULL);
}

int stop_signal_open(struct stop_signal *s, struct event_loop *loop)
{
    int fds[2];
    memset(s, 0, sizeof *s);
    if (pipe2(fds, O_NONBLOCK | O_CLOEXEC) != 0)
        return -1;
    s->watch.fd = fds[0];
    s->watch.on_ready = on_stop_pipe_ready;
    s->write_fd = fds[1];
    stop_pipe_fd = fds[1];
    if (event_loop_add(loop, &s->watch, EPOLLIN) != 0 ||
        set_handler(SIGINT, on_stop_signal) != 0 || set_handler(SIGTERM, on_stop_signal) != 0) {
        int saved_errno = errno;
        stop_signal_close(s, loop);
        errno = saved_errno;
        return -1;
    }
    return 0;
}

void stop_signal_close(struct stop_signal *s, struct event_loop *loop)
{
    set_handler(SIGINT, SIG_DFL);
    set_handler(SIGTERM, SIG_DFL);
    stop_pipe_fd = -1;
    event_loop_remove(loop, &s->watch);
    close(s->watch.fd);
    close(s->write_fd);
}

void ignore_sigpipe(void)
{
    set_handler(SIGPIPE, SIG_IGN);
}
