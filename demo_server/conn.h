/*
 * conn.h - one client connection as a state machine: TLS handshake, then keep-alive requests
 * and responses, driven by readiness events and ended by the deadline of its phase.
 *
 * A connection is in exactly one phase, and each phase has its own time limit:
 *   handshake  from accept to a completed TLS handshake        --handshake-timeout
 *   busy       from a request's first byte to its response sent --request-timeout
 *   idle       between responses, waiting for the next request  --idle-timeout (0: forever)
 * The idle phase is the one the demo is about: it costs the server memory for as long as the
 * client keeps the connection open.
 */
#ifndef DEMO_CONN_H
#define DEMO_CONN_H

#include "deadline_queue.h"
#include "stats.h"

enum conn_phase { CONN_HANDSHAKE, CONN_BUSY, CONN_IDLE, CONN_PHASE_COUNT };

struct server;
struct conn;

/* Takes on an accepted socket (it is closed on failure, which is counted). */
void conn_accept(struct server *srv, int fd);

/* Ends the connection: close_notify when TLS is still healthy, then frees everything it holds. */
void conn_close(struct conn *c, enum close_reason why);

/* The connection a deadline queue entry belongs to. */
struct conn *conn_of_deadline(struct deadline_link *link);

/* Why a connection is closed when its phase's deadline passes. */
enum close_reason conn_timeout_reason(enum conn_phase phase);

#endif
