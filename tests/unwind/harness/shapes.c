/*
 * shapes.c - frames of the shapes compilers emit: plain, dynamically sized (RBP-based CFA even
 * at -O2), a frame larger than 32 KiB, many callee-saved registers live, a detour through libc's
 * qsort, one through a dlopen'ed library, and a call to a noreturn function as the last instruction
 * of its caller (whose return address then lies past the caller's end). Each calls on before
 * returning, so no call is a tail call and every frame stays on the stack.
 */
#include "shapes.h"

#include <setjmp.h>
#include <signal.h>
#include <stdlib.h>

#include "compare.h"

#define NOINLINE __attribute__((noinline))

static volatile int sink;
static plugin_descend_fn plugin_descend;
static __thread int qsort_depth, qsort_shape, qsort_descended;
static __thread jmp_buf *noreturn_exit;

void shapes_use_plugin(plugin_descend_fn plugin) { plugin_descend = plugin; }

NOINLINE static int plain(int depth, int shape) { return descend(depth - 1, shape + 1) + sink; }

NOINLINE static int dynamic_frame(int depth, int shape)
{
    volatile char buffer[16 + (depth & 31)];
    buffer[0] = (char)depth;
    return descend(depth - 1, shape + 1) + buffer[0];
}

NOINLINE static int large_frame(int depth, int shape)
{
    volatile char buffer[40000];
    buffer[depth] = 1;
    return descend(depth - 1, shape + 1) + buffer[depth];
}

NOINLINE static int many_registers(int depth, int shape)
{
    int a = sink + depth, b = a * 3, c = b ^ 7, d = c + a, e = d * b, f = e - c, g = f * a;
    int below = descend(depth - 1, shape + 1);
    return below + a + b + c + d + e + f + g;
}

static int compare_ints(const void *a, const void *b)
{
    if (!qsort_descended) {
        qsort_descended = 1;
        sink += descend(qsort_depth - 1, qsort_shape + 1);
    }
    return *(const int *)a - *(const int *)b;
}

NOINLINE static int through_qsort(int depth, int shape)
{
    int values[3] = {3, 1, 2};
    qsort_depth = depth;
    qsort_shape = shape;
    qsort_descended = 0;
    qsort(values, 3, sizeof values[0], compare_ints);
    return values[0] + sink;
}

NOINLINE static int through_plugin(int depth, int shape)
{
    if (!plugin_descend)
        return plain(depth, shape);
    return plugin_descend(depth - 1, descend) + shape + sink;
}

NOINLINE __attribute__((noreturn)) static void descend_then_jump(int depth, int shape)
{
    descend(depth - 1, shape + 1);
    longjmp(*noreturn_exit, 1);
}

NOINLINE static int ends_in_noreturn_call(int depth, int shape)
{
    jmp_buf here;
    jmp_buf *outer = noreturn_exit;
    noreturn_exit = &here;
    if (setjmp(here) == 0)
        descend_then_jump(depth, shape);
    noreturn_exit = outer;
    return sink;
}

int descend(int depth, int shape)
{
    if (depth <= 0) {
        compare_here();
        return sink;
    }
    switch (shape % SHAPES) {
    case 0:
        return plain(depth, shape);
    case 1:
        return dynamic_frame(depth, shape);
    case 2:
        return large_frame(depth, shape);
    case 3:
        return many_registers(depth, shape);
    case 4:
        return through_qsort(depth, shape);
    case 5:
        return ends_in_noreturn_call(depth, shape);
    default:
        return through_plugin(depth, shape);
    }
}

int descend_then_raise(int depth, int signal)
{
    if (depth <= 0)
        return raise(signal);
    return descend_then_raise(depth - 1, signal) + sink;
}
