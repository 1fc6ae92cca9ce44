/*
 * core_fork - a parent and its forked child, each with its own allocations and its own dumps.
 *
 * For tests/core/test_fork.sh. Before the fork the parent allocates 10 x 1000 bytes in
 * fork_parent_before; the child inherits them, frees 3, allocates 5 x 2000 in fork_child_after and
 * then sleeps 1 s without allocating, so only its own interval timer can produce its dumps. The
 * parent allocates 7 x 3000 in fork_parent_after, waits for the child and exits with its status.
 * Prints "forked CHILD_PID" so the test can tell the two processes' dumps apart.
 */
#include <sys/wait.h>

#include "core_wait.h"

enum { BEFORE_COUNT = 10, BEFORE_SIZE = 1000, CHILD_FREES = 3,
       CHILD_COUNT = 5, CHILD_SIZE = 2000, AFTER_COUNT = 7, AFTER_SIZE = 3000 };

static void *before[BEFORE_COUNT];
static void *child_blocks[CHILD_COUNT];
static void *after[AFTER_COUNT];

__attribute__((noinline)) static void fork_parent_before(void)
{
    for (int i = 0; i < BEFORE_COUNT; i++)
        if (!(before[i] = malloc(BEFORE_SIZE)))
            exit(1);
}

__attribute__((noinline)) static void fork_child_after(void)
{
    for (int i = 0; i < CHILD_FREES; i++)
        free(before[i]);
    for (int i = 0; i < CHILD_COUNT; i++)
        if (!(child_blocks[i] = malloc(CHILD_SIZE)))
            exit(1);
}

__attribute__((noinline)) static void fork_parent_after(void)
{
    for (int i = 0; i < AFTER_COUNT; i++)
        if (!(after[i] = malloc(AFTER_SIZE)))
            exit(1);
}

int main(void)
{
    fork_parent_before();
    sleep_for(0.3); /* so that the child's uptime, counted from the fork, is visibly shorter */
    pid_t child = fork();
    if (child < 0)
        return 1;
    if (child == 0) {
        fork_child_after();
        sleep_for(1.0);
        exit(0);
    }
    printf("forked %d\n", (int)child);
    fflush(stdout);
    fork_parent_after();
    int status;
    while (waitpid(child, &status, 0) < 0)
        if (errno != EINTR)
            return 1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
