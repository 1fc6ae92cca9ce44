/* trend_sockets.c: memory that grows with open sockets, for `heapwatch trend`'s per-socket fit. At
 * 0.5 s, then every 0.4 s, it opens PAIRS_PER_STEP socketpairs and, for each of the two sockets of a
 * pair, keeps SESSION_BYTES in attach_session (like a TLS server's per-connection buffers). Between
 * steps nothing changes, so memory follows the socket count exactly while it follows time only in
 * stairs. Steps fall midway between the dumps of HEAPWATCH_INTERVAL=0.2, so that no dump reads its
 * bytes before a step and its socket count after it.
 * Usage: trend_sockets [STEPS] (default 7). Prints nothing. */
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#define SESSION_BYTES 37888          /* 37 KiB per open socket */
#define PAIRS_PER_STEP 2
#define FIRST_STEP_MS 500
#define STEP_MS 400

static void attach_session(void)
{
    char *buffers = malloc(SESSION_BYTES);
    if (buffers)
        memset(buffers, 0, SESSION_BYTES);
}

static void open_connections(void)
{
    for (int i = 0; i < 2 * PAIRS_PER_STEP; i++) {
        int pair[2];
        if (i % 2 == 0 && socketpair(AF_UNIX, SOCK_STREAM, 0, pair) != 0)
            exit(1);
        attach_session();
    }
}

/* Sleeps until MS milliseconds after START. */
static void sleep_until(const struct timespec *start, long ms)
{
    struct timespec at = { start->tv_sec + ms / 1000, start->tv_nsec + (ms % 1000) * 1000000L };
    if (at.tv_nsec >= 1000000000L) {
        at.tv_sec++;
        at.tv_nsec -= 1000000000L;
    }
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &at, NULL) != 0)
        continue;
}

int main(int argc, char **argv)
{
    int steps = argc > 1 ? atoi(argv[1]) : 7;
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (int i = 0; i < steps; i++) {
        sleep_until(&start, FIRST_STEP_MS + (long)i * STEP_MS);
        open_connections();
    }
    sleep_until(&start, FIRST_STEP_MS + (long)steps * STEP_MS);
    return 0;
}
