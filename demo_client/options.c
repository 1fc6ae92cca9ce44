/*
 * options.c - parsing demo_client's command line (see options.h).
 */
#include "options.h"

#include <stdio.h>

#include "arg_parse.h"
#include "option_loop.h"

#define MAX_SECONDS (86400.0 * 365)
#define MAX_COUNT 1000000ul

static const char USAGE[] =
    "usage: " DEMO_CLIENT_NAME " -n N --interval S [--host H] [--port P] [--insecure | --cafile F]\n"
    "                   [--hold SECONDS] [--timeout SECONDS]\n"
    "Opens N HTTPS connections, one every S seconds; each sends GET /, reads the whole response\n"
    "and then stays open and idle. One process holds them all.\n"
    "  -n N               connections to open\n"
    "  --interval S       seconds between two openings (fractions allowed; 0: as fast as the\n"
    "                     server accepts, at most 32 handshakes at a time)\n"
    "  --host H           server name or IPv4 address (default 127.0.0.1)\n"
    "  --port P           server port (default 44443)\n"
    "  --cafile F         trust the certificates in F (e.g. the server's self-signed one)\n"
    "  --insecure         do not verify the server's certificate\n"
    "                     (default: verify against the system's trusted certificates)\n"
    "  --hold SECONDS     close each connection after it was idle that long (default: never)\n"
    "  --timeout SECONDS  time allowed from connect to a complete response (default 10)\n"
    "Progress goes to stdout once a second, with the connections the server has closed.\n"
    "Exits when every connection is closed, or on SIGINT/SIGTERM after closing them;\n"
    "status 0, or 1 if any connection failed before its response.\n";

enum option_id {
    OPT_COUNT = 'n', OPT_INTERVAL = 256, OPT_HOST, OPT_PORT, OPT_CAFILE, OPT_INSECURE, OPT_HOLD,
    OPT_TIMEOUT, OPT_HELP,
};

static const struct option LONG_OPTIONS[] = {
    { "interval", required_argument, NULL, OPT_INTERVAL },
    { "host", required_argument, NULL, OPT_HOST },
    { "port", required_argument, NULL, OPT_PORT },
    { "cafile", required_argument, NULL, OPT_CAFILE },
    { "insecure", no_argument, NULL, OPT_INSECURE },
    { "hold", required_argument, NULL, OPT_HOLD },
    { "timeout", required_argument, NULL, OPT_TIMEOUT },
    { "help", no_argument, NULL, OPT_HELP },
    { NULL, 0, NULL, 0 },
};

/* The options being read, and which of them were given (an --interval of 0 is valid). */
struct parse_state {
    struct client_options *opt;
    bool have_interval, insecure;
};

static int apply_option(int id, const char *value, void *state)
{
    struct parse_state *st = state;
    struct client_options *opt = st->opt;
    switch (id) {
    case OPT_COUNT:
        return parse_count(value, 1, MAX_COUNT, &opt->count)
                   ? -1
                   : usage_error(DEMO_CLIENT_NAME, "-n wants 1..1000000, not", value);
    case OPT_INTERVAL:
        st->have_interval = true;
        return parse_seconds(value, MAX_SECONDS, &opt->interval)
                   ? -1
                   : usage_error(DEMO_CLIENT_NAME, "--interval wants seconds, not", value);
    case OPT_HOLD:
        return parse_seconds(value, MAX_SECONDS, &opt->hold) && opt->hold > 0
                   ? -1
                   : usage_error(DEMO_CLIENT_NAME, "--hold wants seconds above 0, not", value);
    case OPT_TIMEOUT:
        return parse_seconds(value, MAX_SECONDS, &opt->timeout) && opt->timeout > 0
                   ? -1
                   : usage_error(DEMO_CLIENT_NAME, "--timeout wants seconds above 0, not", value);
    case OPT_HOST: opt->host = value; return -1;
    case OPT_PORT:
        return parse_port(value, &opt->port) && opt->port != 0
                   ? -1
                   : usage_error(DEMO_CLIENT_NAME, "--port wants 1..65535, not", value);
    case OPT_CAFILE: opt->verify = VERIFY_CAFILE; opt->cafile = value; return -1;
    case OPT_INSECURE: opt->verify = VERIFY_NONE; st->insecure = true; return -1;
    case OPT_HELP: fputs(USAGE, stdout); return 0;
    default: return -1;
    }
}

int client_options_parse(int argc, char **argv, struct client_options *opt)
{
    *opt = (struct client_options){
        .host = "127.0.0.1", .port = 44443, .verify = VERIFY_SYSTEM, .timeout = 10,
    };
    struct parse_state st = { .opt = opt };
    int status = option_loop(DEMO_CLIENT_NAME, argc, argv, "n:", LONG_OPTIONS, apply_option, &st);
    if (status >= 0)
        return status;
    if (opt->count == 0 || !st.have_interval) {
        fprintf(stderr, "%s: -n and --interval are required (see --help)\n", DEMO_CLIENT_NAME);
        return 2;
    }
    if (st.insecure && opt->cafile) {
        fprintf(stderr, "%s: --insecure and --cafile exclude each other\n", DEMO_CLIENT_NAME);
        return 2;
    }
    return -1;
}
