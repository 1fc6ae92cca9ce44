/*
 * tls_teardown.c - closing a TLS connection (see tls_teardown.h).
 */
#include "tls_teardown.h"

#include <unistd.h>
#include <openssl/err.h>

void tls_teardown(struct event_loop *loop, struct io_watch *watch, struct deadline_link *deadline,
                  SSL *ssl, bool notify_peer)
{
    if (notify_peer)
        SSL_shutdown(ssl);
    ERR_clear_error();
    deadline_link_remove(deadline);
    event_loop_remove(loop, watch);
    SSL_free(ssl);
    close(watch->fd);
}
