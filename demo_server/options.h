/*
 * options.h - demo_server's command line.
 *
 * The options are the knobs of the incident being reproduced: no idle timeout lets idle
 * connections pile up, --idle-timeout and --release-buffers are the two fixes, and the
 * handshake and request timeouts keep hostile peers from holding resources.
 */
#ifndef DEMO_SERVER_OPTIONS_H
#define DEMO_SERVER_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>
#include <netinet/in.h>

#define DEMO_SERVER_NAME "demo_server"

struct server_options {
    const char *host;             /* numeric IPv4 address to listen on, as given */
    struct in_addr address;       /* the same, parsed */
    uint16_t port;                /* 0: any free port (printed at start) */
    double idle_timeout;          /* seconds a keep-alive connection may sit idle; 0: forever */
    double handshake_timeout;     /* seconds from accept to a completed TLS handshake */
    double request_timeout;       /* seconds from a request's first byte to its response sent */
    double trim_interval;         /* seconds between malloc_trim calls; 0: never */
    bool release_buffers;         /* SSL_MODE_RELEASE_BUFFERS */
    unsigned long max_conns;
    const char *cert_path, *key_path;
    bool generate_missing_cert;   /* the default paths: create a self-signed pair there if absent */
};

/* Fills opt from argv. Returns -1 to go on, or the exit status to end with at once
 * (0 after --help, 2 after a usage error, which it has reported). */
int server_options_parse(int argc, char **argv, struct server_options *opt);

#endif
