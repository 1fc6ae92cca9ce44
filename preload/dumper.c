/*
 * dumper.c - the dump thread and the triggers that wake it.
 *
 * One background thread, with every signal blocked so it never steals a signal the program
 * expects, sleeps on a semaphore until the next interval or until the dump signal's handler posts
 * it (sem_post is async-signal-safe; the handler does nothing else). It also notices when it is
 * the last thread alive -- main called pthread_exit and the others ended -- and then ends the
 * process as glibc would have (exit(0)), instead of keeping it alive forever.
 *
 * Dumps are serialised by dump_lock: the thread's own, and the final one from the exiting thread.
 */
#include "dumper.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <semaphore.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "dump_writer.h"
#include "fork_gate.h"
#include "guard.h"
#include "lock.h"
#include "log.h"
#include "procinfo.h"
#include "snapshot.h"
#include "symbolize.h"

#define LIVENESS_CHECK_NS 1000000000ull

static pthread_mutex_t dump_lock = PTHREAD_MUTEX_INITIALIZER;
static sem_t wake;
static sem_t final_written;
static atomic_int signal_pending;
static atomic_int final_pending;
static int finished;
static uint32_t next_seq;
static int seq_known; /* next_seq was looked up in the dump directory */
static int thread_running;
static uint64_t start_ns;
static struct identity identity;
static struct snapshot snap;

static uint64_t monotonic_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void dump_now(enum dump_reason reason)
{
    hw_guard_enter();
    pthread_mutex_lock(&dump_lock);
    if (!seq_known) {
        next_seq = dump_first_free_seq(identity.pid);
        seq_known = 1;
    }
    /* A name someone else took (a planted link) is skipped before the figures are taken. */
    for (int tries = 0; tries < 100 && dump_name_taken(identity.pid, next_seq); tries++)
        next_seq++;
    if (!finished) {
        if (reason == DUMP_EXIT)
            finished = 1;
        atomic_store(&hw_dump_in_progress, 1);
        int taken = snapshot_take(&snap, reason, next_seq, monotonic_ns() - start_ns);
        atomic_store(&hw_dump_in_progress, 0);
        /* Symbolizing and describing OpenSSL consult the loader (dladdr, dl_iterate_phdr). */
        fork_gate_enter();
        int written = taken == 0 && dump_write(&snap, &identity) == 0;
        fork_gate_leave();
        if (written) {
            snapshot_commit(&snap);
            next_seq++;
        }
    }
    pthread_mutex_unlock(&dump_lock);
    hw_guard_leave();
}

static void on_dump_signal(int sig)
{
    (void)sig;
    int saved_errno = errno;
    atomic_store(&signal_pending, 1);
    sem_post(&wake);
    errno = saved_errno;
}

static int alone_in_process(void)
{
    struct proc_info info;
    procinfo_read(&info);
    return info.threads > 0 && info.threads <= 2 && procinfo_other_live_threads() == 0;
}

/*
 * Gives this thread a descriptor table of its own. Programs close or dup2 over descriptors they
 * did not open (daemons close 3..1023, shells dup2 over low numbers): in a shared table that would
 * close a dump file mid-write, or hand its number to a file of theirs that we then write into or
 * close. With a private table neither side can touch the other's descriptors. The copies of the
 * program's descriptors are all dropped at once, 0-2 included: holding a pipe's write end would
 * hide its end-of-file from the reader. Warnings then reach the program's current stderr through
 * /proc (log.c).
 */
static void private_descriptors(void)
{
    if (unshare(CLONE_FILES) == 0 && syscall(SYS_close_range, 0u, ~0u, 0u) == 0)
        hw_private_descriptors = 1;
}

