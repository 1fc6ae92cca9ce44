/*
 * deadline_queue.h - timeouts for thousands of connections at O(1) per operation.
 *
 * Every queue has one fixed timeout (the handshake timeout, the idle timeout, ...), so an item
 * pushed now expires no earlier than any item already queued: appending at the tail keeps the
 * queue sorted by deadline, and only the head ever needs checking. No heap, no timer wheel, no
 * per-connection timer descriptor. Items are embedded in their owner (intrusive links), so
 * moving a connection between queues allocates nothing.
 */
#ifndef DEMO_DEADLINE_QUEUE_H
#define DEMO_DEADLINE_QUEUE_H

#include <stddef.h>
#include <stdint.h>

#define DEADLINE_NEVER UINT64_MAX

struct deadline_link {
    struct deadline_link *prev, *next;
    struct deadline_queue *queue;  /* NULL while not queued */
    uint64_t deadline_ms;
};

struct deadline_queue {
    struct deadline_link head;     /* sentinel of a circular list */
    uint64_t timeout_ms;           /* 0: items never expire (they are still counted and listed) */
    size_t count;
};

void deadline_queue_init(struct deadline_queue *q, uint64_t timeout_ms);

/* Moves link (queued anywhere or nowhere) to the tail of q, due timeout_ms after now_ms. */
void deadline_queue_push(struct deadline_queue *q, struct deadline_link *link, uint64_t now_ms);

/* Takes link out of whatever queue holds it; harmless when it is in none. */
void deadline_link_remove(struct deadline_link *link);

/* The oldest item, or NULL when q is empty. */
struct deadline_link *deadline_queue_first(const struct deadline_queue *q);

/* The oldest item if its deadline has passed at now_ms, else NULL. */
struct deadline_link *deadline_queue_expired(const struct deadline_queue *q, uint64_t now_ms);

/* When the oldest item falls due: DEADLINE_NEVER for an empty or never-expiring queue. */
uint64_t deadline_queue_next(const struct deadline_queue *q);

#endif
