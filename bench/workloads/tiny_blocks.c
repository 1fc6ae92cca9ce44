/* bench/workloads/tiny_blocks.c: very many very small blocks, the pattern of parsers, symbolic
 * code and linked data structures (cfrac and espresso in allocator benchmarks). Each round a
 * thread builds a linked list of 200k nodes of 16 to 48 bytes, walks it, and frees it. With
 * blocks this small a profiler's per-block record is as big as the block, so both its time and
 * its memory per allocation show.
 * Usage: tiny_blocks [THREADS] */
#include "../workload.h"

enum {
    NODES = 200000,
    ROUNDS = 12,
};

struct node {
    struct node *next;
    uint32_t value;
};

static struct node *build_list(rng_t *rng)
{
    struct node *head = NULL;
    for (int i = 0; i < NODES; i++) {
        struct node *n = must_malloc(rng_between(rng, 16, 48));
        n->value = (uint32_t)i;
        n->next = head;
        head = n;
    }
    return head;
}

static uint64_t walk_and_free(struct node *n)
{
    uint64_t sum = 0;
    while (n) {
        struct node *next = n->next;
        sum += n->value;
        free(n);
        n = next;
    }
    return sum;
}

static uint64_t churn(int index, rng_t *rng, void *arg)
{
    (void)index, (void)arg;
    uint64_t checksum = 0;
    for (int round = 0; round < ROUNDS; round++)
        checksum += walk_and_free(build_list(rng));
    return checksum;
}

int main(int argc, char **argv)
{
    int threads = workload_threads(argc, argv);
    workload_print_checksum(workload_run(threads, churn, NULL));
    return 0;
}
