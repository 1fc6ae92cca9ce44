/*
 * stress_fork - fork, vfork and exec in the ways that catch a profiler holding locks.
 *
 * For tests/stress/test_fork_exec.sh. Modes:
 *   storm N       three threads allocate without pause while main forks N children back to back;
 *                 every other child starts a thread of its own, every fourth forks a grandchild.
 *                 Each child and grandchild keeps CHILD_KEPT blocks from fork_child_work and
 *                 exits 0; prints "children ok N" when all N children (and their own) did.
 *   spawn N       N times vfork + exec of this program, then N times posix_spawn, as target;
 *                 prints "spawned ok N" when all 2N exited 0.
 *   exec          two threads allocate; after 0.2 s one of them (not main) execs this program as
 *                 target, with the same pid.
 *   daemon DIR    double fork and setsid: the daemon closes every descriptor, moves to /, puts
 *                 /dev/null on 0-2, keeps DAEMON_KEPT blocks from daemon_work, writes its pid to
 *                 DIR/daemon.pid, and ends 0.3 s later; the first process exits 0 at once.
 *   target        what the others exec: keeps TARGET_KEPT blocks from exec_target_work.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <spawn.h>
#include <stdatomic.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>

#include "stress_report.h"

enum { CHILD_KEPT = 50, CHILD_SIZE = 100, TARGET_KEPT = 20, TARGET_SIZE = 1234, DAEMON_KEPT = 7, DAEMON_SIZE = 4096 };

extern char **environ;
static atomic_int stopping;

static void pause_seconds(double seconds)
{
    struct timespec t = {(time_t)seconds, (long)((seconds - (long)seconds) * 1e9)};
    while (nanosleep(&t, &t) != 0 && errno == EINTR)
        continue;
}

static int wait_ok(pid_t pid)
{
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return 0;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static void *churn(void *arg)
{
    (void)arg;
    for (size_t n = 1; !atomic_load(&stopping); n++) {
        void *p = malloc(1 + n % 3000);
        free(realloc(p, 1 + n % 5000));
    }
    return NULL;
}

static void start_churners(pthread_t *t, int n)
{
    for (int i = 0; i < n; i++)
        if (pthread_create(&t[i], NULL, churn, NULL) != 0)
            die("pthread_create");
}

static void stop_churners(pthread_t *t, int n)
{
    atomic_store(&stopping, 1);
    for (int i = 0; i < n; i++)
        pthread_join(t[i], NULL);
}

__attribute__((noinline)) static void keep_blocks(void *(*alloc)(size_t), int count, size_t size)
{
    for (int i = 0; i < count; i++)
        if (!alloc(size))
            die("malloc");
}

__attribute__((noinline)) static void *fork_child_work(size_t size) { return malloc(size); }
__attribute__((noinline)) static void *exec_target_work(size_t size) { return malloc(size); }
__attribute__((noinline)) static void *daemon_work(size_t size) { return malloc(size); }

static void *child_thread(void *arg)
{
    (void)arg;
    for (int i = 0; i < 1000; i++)
        free(malloc(64));
    return NULL;
}

/* A storm child: its own thread sometimes, its own fork sometimes, then its kept blocks. */
static void storm_child(int index)
{
    pthread_t t;
    int threaded = index % 2 == 0 && pthread_create(&t, NULL, child_thread, NULL) == 0;
    int ok = 1;
    if (index % 4 == 0) {
        pid_t grandchild = fork();
        if (grandchild == 0) {
            keep_blocks(fork_child_work, CHILD_KEPT, CHILD_SIZE);
            exit(0);
        }
        ok = grandchild > 0 && wait_ok(grandchild);
    }
    if (threaded)
        pthread_join(t, NULL);
    keep_blocks(fork_child_work, CHILD_KEPT, CHILD_SIZE);
    exit(ok ? 0 : 1);
}

static void storm(long n)
{
    pthread_t t[3];
    start_churners(t, 3);
    pid_t *children = calloc((size_t)n, sizeof *children);
    if (!children)
        die("calloc");
    for (long i = 0; i < n; i++) {
        children[i] = fork();
        if (children[i] < 0)
            die("fork");
        if (children[i] == 0)
            storm_child((int)i);
    }
    long ok = 0;
    for (long i = 0; i < n; i++)
        ok += wait_ok(children[i]);
    stop_churners(t, 3);
    say("children ok %ld\n", ok);
    exit(ok == n ? 0 : 1);
}

static void spawn(long n, const char *self)
{
    char *argv[] = {(char *)self, "target", NULL};
    long ok = 0;
    for (long i = 0; i < n; i++) {
        pid_t pid = vfork();
        if (pid == 0) {
            execve(self, argv, environ);
            _exit(127);
        }
        ok += pid > 0 && wait_ok(pid);
    }
    for (long i = 0; i < n; i++) {
        pid_t pid;
        ok += posix_spawn(&pid, self, NULL, NULL, argv, environ) == 0 && wait_ok(pid);
    }
    say("spawned ok %ld\n", ok);
    exit(ok == 2 * n ? 0 : 1);
}

static const char *exec_self;

static void *exec_from_thread(void *arg)
{
    (void)arg;
    pause_seconds(0.2);
    char *argv[] = {(char *)exec_self, "target", NULL};
    execve(exec_self, argv, environ);
    die("execve");
    return NULL;
}

static void exec_threaded(const char *self)
{
    exec_self = self;
    pthread_t t[3];
    start_churners(t, 2);
    if (pthread_create(&t[2], NULL, exec_from_thread, NULL) != 0)
        die("pthread_create");
    pthread_join(t[2], NULL); /* never returns: the exec replaces the process */
}

static void daemon_mode(const char *dir)
{
    pid_t first = fork();
    if (first != 0)
        exit(first > 0 && wait_ok(first) ? 0 : 1);
    if (setsid() < 0)
        die("setsid");
    if (fork() != 0)
        _exit(0);
    for (int fd = 0; fd < 1024; fd++)
        close(fd);
    if (chdir("/") != 0 || open("/dev/null", O_RDWR) != 0 || dup(0) != 1 || dup(0) != 2)
        _exit(4);
    umask(0);
    keep_blocks(daemon_work, DAEMON_KEPT, DAEMON_SIZE);
    char path[4096], line[32];
    snprintf(path, sizeof path, "%s/daemon.pid", dir);
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    int len = snprintf(line, sizeof line, "%d\n", (int)getpid());
    if (fd < 0 || write(fd, line, (size_t)len) != len || close(fd) != 0)
        _exit(5);
    pause_seconds(0.3);
    exit(0);
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "";
    if (strcmp(mode, "storm") == 0)
        storm(count_arg(argc, argv, 2, 100));
    else if (strcmp(mode, "spawn") == 0)
        spawn(count_arg(argc, argv, 2, 10), argv[0]);
    else if (strcmp(mode, "exec") == 0)
        exec_threaded(argv[0]);
    else if (strcmp(mode, "daemon") == 0 && argc > 2)
        daemon_mode(argv[2]);
    else if (strcmp(mode, "target") == 0)
        keep_blocks(exec_target_work, TARGET_KEPT, TARGET_SIZE);
    else
        die("usage: stress_fork storm N|spawn N|exec|daemon DIR|target");
    return 0;
}
