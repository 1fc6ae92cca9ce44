/*
 * listener.h - the listening socket: accepts in batches, enforces --max-conns, and survives
 * running out of descriptors.
 *
 * Connections beyond --max-conns are accepted and closed at once rather than left in the
 * kernel's backlog: the flooding peer learns immediately, and the backlog stays free for
 * connections the server can take once others close.
 */
#ifndef DEMO_LISTENER_H
#define DEMO_LISTENER_H

#include <stdint.h>

#include "event_loop.h"

struct server;

struct listener {
    struct io_watch watch;
    struct server *srv;
    uint64_t resume_ms;     /* when accepting resumes after EMFILE; DEADLINE_NEVER when active */
};

/* Binds the address and port of the options (port 0: any) and starts accepting.
 * 0, or -1 after one line on stderr. */
int listener_open(struct listener *l, struct server *srv);
/* Resumes accepting if a pause for lack of descriptors is over. */
void listener_resume_if_due(struct listener *l);
void listener_close(struct listener *l);

#endif
