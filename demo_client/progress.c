/*
 * progress.c - progress and summary lines (see progress.h).
 *
 * The lines go to stdout, flushed at once, because the client usually runs in the background
 * with its output in a log file that someone is tailing.
 */
#include "progress.h"

#include <stdio.h>
#include <string.h>

#include "client.h"

void progress_report(struct client *cl, bool final)
{
    const struct client_counts *n = &cl->counts;
    if (!final && memcmp(&cl->reported, n, sizeof *n) == 0 && cl->reported_idle == cl->idle.count)
        return;
    cl->reported = *n;
    cl->reported_idle = cl->idle.count;
    printf("%s: %s%.1fs: opened %lu/%lu, responded %lu, idle %zu, closed by server %lu, failed %lu",
           DEMO_CLIENT_NAME, final ? "done after " : "", (double)(cl->loop.now_ms - cl->started_ms) / 1000.0,
           n->started, cl->opt->count, n->responded, cl->idle.count, n->server_closed, n->failed);
    if (cl->opt->hold > 0)
        printf(", closed after --hold %lu", n->held);
    putchar('\n');
    fflush(stdout);
}
