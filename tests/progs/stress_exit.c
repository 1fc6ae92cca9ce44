/*
 * stress_exit - every way a process ends.
 *
 * For tests/stress/test_exit_paths.sh, which runs each mode with and without heapwatch and
 * compares how it ended. Every mode first keeps KEPT blocks from exit_kept_alloc and prints the
 * expectation, then ends:
 *   return      returns 3 from main               exit        exit(4)
 *   _exit       _exit(5)                          quick_exit  quick_exit(6), with an at_quick_exit handler
 *   abort       abort()                           segv        a write through a null pointer
 *   term        SIGTERM from itself, default action
 *   atexit      exit(0) with an atexit handler that allocates: its block (exit_handler_alloc) is live
 *               in the exit dump, which comes after the handlers
 *   threads     three threads allocate without pause while main calls exit(0)
 *   thread-exit a thread calls exit(7) while main allocates without pause
 */
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <time.h>

#include "stress_report.h"

enum { KEPT = 12, KEPT_SIZE = 1000, HANDLER_SIZE = 777 };

static void *kept[KEPT];

__attribute__((noinline)) static void *exit_kept_alloc(void) { return malloc(KEPT_SIZE); }
__attribute__((noinline)) static void *exit_handler_alloc(size_t size) { return malloc(size); }

static void allocating_handler(void)
{
    free(exit_handler_alloc(10 * HANDLER_SIZE));
    if (!exit_handler_alloc(HANDLER_SIZE))
        _exit(9);
}

static void quick_handler(void) { free(malloc(100)); }

static void *churn(void *arg)
{
    (void)arg;
    for (size_t n = 1;; n++)
        free(realloc(malloc(1 + n % 999), 1 + n % 3000));
    return NULL;
}

static void start_churners(int n)
{
    pthread_t t;
    for (int i = 0; i < n; i++)
        if (pthread_create(&t, NULL, churn, NULL) != 0)
            die("pthread_create");
}

static void *exiting_thread(void *arg)
{
    (void)arg;
    struct timespec pause = {0, 200 * 1000 * 1000};
    nanosleep(&pause, NULL);
    exit(7);
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "";
    for (int i = 0; i < KEPT; i++)
        if (!(kept[i] = exit_kept_alloc()))
            die("malloc");
    expect("exit_kept_alloc", (uint64_t)KEPT * KEPT_SIZE, KEPT);
    if (strcmp(mode, "return") == 0) {
        return 3;
    } else if (strcmp(mode, "exit") == 0) {
        exit(4);
    } else if (strcmp(mode, "_exit") == 0) {
        _exit(5);
    } else if (strcmp(mode, "quick_exit") == 0) {
        at_quick_exit(quick_handler);
        quick_exit(6);
    } else if (strcmp(mode, "abort") == 0) {
        abort();
    } else if (strcmp(mode, "segv") == 0) {
        *(volatile int *)(uintptr_t)argc = 1; /* argc is 2: a page nobody maps */
    } else if (strcmp(mode, "term") == 0) {
        raise(SIGTERM);
    } else if (strcmp(mode, "atexit") == 0) {
        atexit(allocating_handler);
        expect("exit_handler_alloc", HANDLER_SIZE, 1);
        exit(0);
    } else if (strcmp(mode, "threads") == 0) {
        start_churners(3);
        struct timespec pause = {0, 200 * 1000 * 1000};
        nanosleep(&pause, NULL);
        exit(0);
    } else if (strcmp(mode, "thread-exit") == 0) {
        pthread_t t;
        if (pthread_create(&t, NULL, exiting_thread, NULL) != 0)
            die("pthread_create");
        churn(NULL);
    }
    die("usage: stress_exit return|exit|_exit|quick_exit|abort|segv|term|atexit|threads|thread-exit");
}
