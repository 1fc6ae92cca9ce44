/*
 * options.h - demo_client's command line: how many idle clients to add, how fast, and for how
 * long to keep them (by default forever, like the clients of the original incident that slept
 * for 24 hours after their one request).
 */
#ifndef DEMO_CLIENT_OPTIONS_H
#define DEMO_CLIENT_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>

#define DEMO_CLIENT_NAME "demo_client"

enum verify_mode { VERIFY_SYSTEM, VERIFY_CAFILE, VERIFY_NONE };

struct client_options {
    unsigned long count;          /* connections to open */
    double interval;              /* seconds between two openings; 0: as fast as allowed */
    const char *host;
    uint16_t port;
    enum verify_mode verify;
    const char *cafile;
    double hold;                  /* seconds each connection stays idle before closing; 0: forever */
    double timeout;               /* seconds from connect to a complete response */
};

/* Fills opt from argv. Returns -1 to go on, or the exit status to end with at once
 * (0 after --help, 2 after a usage error, which it has reported). */
int client_options_parse(int argc, char **argv, struct client_options *opt);

#endif
