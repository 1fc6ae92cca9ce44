/*
 * stress_fds - programs that close or overwrite descriptors they did not open, as daemons do.
 *
 * For tests/stress/test_descriptors.sh. Run in a directory of its own, where it writes its files
 * own.0 .. own.3 and nothing else. Modes (for SECONDS, while the test's dumps run every 10 ms):
 *   closeall SECONDS  again and again: close every descriptor from 3 to 1023, then open its four
 *                     files (taking the lowest numbers, which a profiler may have just used),
 *                     append a line to each and close them
 *   dup2 SECONDS      again and again: dup2 one of its files over descriptors 3 to 20 and 0, then
 *                     close them, so that a number a profiler just opened can become the program's
 * At the end it checks that its files hold exactly the lines it wrote, and prints "files ok".
 * It keeps KEPT blocks from fds_kept_alloc for an exact exit dump.
 */
#include <errno.h>
#include <fcntl.h>
#include <time.h>

#include "stress_report.h"

enum { FILES = 4, KEPT = 10, KEPT_SIZE = 2000 };
static const char line[] = "a line the program wrote itself\n";
static void *kept[KEPT]; /* live at exit */

__attribute__((noinline)) static void *fds_kept_alloc(void) { return malloc(KEPT_SIZE); }

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int open_own(int i)
{
    char name[16];
    snprintf(name, sizeof name, "own.%d", i);
    int fd = open(name, O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd < 0)
        die("open own file");
    return fd;
}

static void append(int fd)
{
    if (write(fd, line, sizeof line - 1) != (ssize_t)sizeof line - 1)
        die("write own file");
}

/* Each file must be exactly `lines` copies of the line. */
static void check_file(int i, long lines)
{
    char name[16], buf[sizeof line];
    snprintf(name, sizeof name, "own.%d", i);
    int fd = open(name, O_RDONLY);
    if (fd < 0)
        die("reopen own file");
    long seen = 0;
    ssize_t n;
    while ((n = read(fd, buf, sizeof line - 1)) == (ssize_t)sizeof line - 1 && memcmp(buf, line, sizeof line - 1) == 0)
        seen++;
    close(fd);
    if (n != 0 || seen != lines) {
        say("error own.%d holds something the program did not write (after %ld of its %ld lines)\n", i, seen, lines);
        exit(3);
    }
}

static long close_all(double deadline)
{
    long rounds = 0;
    for (; now() < deadline; rounds++) {
        for (int fd = 3; fd < 1024; fd++)
            close(fd);
        int fds[FILES];
        for (int i = 0; i < FILES; i++)
            fds[i] = open_own(i);
        for (int i = 0; i < FILES; i++) {
            append(fds[i]);
            close(fds[i]);
        }
        free(malloc(100));
    }
    return rounds;
}

static long dup_over(double deadline)
{
    long rounds = 0;
    /* Out of the range dup2 covers below. */
    int devnull = fcntl(open("/dev/null", O_RDONLY), F_DUPFD, 1000);
    if (devnull < 0)
        die("/dev/null");
    for (; now() < deadline; rounds++) {
        int fd = open_own((int)(rounds % FILES));
        append(fd);
        int target = 3 + (int)(rounds % 18);
        if (target != fd && dup2(fd, target) == target)
            close(target);
        if (dup2(fd, 0) == 0)
            dup2(devnull, 0);
        close(fd);
        free(malloc(100));
    }
    return rounds;
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "";
    double seconds = argc > 2 ? atof(argv[2]) : 1.0;
    long rounds;
    if (strcmp(mode, "closeall") == 0)
        rounds = close_all(now() + seconds);
    else if (strcmp(mode, "dup2") == 0)
        rounds = dup_over(now() + seconds);
    else
        die("usage: stress_fds closeall|dup2 SECONDS");
    for (int i = 0; i < FILES; i++)
        check_file(i, strcmp(mode, "closeall") == 0 ? rounds : rounds / FILES + (rounds % FILES > i));
    for (int i = 0; i < KEPT; i++)
        kept[i] = fds_kept_alloc();
    expect("fds_kept_alloc", (uint64_t)KEPT * KEPT_SIZE, KEPT);
    say("files ok\n");
    return 0;
}
