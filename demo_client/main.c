/*
 * main.c - demo_client: adds idle HTTPS clients to a server, like the clients of the original
 * incident that made one request and then slept for a day with the connection open. It is the
 * load of the heapwatch demo; see options.c for the command line.
 */
#include <stdio.h>
#include <openssl/crypto.h>

#include "client.h"
#include "fd_limit.h"
#include "options.h"
#include "stop_signal.h"
#include "tls_client.h"

/* Descriptors besides connections: stdio, epoll, signal pipe, the CA file. */
#define RESERVED_FDS 16

int main(int argc, char **argv)
{
    struct client_options opt;
    int status = client_options_parse(argc, argv, &opt);
    if (status >= 0)
        return status;
    rlim_t limit = fd_limit_raise(DEMO_CLIENT_NAME, (rlim_t)opt.count + RESERVED_FDS);
    if (limit < (rlim_t)opt.count + RESERVED_FDS)
        fprintf(stderr, "%s: connections beyond about %llu will fail\n", DEMO_CLIENT_NAME,
                (unsigned long long)(limit > RESERVED_FDS ? limit - RESERVED_FDS : 0));
    ignore_sigpipe();

    SSL_CTX *tls = tls_client_context(&opt);
    struct client cl;
    status = 1;
    if (tls && client_open(&cl, &opt, tls) == 0) {
        status = client_run(&cl) == 0 && cl.counts.failed == 0 ? 0 : 1;
        client_close(&cl);
    }
    SSL_CTX_free(tls);
    OPENSSL_cleanup();
    return status;
}
