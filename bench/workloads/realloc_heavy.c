/* bench/workloads/realloc_heavy.c: buffers that grow a little at a time, as naive string
 * builders and vectors do. Each thread keeps 2048 buffers and, at random, appends 1 to 256
 * bytes with realloc to the exact new length, sometimes halves one, and sometimes (always past
 * 64 KiB) releases one with realloc(p, 0) before starting it again with realloc(NULL, n). Every
 * realloc is a free plus an allocation to a profiler, and one that moves the block must move
 * its record too. Each buffer's first byte is checked after every realloc, so a profiler that
 * breaks realloc's copy makes the run fail.
 * Usage: realloc_heavy [THREADS] */
#include "../workload.h"

#include <stdio.h>
#include <string.h>

enum {
    BUFFERS = 2048,
    STEPS_PER_THREAD = 500000,
    LIMIT = 64 * 1024,
};

struct buffer {
    unsigned char *data;
    size_t length;
};

static void resize(struct buffer *b, size_t length, unsigned char tag)
{
    unsigned char *data = realloc(b->data, length);
    if (!data)
        workload_out_of_memory(length);
    if (b->length == 0)
        data[0] = tag;
    else if (data[0] != tag) {
        fprintf(stderr, "realloc lost the contents of a buffer\n");
        exit(1);
    }
    if (length > b->length)
        memset(data + b->length, tag, length - b->length);
    b->data = data;
    b->length = length;
}

static void release(struct buffer *b)
{
    /* glibc's realloc(p, 0) frees p and returns NULL: a path profilers must handle too. */
    b->data = realloc(b->data, 0); // NOLINT(clang-analyzer-optin.portability.UnixAPI): the point of the call
    b->length = 0;
}

static uint64_t build_strings(int index, rng_t *rng, void *arg)
{
    (void)index, (void)arg;
    struct buffer buffers[BUFFERS] = { 0 };
    uint64_t checksum = 0;
    for (long i = 0; i < STEPS_PER_THREAD; i++) {
        size_t which = rng_next(rng) % BUFFERS;
        struct buffer *b = &buffers[which];
        unsigned char tag = (unsigned char)(which | 1);
        size_t r = rng_next(rng);
        if (b->length > LIMIT || r % 64 == 0)
            release(b);
        else if (r % 64 < 4 && b->length > 1)
            resize(b, b->length / 2, tag);
        else
            resize(b, b->length + 1 + (r >> 8) % 256, tag);
        checksum += b->length;
    }
    for (int i = 0; i < BUFFERS; i++)
        free(buffers[i].data);
    return checksum;
}

int main(int argc, char **argv)
{
    int threads = workload_threads(argc, argv);
    workload_print_checksum(workload_run(threads, build_strings, NULL));
    return 0;
}
