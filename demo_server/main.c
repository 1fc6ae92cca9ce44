/*
 * main.c - demo_server: an HTTPS keep-alive server whose heap grows with every idle connection
 * unless one of the two fixes is on (--idle-timeout, --release-buffers). It is the subject the
 * heapwatch demo profiles; see index_page.c for the story and options.c for the knobs.
 *
 * Everything it allocates is freed before it exits, OpenSSL's global state included, so that a
 * profile taken at exit shows only what really leaked.
 */
#include <stdio.h>
#include <openssl/crypto.h>

#include "fd_limit.h"
#include "options.h"
#include "server.h"
#include "stop_signal.h"
#include "tls_context.h"

/* Descriptors besides connections: stdio, listener, epoll, signal pipe, files read at start. */
#define RESERVED_FDS 32

/* Lowers --max-conns to what the open-file limit allows. */
static void fit_to_fd_limit(struct server_options *opt)
{
    rlim_t limit = fd_limit_raise(DEMO_SERVER_NAME, (rlim_t)opt->max_conns + RESERVED_FDS);
    if (limit >= (rlim_t)opt->max_conns + RESERVED_FDS)
        return;
    opt->max_conns = limit > 2 * RESERVED_FDS ? (unsigned long)(limit - RESERVED_FDS) : RESERVED_FDS;
    fprintf(stderr, "%s: --max-conns lowered to %lu to fit\n", DEMO_SERVER_NAME, opt->max_conns);
}

int main(int argc, char **argv)
{
    struct server_options opt;
    int status = server_options_parse(argc, argv, &opt);
    if (status >= 0)
        return status;
    fit_to_fd_limit(&opt);
    ignore_sigpipe();

    SSL_CTX *tls = tls_server_context(&opt);
    struct server srv;
    status = 1;
    if (tls && server_open(&srv, &opt, tls) == 0) {
        status = server_run(&srv) == 0 ? 0 : 1;
        server_close(&srv);
    }
    SSL_CTX_free(tls);
    /* Now rather than from atexit: the state OpenSSL keeps for the process is gone before any
     * exit-time profile or leak check looks at the heap, whatever order their handlers run in. */
    OPENSSL_cleanup();
    return status;
}
