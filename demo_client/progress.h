/*
 * progress.h - what the client tells the person watching: a line per second while anything
 * changes, and a summary at the end.
 */
#ifndef DEMO_PROGRESS_H
#define DEMO_PROGRESS_H

#include <stdbool.h>

#define PROGRESS_INTERVAL_MS 1000

struct client;

/* Prints the counts on stdout; between reports, only if they changed since the last one. */
void progress_report(struct client *cl, bool final);

#endif