static void *dump_thread(void *arg)
{
    (void)arg;
    hw_guard_enter(); /* everything this thread allocates is heapwatch's own */
    private_descriptors();
    /*
     * The program's threads come first: on a busy machine a dump gets short time slices (about a
     * tenth of the CPU a program thread gets) instead of displacing an allocating thread for a
     * whole slice, yet, unlike SCHED_IDLE or nice 19, it still comes on time.
     */
    setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), 10);
    uint64_t interval = (uint64_t)(hw_config.interval * 1e9);
    uint64_t next_dump = interval ? monotonic_ns() + interval : 0;
    int alone_checks = 0;
    uint64_t next_liveness_check = 0;
    for (;;) {
        uint64_t now = monotonic_ns();
        uint64_t deadline = now + LIVENESS_CHECK_NS;
        if (next_dump && next_dump < deadline)
            deadline = next_dump;
        struct timespec ts = {(time_t)(deadline / 1000000000u), (long)(deadline % 1000000000u)};
        while (sem_clockwait(&wake, CLOCK_MONOTONIC, &ts) == 0)
            if (atomic_load(&signal_pending) || atomic_load(&final_pending))
                break;
        if (atomic_exchange(&final_pending, 0)) {
            dump_now(DUMP_EXIT);
            sem_post(&final_written);
            return NULL;
        }
        if (atomic_exchange(&signal_pending, 0))
            dump_now(DUMP_SIGNAL);
        now = monotonic_ns();
        if (next_dump && now >= next_dump) {
            dump_now(DUMP_INTERVAL);
            next_dump += interval;
            if (next_dump <= now) /* fell behind (slow disk, stopped process): skip, do not burst */
                next_dump = now + interval;
        }
        if (finished)
            return NULL;
        /* Checked once a second, and acted on only when seen twice in a row: ending a process is final. */
        if (now >= next_liveness_check) {
            next_liveness_check = now + LIVENESS_CHECK_NS;
            alone_checks = alone_in_process() ? alone_checks + 1 : 0;
            if (alone_checks >= 2)
                exit(0);
        }
    }
}

static void start_thread(void)
{
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    pthread_t thread;
    int rc = pthread_create(&thread, NULL, dump_thread, NULL);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (rc != 0) {
        hw_warn("cannot start the dump thread: %s; dumps only at exit", strerror(rc));
        return;
    }
    pthread_setname_np(thread, "heapwatch");
    pthread_detach(thread);
    thread_running = 1;
}

static void install_signal(void)
{
    if (!hw_config.signal)
        return;
    struct sigaction old;
    if (sigaction(hw_config.signal, NULL, &old) != 0)
        return;
    /* A program that already handles (or ignores) the default signal keeps it. */
    if (!hw_config.signal_forced && old.sa_handler != SIG_DFL)
        return;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_dump_signal;
    sa.sa_flags = SA_RESTART;
    sigemptyset(&sa.sa_mask);
    sigaction(hw_config.signal, &sa, NULL);
}

void dumper_start(void)
{
    sem_init(&wake, 0, 0);
    sem_init(&final_written, 0, 0);
    identity_read(&identity);
    start_ns = monotonic_ns();
    install_signal();
    start_thread();
}

void dumper_final(void) { dump_now(DUMP_EXIT); }

void dumper_final_before_exit_call(double seconds)
{
    if (getpid() != identity.pid || !thread_running)
        return;
    atomic_store(&final_pending, 1);
    sem_post(&wake);
    struct timespec until;
    clock_gettime(CLOCK_MONOTONIC, &until);
    uint64_t deadline = (uint64_t)until.tv_sec * 1000000000u + (uint64_t)until.tv_nsec + (uint64_t)(seconds * 1e9);
    until.tv_sec = (time_t)(deadline / 1000000000u);
    until.tv_nsec = (long)(deadline % 1000000000u);
    while (sem_clockwait(&final_written, CLOCK_MONOTONIC, &until) != 0 && errno == EINTR)
        ;
}

void dumper_symbolizer_acquire(void)
{
    hw_guard_enter();
    pthread_mutex_lock(&dump_lock);
    fork_gate_enter();
}

void dumper_symbolizer_release(void)
{
    fork_gate_leave();
    pthread_mutex_unlock(&dump_lock);
    hw_guard_leave();
}

void dumper_after_fork_child(void)
{
    /* The parent's dump thread may have been mid-dump: nothing it held is trusted here. */
    pthread_mutex_init(&dump_lock, NULL);
    sem_init(&wake, 0, 0);
    sem_init(&final_written, 0, 0);
    atomic_store(&signal_pending, 0);
    atomic_store(&final_pending, 0);
    thread_running = 0;
    finished = 0;
    seq_known = 0;
    start_ns = monotonic_ns();
    identity_read(&identity);
    snapshot_after_fork();
    symbolize_after_fork();
    start_thread();
}
