/* stack_json.h: one stack's identity in --json output, written the same way by every subcommand. */
#ifndef HEAPWATCH_STACK_JSON_H
#define HEAPWATCH_STACK_JSON_H

#include "dump.h"
#include "json.h"

/* "id", "site" (OpenSSL file:line or null), "function" (the allocating function: first frame outside
 * the allocator wrappers), "module" (its library) and "frames" (labels from that frame to the root). */
void hw_json_stack_fields(struct hw_json *j, const struct hw_stack *s);

#endif
