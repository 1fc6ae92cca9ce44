/* bench/workload.c: the plumbing shared by the bench workloads (see workload.h), kept out of
 * the workload files so each of them shows only its allocation pattern. */
#include "workload.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int workload_threads(int argc, char **argv)
{
    if (argc < 2)
        return 1;
    char *end;
    long n = strtol(argv[1], &end, 10);
    if (*end != '\0' || n < 1 || n > WORKLOAD_MAX_THREADS) {
        fprintf(stderr, "usage: %s [THREADS 1..%d]\n", argv[0], WORKLOAD_MAX_THREADS);
        exit(2);
    }
    return (int)n;
}

struct worker {
    pthread_t thread;
    int index;
    workload_body body;
    void *arg;
    uint64_t result;
};

static void *worker_main(void *p)
{
    struct worker *w = p;
    rng_t rng = rng_seeded((uint64_t)w->index + 1);
    w->result = w->body(w->index, &rng, w->arg);
    return NULL;
}

uint64_t workload_run(int threads, workload_body body, void *arg)
{
    struct worker workers[WORKLOAD_MAX_THREADS];
    for (int i = 0; i < threads; i++) {
        workers[i] = (struct worker){ .index = i, .body = body, .arg = arg };
        int err = pthread_create(&workers[i].thread, NULL, worker_main, &workers[i]);
        if (err) {
            fprintf(stderr, "pthread_create: %s\n", strerror(err));
            exit(1);
        }
    }
    uint64_t sum = 0;
    for (int i = 0; i < threads; i++) {
        pthread_join(workers[i].thread, NULL);
        sum += workers[i].result;
    }
    return sum;
}

void workload_print_checksum(uint64_t checksum)
{
    printf("checksum %llu\n", (unsigned long long)checksum);
}

void workload_out_of_memory(size_t size)
{
    fprintf(stderr, "out of memory allocating %zu bytes\n", size);
    exit(1);
}
