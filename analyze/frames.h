/* frames.h: how stacks are named for people: bare function names, the first frame that belongs to the
 * program rather than to an allocator wrapper (malloc family, operator new, OpenSSL's CRYPTO_* and
 * OPENSSL_* helpers, strdup...), and short "a ← b ← c" chains. Shared by every subcommand so a stack
 * reads the same in top, diff, trend and check. */
#ifndef HEAPWATCH_FRAMES_H
#define HEAPWATCH_FRAMES_H

#include <stdbool.h>
#include <stddef.h>

#include "dump.h"

#define HW_LABEL_SIZE 256

/* The frame's function without its "+0xOFF", or "[module+0xOFFSET]" when the symbol is unknown. */
char *hw_frame_label(const struct hw_frame *frame, char *buf, size_t size);

/* True for the allocator and its wrappers: the functions a stack passes through on its way to malloc. */
bool hw_is_allocator_wrapper(const char *label);

/* Index of the first frame outside the allocator wrappers (0 when all are wrappers or none is). */
size_t hw_first_own_frame(const struct hw_stack *stack);

/* The last path component of MODULE ("?" for NULL). */
const char *hw_module_name(const char *module);

/* "f ← g ← h ← …": up to MAX_FRAMES labels from the first own frame on. */
char *hw_stack_chain(const struct hw_stack *stack, size_t max_frames, char *buf, size_t size);

#endif
