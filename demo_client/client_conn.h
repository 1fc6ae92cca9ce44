/*
 * client_conn.h - one client connection: connect, TLS handshake, send GET /, read the whole
 * response, then stay idle until the server closes it, --hold is over, or the client stops.
 */
#ifndef DEMO_CLIENT_CONN_H
#define DEMO_CLIENT_CONN_H

#include "deadline_queue.h"

struct client;
struct client_conn;

/* How a connection ended; each end is counted in the client's counts. */
enum conn_end { END_FAILED, END_SERVER_CLOSED, END_HELD, END_STOPPED };

/* Begins the next connection (a failure to begin is counted as a failed connection). */
void client_conn_start(struct client *cl);

/* Ends c; detail says why for a failure (reported for the first few only). */
void client_conn_end(struct client_conn *c, enum conn_end why, const char *detail);

/* The connection a deadline queue entry belongs to. */
struct client_conn *client_conn_of_deadline(struct deadline_link *link);

#endif
