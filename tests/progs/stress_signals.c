/*
 * stress_signals - programs that are hard on a profiler's signal handling.
 *
 * For tests/stress/test_signals.sh. Modes:
 *   handler SECONDS  SIGALRM every 200 us, whose handler calls malloc and free, while the main
 *                    thread allocates without pause. The handler uses size classes the main thread
 *                    never uses, primed before the timer starts, so glibc itself serves them from
 *                    its lock-free per-thread cache: any deadlock would be the profiler's.
 *   blocked          blocks every signal before anything else and takes SIGUSR2 and SIGTERM from
 *                    a signalfd: announces "blocked PID", then "usr2 PID" for each SIGUSR2, and
 *                    exits 0 on SIGTERM. A profiler's own thread must not take those signals.
 *   flood SECONDS    a child process sends SIGUSR2 (the dump signal) to this one as fast as it can
 *                    while the main thread allocates; prints "signals N" (how many were sent).
 * Every mode keeps KEPT blocks of KEPT_SIZE bytes from signals_kept_alloc and prints the
 * expectation for them, so the exit dump can be checked exactly.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/signalfd.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>

#include "stress_report.h"

enum { KEPT = 100, KEPT_SIZE = 300, HANDLER_SMALL = 24, HANDLER_LARGE = 40 };

__attribute__((noinline)) static void *signals_kept_alloc(void) { return malloc(KEPT_SIZE); }

static void keep_blocks(void)
{
    static void *kept[KEPT];
    for (int i = 0; i < KEPT; i++)
        if (!(kept[i] = signals_kept_alloc()))
            die("malloc");
    expect("signals_kept_alloc", (uint64_t)KEPT * KEPT_SIZE, KEPT);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Blocks of 64 bytes and up, freed at once or one round later: never the handler's size classes. */
static long churn_until(double deadline)
{
    void *previous = NULL;
    long rounds = 0;
    while (now() < deadline) {
        for (int i = 0; i < 1000; i++, rounds++) {
            void *p = malloc(64 + (size_t)rounds % 2000);
            void *q = calloc(1, 128);
            void *r = realloc(q, 512);
            if (!p || !q || !r)
                die("malloc in the main thread");
            free(previous);
            free(r);
            previous = p;
        }
    }
    free(previous);
    return rounds;
}

static atomic_long handler_runs;

__attribute__((noinline)) static void handler_alloc_free(size_t size) { free(malloc(size)); }

static void on_alarm(int sig)
{
    (void)sig;
    int saved = errno;
    handler_alloc_free(HANDLER_SMALL);
    handler_alloc_free(HANDLER_LARGE);
    atomic_fetch_add(&handler_runs, 1);
    errno = saved;
}

static void handler_mode(double seconds)
{
    handler_alloc_free(HANDLER_SMALL);
    handler_alloc_free(HANDLER_LARGE);
    struct sigaction sa = {.sa_handler = on_alarm, .sa_flags = SA_RESTART};
    sigemptyset(&sa.sa_mask);
    sigaction(SIGALRM, &sa, NULL);
    struct itimerval every = {{0, 200}, {0, 200}};
    setitimer(ITIMER_REAL, &every, NULL);
    long rounds = churn_until(now() + seconds);
    struct itimerval off = {{0, 0}, {0, 0}};
    setitimer(ITIMER_REAL, &off, NULL);
    say("handler runs %ld, main rounds %ld\n", atomic_load(&handler_runs), rounds);
    if (atomic_load(&handler_runs) < 10)
        die("the timer hardly fired");
}

static void blocked_mode(void)
{
    sigset_t all, wanted;
    sigfillset(&all);
    sigprocmask(SIG_BLOCK, &all, NULL);
    sigemptyset(&wanted);
    sigaddset(&wanted, SIGUSR2);
    sigaddset(&wanted, SIGTERM);
    int fd = signalfd(-1, &wanted, SFD_CLOEXEC);
    if (fd < 0)
        die("signalfd");
    say("blocked %d\n", (int)getpid());
    for (;;) {
        struct signalfd_siginfo info;
        if (read(fd, &info, sizeof info) != (ssize_t)sizeof info) {
            if (errno == EINTR)
                continue;
            die("read signalfd");
        }
        if (info.ssi_signo == SIGTERM)
            return;
        free(malloc(1000));
        say("usr2 %d\n", (int)getpid());
    }
}

static void flood_mode(double seconds)
{
    pid_t target = getpid();
    pid_t sender = fork();
    if (sender < 0)
        die("fork");
    if (sender == 0) {
        /* Plain syscalls only: this child allocates nothing while it floods. */
        double deadline = now() + seconds;
        long sent = 0;
        while (now() < deadline) {
            for (int i = 0; i < 50; i++, sent++)
                if (kill(target, SIGUSR2) != 0)
                    _exit(1);
            struct timespec pause = {0, 10000};
            nanosleep(&pause, NULL);
        }
        say("signals %ld\n", sent);
        _exit(0);
    }
    churn_until(now() + seconds);
    int status;
    while (waitpid(sender, &status, 0) < 0)
        if (errno != EINTR)
            die("waitpid");
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        die("the sender failed");
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "";
    double seconds = argc > 2 ? atof(argv[2]) : 1.0;
    if (strcmp(mode, "handler") == 0)
        handler_mode(seconds);
    else if (strcmp(mode, "blocked") == 0)
        blocked_mode();
    else if (strcmp(mode, "flood") == 0)
        flood_mode(seconds);
    else
        die("usage: stress_signals handler|blocked|flood [SECONDS]");
    keep_blocks();
    return 0;
}
