/* bench/measure.c: runs one command and reports its wall time, peak RSS and how it ended, for
 * bench/run.sh (GNU time is not installed here, and a shell's `time` gives no RSS).
 *
 *   measure [-t SECONDS] [-m MIB] [-o STDOUT_FILE] [-e STDERR_FILE] [-E VAR=VALUE]... -- CMD [ARG...]
 *
 * Prints one line `WALL_SECONDS PEAK_RSS_KIB STATUS`, STATUS being `ok`, `exit:N`, `signal:N`
 * or `timeout`. The command runs in its own process group so that a timeout kills everything
 * it started (heaptrack runs the program under a shell with a helper pipeline). -m caps the
 * address space of the command and its descendants: a profiler that runs away with memory
 * (heaptrack's interpreter can grow to tens of GiB) fails alone instead of starving the machine. Peak RSS comes
 * from wait4's rusage: the largest of the command and the descendants it waited for. The
 * command's output goes to the given files (default /dev/null). Exits 0 whenever it could
 * measure, whatever the command did, 2 on bad usage, and 128+N after killing the command
 * because measure itself got SIGINT or SIGTERM. -E sets a variable in the command's environment,
 * so that a profiled run execs the program directly, as the plain run does: going through
 * env(1) would add an exec (about a millisecond) to the profiled side only. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct options {
    unsigned timeout_seconds;
    unsigned long memory_limit_mib; /* 0: no limit */
    const char *stdout_path;
    const char *stderr_path;
    char **command;
    char *environment[8]; /* VAR=VALUE settings, NULL-terminated */
};

static void usage(void)
{
    fprintf(stderr, "usage: measure [-t SECONDS] [-m MIB] [-o STDOUT_FILE] [-e STDERR_FILE] [-E VAR=VALUE]... -- CMD [ARG...]\n");
    exit(2);
}

/* The number in optarg, which must lie in [min, max]. */
static unsigned long number_option(unsigned long min, unsigned long max)
{
    char *end;
    errno = 0;
    unsigned long n = strtoul(optarg, &end, 10);
    if (errno || end == optarg || *end != '\0' || n < min || n > max)
        usage();
    return n;
}

static struct options parse_options(int argc, char **argv)
{
    struct options o = { 600, 0, "/dev/null", "/dev/null", NULL, { NULL } };
    size_t settings = 0;
    int opt;
    while ((opt = getopt(argc, argv, "+t:m:o:e:E:")) != -1) {
        switch (opt) {
        case 't':
            o.timeout_seconds = (unsigned)number_option(1, 86400);
            break;
        case 'm':
            o.memory_limit_mib = number_option(0, 1ul << 30);
            break;
        case 'o':
            o.stdout_path = optarg;
            break;
        case 'e':
            o.stderr_path = optarg;
            break;
        case 'E':
            if (!strchr(optarg, '=') || settings + 1 >= sizeof o.environment / sizeof o.environment[0])
                usage();
            o.environment[settings++] = optarg;
            break;
        default:
            usage();
        }
    }
    if (optind >= argc)
        usage();
    o.command = argv + optind;
    return o;
}

static void redirect(int fd, const char *path)
{
    int f = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (f < 0 || dup2(f, fd) < 0) {
        fprintf(stderr, "measure: %s: %s\n", path, strerror(errno));
        _exit(127);
    }
    close(f);
}

static void run_child(const struct options *o)
{
    setpgid(0, 0);
    if (o->memory_limit_mib) {
        struct rlimit limit = { o->memory_limit_mib << 20, o->memory_limit_mib << 20 };
        setrlimit(RLIMIT_AS, &limit);
    }
    redirect(STDOUT_FILENO, o->stdout_path);
    redirect(STDERR_FILENO, o->stderr_path);
    for (char *const *setting = o->environment; *setting; setting++)
        putenv(*setting);
    execvp(o->command[0], o->command);
    fprintf(stderr, "measure: %s: %s\n", o->command[0], strerror(errno));
    _exit(127);
}

static volatile sig_atomic_t caught_signal;

/* Delivery interrupts wait4 with EINTR; main then kills the command's process group. */
static void on_signal(int sig)
{
    caught_signal = sig;
}

static double seconds_since(const struct timespec *start)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

int main(int argc, char **argv)
{
    struct options o = parse_options(argc, argv);
    /* No SA_RESTART, so that wait4 returns on the timeout alarm, and on Ctrl-C or a kill,
     * which must not leave the command running without us. */
    struct sigaction sa = { .sa_handler = on_signal };
    sigaction(SIGALRM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);

    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    pid_t pid = fork();
    if (pid < 0) {
        perror("measure: fork");
        return 1;
    }
    if (pid == 0)
        run_child(&o);
    setpgid(pid, pid); /* also here, so the group exists before any timeout can kill it */
    alarm(o.timeout_seconds);

    int status = 0;
    struct rusage usage;
    while (wait4(pid, &status, 0, &usage) < 0) {
        if (errno != EINTR) {
            perror("measure: wait4");
            return 1;
        }
        killpg(pid, SIGKILL);
    }
    double wall = seconds_since(&start);
    alarm(0);
    if (caught_signal && caught_signal != SIGALRM)
        return 128 + caught_signal;

    char how[32];
    if (caught_signal == SIGALRM)
        snprintf(how, sizeof how, "timeout");
    else if (WIFSIGNALED(status))
        snprintf(how, sizeof how, "signal:%d", WTERMSIG(status));
    else if (WEXITSTATUS(status) != 0)
        snprintf(how, sizeof how, "exit:%d", WEXITSTATUS(status));
    else
        snprintf(how, sizeof how, "ok");
    printf("%.4f %ld %s\n", wall, usage.ru_maxrss, how);
    return 0;
}
