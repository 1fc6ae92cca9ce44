/*
 * tls_client.h - the client's SSL_CTX and per-connection TLS settings: which certificates to
 * trust, and which name the server's certificate must carry.
 */
#ifndef DEMO_TLS_CLIENT_H
#define DEMO_TLS_CLIENT_H

#include <stdbool.h>
#include <openssl/ssl.h>

#include "options.h"

/* A context for all connections, or NULL after one line on stderr. */
SSL_CTX *tls_client_context(const struct client_options *opt);

/* Prepares ssl to connect to opt->host: SNI for names, and the name or address to verify. */
bool tls_client_prepare(SSL *ssl, const struct client_options *opt);

#endif
