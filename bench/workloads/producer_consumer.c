/* bench/workloads/producer_consumer.c: messages built on one thread and freed on another.
 * The threads form a ring: each builds messages (32 B to 4 KiB payloads), hands them in batches
 * to the next thread's inbox, and reads and frees what arrives in its own. With one thread the
 * ring closes on itself and every free is local; with two, every free is cross-thread, which
 * is where a profiler with per-thread state must still find the block's record.
 * Usage: producer_consumer [THREADS] */
#include "../workload.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <string.h>

enum {
    BATCH = 64,
    MESSAGES_PER_THREAD = 6000 * BATCH,
    MAX_PENDING = 4096, /* back-pressure, so a descheduled consumer cannot pile up memory */
};

struct message {
    struct message *next;
    size_t length;
    unsigned char payload[];
};

struct inbox {
    pthread_mutex_t lock;
    struct message *head;
    atomic_size_t pending;
};

struct ring {
    int threads;
    struct inbox inboxes[WORKLOAD_MAX_THREADS];
};

static struct message *build_batch(rng_t *rng, struct message **tail)
{
    struct message *head = NULL;
    for (int i = 0; i < BATCH; i++) {
        size_t length = rng_between(rng, 32, 4096);
        struct message *m = must_malloc(sizeof *m + length);
        m->length = length;
        memset(m->payload, (int)(rng_next(rng) & 0xff), length);
        m->next = head;
        if (!head)
            *tail = m;
        head = m;
    }
    return head;
}

static void deliver(struct inbox *to, struct message *head, struct message *tail)
{
    pthread_mutex_lock(&to->lock);
    tail->next = to->head;
    to->head = head;
    pthread_mutex_unlock(&to->lock);
    atomic_fetch_add(&to->pending, BATCH);
}

/* Takes everything waiting in the inbox, reads it and frees it; returns how many messages. */
static size_t drain(struct inbox *from, uint64_t *checksum)
{
    pthread_mutex_lock(&from->lock);
    struct message *m = from->head;
    from->head = NULL;
    pthread_mutex_unlock(&from->lock);
    size_t count = 0;
    while (m) {
        struct message *next = m->next;
        *checksum += m->length + m->payload[0] + m->payload[m->length - 1];
        free(m);
        m = next;
        count++;
    }
    atomic_fetch_sub(&from->pending, count);
    return count;
}

static uint64_t relay(int index, rng_t *rng, void *arg)
{
    struct ring *ring = arg;
    struct inbox *own = &ring->inboxes[index];
    struct inbox *next = &ring->inboxes[(index + 1) % ring->threads];
    uint64_t checksum = 0;
    size_t produced = 0, consumed = 0;
    while (consumed < MESSAGES_PER_THREAD || produced < MESSAGES_PER_THREAD) {
        int progressed = 0;
        if (produced < MESSAGES_PER_THREAD && atomic_load(&next->pending) < MAX_PENDING) {
            struct message *tail;
            struct message *head = build_batch(rng, &tail);
            deliver(next, head, tail);
            produced += BATCH;
            progressed = 1;
        }
        size_t got = drain(own, &checksum);
        consumed += got;
        if (!progressed && !got)
            sched_yield();
    }
    return checksum;
}

int main(int argc, char **argv)
{
    static struct ring ring;
    ring.threads = workload_threads(argc, argv);
    for (int i = 0; i < ring.threads; i++)
        pthread_mutex_init(&ring.inboxes[i].lock, NULL);
    workload_print_checksum(workload_run(ring.threads, relay, &ring));
    return 0;
}
