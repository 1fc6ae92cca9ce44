/* stack_set.h: every distinct stack one dump mentions (a stack can appear in the live, growth and
 * peak rankings), and what the dump says about a stack it does not list: when the live ranking lists
 * every live stack, an absent stack holds 0 bytes; otherwise its figure is unknown (below the top N). */
#ifndef HEAPWATCH_STACK_SET_H
#define HEAPWATCH_STACK_SET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dump.h"

struct hw_stack_set {
    size_t n;
    const struct hw_stack **stacks;   /* first occurrence of each id: live, then growth, then peak */
    bool complete;                    /* the live ranking lists every stack with live bytes */
};

bool hw_stack_set_build(const struct hw_dump *dump, struct hw_stack_set *out);
const struct hw_stack *hw_stack_set_find(const struct hw_stack_set *set, uint64_t id);

/* The live bytes and blocks of stack ID in this dump; false when the dump cannot tell. */
bool hw_stack_set_live(const struct hw_stack_set *set, uint64_t id, uint64_t *bytes, uint64_t *blocks);

/* A stack of SET with the same code locations as S (module and offset per frame, so it also matches
 * across processes of one program); NULL when none. */
const struct hw_stack *hw_stack_set_match(const struct hw_stack_set *set, const struct hw_stack *s);

void hw_stack_set_free(struct hw_stack_set *set);

#endif
