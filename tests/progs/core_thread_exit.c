/*
 * core_thread_exit - main ends with pthread_exit while a worker still runs.
 *
 * For tests/core/test_thread_exit.sh. glibc ends the process with exit(0) when its last thread
 * ends; heapwatch's dump thread must not count as one, or the process would never end.
 */
#include <pthread.h>

#include "core_wait.h"

__attribute__((noinline)) static void *thread_exit_worker(void *unused)
{
    (void)unused;
    void *p = malloc(4321);
    sleep_for(0.3);
    printf("worker done\n");
    fflush(stdout);
    free(p);
    return NULL;
}

int main(void)
{
    pthread_t worker;
    if (pthread_create(&worker, NULL, thread_exit_worker, NULL) != 0)
        return 1;
    pthread_exit(NULL);
}
