/*
 * tls_context.c - building the server's SSL_CTX (see tls_context.h).
 */
#include "tls_context.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "self_signed.h"
#include "tls_error.h"

static int ensure_certificate(const struct server_options *opt)
{
    bool have_cert = access(opt->cert_path, F_OK) == 0;
    bool have_key = access(opt->key_path, F_OK) == 0;
    if (have_cert && have_key)
        return 0;
    if (!opt->generate_missing_cert || have_cert || have_key) {
        const char *missing = have_cert ? opt->key_path : opt->cert_path;
        fprintf(stderr, "%s: %s: %s\n", DEMO_SERVER_NAME, missing, strerror(ENOENT));
        return -1;
    }
    if (self_signed_create(opt->cert_path, opt->key_path) != 0)
        return -1;
    fprintf(stderr, "%s: generated a self-signed certificate for localhost and 127.0.0.1: %s (key %s)\n",
            DEMO_SERVER_NAME, opt->cert_path, opt->key_path);
    return 0;
}

static bool load_certificate(SSL_CTX *ctx, const struct server_options *opt)
{
    if (SSL_CTX_use_certificate_chain_file(ctx, opt->cert_path) != 1) {
        tls_error_report(DEMO_SERVER_NAME, opt->cert_path);
        return false;
    }
    if (SSL_CTX_use_PrivateKey_file(ctx, opt->key_path, SSL_FILETYPE_PEM) != 1 ||
        SSL_CTX_check_private_key(ctx) != 1) {
        tls_error_report(DEMO_SERVER_NAME, opt->key_path);
        return false;
    }
    return true;
}

SSL_CTX *tls_server_context(const struct server_options *opt)
{
    if (ensure_certificate(opt) != 0)
        return NULL;
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    if (!ctx) {
        tls_error_report(DEMO_SERVER_NAME, "cannot create the TLS context");
        return NULL;
    }
    /* Partial writes and a moving buffer let a response go out over several non-blocking writes. */
    long mode = SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER;
    if (opt->release_buffers)
        mode |= SSL_MODE_RELEASE_BUFFERS;
    SSL_CTX_set_mode(ctx, mode);
    /* No server-side session cache: TLS 1.3 tickets are stateless anyway, and a cache would keep
     * about 1 KiB per closed TLS 1.2 connection, which would blur "back to baseline". */
    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
    if (SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION) != 1 || !load_certificate(ctx, opt)) {
        SSL_CTX_free(ctx);
        return NULL;
    }
    return ctx;
}
