/*
 * report_sockets - a server-shaped program with a known heap history, for tests/report.
 *
 *   report_sockets STEPS [release]
 *
 * Loads a 100 KiB configuration (flat), then in each of STEPS steps opens one socket pair and gives
 * each of its two sockets a 16 KiB buffer (the leak: exactly 16 KiB per open socket, through
 * conn_new_buffer <- conn_open <- main). Steps 2 to 4 also hold a 1 MiB scratch area (a transient
 * peak, through scratch_burst). After each step it sends itself heapwatch's dump signal (SIGUSR2)
 * and waits for that dump file, so dump seq N-1 shows exactly N steps; the exit dump repeats the
 * last step, or, with `release`, holds nothing: everything is freed before exit, as a server that
 * cleans up on shutdown does. Nothing else allocates: no stdio, and waiting is stat() and
 * nanosleep().
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum { CONFIG_BYTES = 100 * 1024, BUFFER_BYTES = 16 * 1024, BURST_BYTES = 1024 * 1024 };
enum { BURST_FROM = 2, BURST_UNTIL = 5, MAX_STEPS = 100 };

static void *keep[2 * MAX_STEPS + 1];
static int kept;

__attribute__((noinline)) static void *load_config(void)
{
    return malloc(CONFIG_BYTES);
}

__attribute__((noinline)) static void *conn_new_buffer(void)
{
    return malloc(BUFFER_BYTES);
}

__attribute__((noinline)) static void conn_open(void)
{
    int fds[2];
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, fds) != 0)
        exit(3);
    /* One call site for both ends, so all the buffers are one stack. */
    for (int end = 0; end < 2; end++)
        keep[kept++] = conn_new_buffer();
}

__attribute__((noinline)) static void *scratch_burst(void)
{
    return malloc(BURST_BYTES);
}

static void nap(long millis)
{
    struct timespec t = { .tv_sec = 0, .tv_nsec = millis * 1000000L };
    nanosleep(&t, NULL);
}

/* Asks for dump SEQ and waits (up to 10 s) until it has been written. */
static void dump_and_wait(const char *dir, int seq)
{
    char path[4096];
    struct stat st;
    snprintf(path, sizeof path, "%s/heapwatch.%d.%06d.txt", dir, (int)getpid(), seq);
    kill(getpid(), SIGUSR2);
    for (int waited = 0; stat(path, &st) != 0; waited += 5) {
        if (waited > 10000)
            exit(4);
        nap(5);
    }
}

int main(int argc, char **argv)
{
    int steps = argc > 1 ? atoi(argv[1]) : 0;
    const char *dir = getenv("HEAPWATCH_DIR");
    if (steps < 1 || steps > MAX_STEPS || !dir)
        return 2;
    keep[kept++] = load_config();
    void *burst = NULL;
    for (int step = 1; step <= steps; step++) {
        conn_open();
        if (step == BURST_FROM)
            burst = scratch_burst();
        if (step == BURST_UNTIL) {
            free(burst);
            burst = NULL;
        }
        nap(20);
        dump_and_wait(dir, step - 1);
    }
    if (argc > 2 && strcmp(argv[2], "release") == 0) {
        free(burst);
        while (kept > 0)
            free(keep[--kept]);
    }
    return 0;
}
