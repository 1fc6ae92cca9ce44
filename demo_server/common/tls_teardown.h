/*
 * tls_teardown.h - ending a non-blocking TLS connection, the same way on both sides of the demo.
 *
 * At most one attempt at close_notify, never a wait for the peer's: a peer that stopped reading
 * must not keep a connection, and the memory it holds, alive. OpenSSL forbids close_notify after
 * a fatal error, so the caller says whether TLS is still healthy.
 */
#ifndef DEMO_TLS_TEARDOWN_H
#define DEMO_TLS_TEARDOWN_H

#include <stdbool.h>
#include <openssl/ssl.h>

#include "deadline_queue.h"
#include "event_loop.h"

/* Sends close_notify if notify_peer, then stops watching, dequeues, frees ssl and closes the
 * socket. Leaves OpenSSL's error queue empty. */
void tls_teardown(struct event_loop *loop, struct io_watch *watch, struct deadline_link *deadline,
                  SSL *ssl, bool notify_peer);

#endif
