/*
 * core_fork_busy - forks again and again while another thread allocates without pause.
 *
 * For tests/core/test_fork.sh. Each fork may catch the allocating thread inside heapwatch (holding
 * a table lock, or unwinding) and the dump thread in the middle of a dump: the child must still
 * allocate, free and exit normally, and its exit dump must show exactly what it did itself in
 * busy_child_work: CHILD_KEPT blocks of CHILD_SIZE bytes live. Prints "children ok N" when every
 * child exited with status 0.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <sys/wait.h>

#include "core_wait.h"

enum { CHILDREN = 20, CHILD_BLOCKS = 100, CHILD_KEPT = 50, CHILD_SIZE = 100 };

static atomic_int stopping;

__attribute__((noinline)) static void *busy_churn(void *unused)
{
    (void)unused;
    for (size_t n = 1; !atomic_load(&stopping); n++)
        free(malloc(1 + n % 4000));
    return NULL;
}

__attribute__((noinline)) static void busy_child_work(void)
{
    static void *blocks[CHILD_BLOCKS];
    for (int i = 0; i < CHILD_BLOCKS; i++)
        if (!(blocks[i] = malloc(CHILD_SIZE)))
            exit(1);
    for (int i = CHILD_KEPT; i < CHILD_BLOCKS; i++)
        free(blocks[i]);
}

int main(void)
{
    pthread_t churner;
    if (pthread_create(&churner, NULL, busy_churn, NULL) != 0)
        return 1;
    int ok = 0;
    for (int i = 0; i < CHILDREN; i++) {
        pid_t child = fork();
        if (child < 0)
            break;
        if (child == 0) {
            busy_child_work();
            exit(0);
        }
        int status;
        while (waitpid(child, &status, 0) < 0 && errno == EINTR)
            continue;
        ok += WIFEXITED(status) && WEXITSTATUS(status) == 0;
        sleep_for(0.01);
    }
    atomic_store(&stopping, 1);
    pthread_join(churner, NULL);
    printf("children ok %d\n", ok);
    return ok == CHILDREN ? 0 : 1;
}
