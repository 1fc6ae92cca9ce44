/*
 * shapes.h - call stacks of different shapes, each ending in compare_here(). shapes.c is built
 * once per set of compiler flags (-O2 without frame pointers, with them, -O0, ...), each into its
 * own harness binary.
 */
#ifndef UNWIND_HARNESS_SHAPES_H
#define UNWIND_HARNESS_SHAPES_H

#ifdef __cplusplus
extern "C" {
#endif

/* Frame shapes descend() cycles through, starting at shape % SHAPES. */
#define SHAPES 7

/* depth frames of mixed shapes, then compare_here(). */
int descend(int depth, int shape);

/* A function of a dlopen'ed library that recurses there and calls back: plugin.c's plugin_descend. */
typedef int (*plugin_descend_fn)(int depth, int (*back)(int depth, int shape));
void shapes_use_plugin(plugin_descend_fn plugin);

/* depth frames, then raise(signal): the handler's captures go through the signal frame. */
int descend_then_raise(int depth, int signal);

/* C++: captures from destructors run while an exception unwinds, and from catch blocks. */
void run_exceptions(int rounds);

#ifdef __cplusplus
}
#endif

#endif
