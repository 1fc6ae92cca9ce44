/*
 * tls_context.h - the server's one SSL_CTX: certificate, protocol floor and buffer modes.
 */
#ifndef DEMO_TLS_CONTEXT_H
#define DEMO_TLS_CONTEXT_H

#include <openssl/ssl.h>

#include "options.h"

/* A context ready for SSL_new, or NULL after one line on stderr. Creates the self-signed pair
 * first when the options allow it and neither file exists. */
SSL_CTX *tls_server_context(const struct server_options *opt);

#endif
