/*
 * deadline_queue.c - fixed-timeout FIFO queues of intrusive links (see deadline_queue.h for why
 * a FIFO is enough).
 */
#include "deadline_queue.h"

void deadline_queue_init(struct deadline_queue *q, uint64_t timeout_ms)
{
    q->head.prev = q->head.next = &q->head;
    q->head.queue = q;
    q->timeout_ms = timeout_ms;
    q->count = 0;
}

void deadline_link_remove(struct deadline_link *link)
{
    if (!link->queue)
        return;
    link->prev->next = link->next;
    link->next->prev = link->prev;
    link->queue->count--;
    link->queue = NULL;
    link->prev = link->next = NULL;
}

void deadline_queue_push(struct deadline_queue *q, struct deadline_link *link, uint64_t now_ms)
{
    deadline_link_remove(link);
    link->deadline_ms = q->timeout_ms ? now_ms + q->timeout_ms : DEADLINE_NEVER;
    link->prev = q->head.prev;
    link->next = &q->head;
    q->head.prev->next = link;
    q->head.prev = link;
    link->queue = q;
    q->count++;
}

struct deadline_link *deadline_queue_first(const struct deadline_queue *q)
{
    return q->head.next == &q->head ? NULL : q->head.next;
}

struct deadline_link *deadline_queue_expired(const struct deadline_queue *q, uint64_t now_ms)
{
    struct deadline_link *first = deadline_queue_first(q);
    return first && first->deadline_ms <= now_ms ? first : NULL;
}

uint64_t deadline_queue_next(const struct deadline_queue *q)
{
    const struct deadline_link *first = deadline_queue_first(q);
    return first ? first->deadline_ms : DEADLINE_NEVER;
}
