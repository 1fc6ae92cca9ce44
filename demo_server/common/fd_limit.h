/*
 * fd_limit.h - room for thousands of sockets.
 *
 * Linux starts most sessions with a soft limit of 1024 open files, far below the thousands of
 * idle connections the demo holds. Both programs raise the limit as far as they may before they
 * open anything, and size themselves to what they got.
 */
#ifndef DEMO_FD_LIMIT_H
#define DEMO_FD_LIMIT_H

#include <sys/resource.h>

/* Raises RLIMIT_NOFILE towards wanted (the hard limit too, when privileged) and returns the soft
 * limit now in force. When that is below wanted, says so on stderr, prefixed with prog. */
rlim_t fd_limit_raise(const char *prog, rlim_t wanted);

#endif
