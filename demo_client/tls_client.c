/*
 * tls_client.c - client-side TLS setup (see tls_client.h).
 */
#include "tls_client.h"

#include <arpa/inet.h>
#include <openssl/x509v3.h>

#include "tls_error.h"

static bool load_trust(SSL_CTX *ctx, const struct client_options *opt)
{
    switch (opt->verify) {
    case VERIFY_NONE:
        SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
        return true;
    case VERIFY_CAFILE:
        SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
        return SSL_CTX_load_verify_locations(ctx, opt->cafile, NULL) == 1;
    case VERIFY_SYSTEM:
    default:
        SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
        return SSL_CTX_set_default_verify_paths(ctx) == 1;
    }
}

SSL_CTX *tls_client_context(const struct client_options *opt)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    if (!ctx) {
        tls_error_report(DEMO_CLIENT_NAME, "cannot create the TLS context");
        return NULL;
    }
    if (SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION) != 1 || !load_trust(ctx, opt)) {
        tls_error_report(DEMO_CLIENT_NAME, opt->cafile ? opt->cafile : "cannot load trusted certificates");
        SSL_CTX_free(ctx);
        return NULL;
    }
    return ctx;
}

static bool is_ip_address(const char *host)
{
    unsigned char addr[sizeof(struct in6_addr)];
    return inet_pton(AF_INET, host, addr) == 1 || inet_pton(AF_INET6, host, addr) == 1;
}

bool tls_client_prepare(SSL *ssl, const struct client_options *opt)
{
    if (is_ip_address(opt->host))
        return opt->verify == VERIFY_NONE || X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), opt->host) == 1;
    return SSL_set_tlsext_host_name(ssl, opt->host) == 1 &&
           (opt->verify == VERIFY_NONE || SSL_set1_host(ssl, opt->host) == 1);
}
