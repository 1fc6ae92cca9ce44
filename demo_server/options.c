/*
 * options.c - parsing demo_server's command line (see options.h).
 */
#include "options.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "arg_parse.h"
#include "option_loop.h"

#define MAX_SECONDS (86400.0 * 365)
#define MAX_CONNS 1000000ul

static const char USAGE[] =
    "usage: " DEMO_SERVER_NAME " [options]\n"
    "An HTTPS server (HTTP/1.1 keep-alive) for reproducing per-connection memory growth.\n"
    "  GET /        a static page          GET /stats  counters as JSON\n"
    "options:\n"
    "  --host ADDR               IPv4 address to listen on (default 127.0.0.1)\n"
    "  --port PORT               port (default 44443; 0: any free port, printed at start)\n"
    "  --idle-timeout SECONDS    close keep-alive connections idle that long (default 0: never)\n"
    "  --release-buffers         free OpenSSL's record buffers while idle (SSL_MODE_RELEASE_BUFFERS)\n"
    "  --max-conns N             refuse connections beyond N open ones (default 10000)\n"
    "  --trim-interval SECONDS   return free heap to the OS that often (malloc_trim; default 0: never)\n"
    "  --handshake-timeout SECONDS  time allowed for a TLS handshake (default 10)\n"
    "  --request-timeout SECONDS    time allowed from a request's first byte to its response (default 10)\n"
    "  --cert FILE --key FILE    certificate chain and private key in PEM (default: " DEMO_SERVER_NAME
    "-cert.pem\n"
    "                            and " DEMO_SERVER_NAME "-key.pem, a self-signed pair generated when both are missing)\n"
    "  --help                    this text\n"
    "One summary line per second goes to stderr. SIGINT or SIGTERM closes every connection and exits 0.\n";

enum option_id {
    OPT_HOST = 256, OPT_PORT, OPT_IDLE_TIMEOUT, OPT_RELEASE_BUFFERS, OPT_MAX_CONNS, OPT_TRIM_INTERVAL,
    OPT_HANDSHAKE_TIMEOUT, OPT_REQUEST_TIMEOUT, OPT_CERT, OPT_KEY, OPT_HELP,
};

static const struct option LONG_OPTIONS[] = {
    { "host", required_argument, NULL, OPT_HOST },
    { "port", required_argument, NULL, OPT_PORT },
    { "idle-timeout", required_argument, NULL, OPT_IDLE_TIMEOUT },
    { "release-buffers", no_argument, NULL, OPT_RELEASE_BUFFERS },
    { "max-conns", required_argument, NULL, OPT_MAX_CONNS },
    { "trim-interval", required_argument, NULL, OPT_TRIM_INTERVAL },
    { "handshake-timeout", required_argument, NULL, OPT_HANDSHAKE_TIMEOUT },
    { "request-timeout", required_argument, NULL, OPT_REQUEST_TIMEOUT },
    { "cert", required_argument, NULL, OPT_CERT },
    { "key", required_argument, NULL, OPT_KEY },
    { "help", no_argument, NULL, OPT_HELP },
    { NULL, 0, NULL, 0 },
};

/* Parses the value of a timeout-like option into *out; the name is for the error line. */
static int seconds_option(const char *name, const char *value, double *out)
{
    if (parse_seconds(value, MAX_SECONDS, out))
        return -1;
    char what[64];
    snprintf(what, sizeof what, "--%s wants seconds (0 or more), not", name);
    return usage_error(DEMO_SERVER_NAME, what, value);
}

static int apply_option(int id, const char *value, void *state)
{
    struct server_options *opt = state;
    unsigned long count;
    switch (id) {
    case OPT_HOST:
        opt->host = value;
        return inet_pton(AF_INET, value, &opt->address) == 1
                   ? -1
                   : usage_error(DEMO_SERVER_NAME, "--host wants a numeric IPv4 address, not", value);
    case OPT_PORT:
        return parse_port(value, &opt->port) ? -1 : usage_error(DEMO_SERVER_NAME, "--port wants 0..65535, not", value);
    case OPT_IDLE_TIMEOUT: return seconds_option("idle-timeout", value, &opt->idle_timeout);
    case OPT_TRIM_INTERVAL: return seconds_option("trim-interval", value, &opt->trim_interval);
    case OPT_HANDSHAKE_TIMEOUT: return seconds_option("handshake-timeout", value, &opt->handshake_timeout);
    case OPT_REQUEST_TIMEOUT: return seconds_option("request-timeout", value, &opt->request_timeout);
    case OPT_RELEASE_BUFFERS: opt->release_buffers = true; return -1;
    case OPT_MAX_CONNS:
        if (!parse_count(value, 1, MAX_CONNS, &count))
            return usage_error(DEMO_SERVER_NAME, "--max-conns wants 1..1000000, not", value);
        opt->max_conns = count;
        return -1;
    case OPT_CERT: opt->cert_path = value; return -1;
    case OPT_KEY: opt->key_path = value; return -1;
    case OPT_HELP: fputs(USAGE, stdout); return 0;
    default: return -1;
    }
}

int server_options_parse(int argc, char **argv, struct server_options *opt)
{
    *opt = (struct server_options){
        .host = "127.0.0.1",
        .address = { htonl(INADDR_LOOPBACK) },
        .port = 44443,
        .handshake_timeout = 10,
        .request_timeout = 10,
        .max_conns = 10000,
    };
    int status = option_loop(DEMO_SERVER_NAME, argc, argv, "", LONG_OPTIONS, apply_option, opt);
    if (status >= 0)
        return status;
    if (!opt->cert_path != !opt->key_path) {
        fprintf(stderr, "%s: --cert and --key go together\n", DEMO_SERVER_NAME);
        return 2;
    }
    if (!opt->cert_path) {
        opt->cert_path = DEMO_SERVER_NAME "-cert.pem";
        opt->key_path = DEMO_SERVER_NAME "-key.pem";
        opt->generate_missing_cert = true;
    }
    if (opt->handshake_timeout == 0 || opt->request_timeout == 0) {
        fprintf(stderr, "%s: handshake and request timeouts must be above 0\n", DEMO_SERVER_NAME);
        return 2;
    }
    return -1;
}
