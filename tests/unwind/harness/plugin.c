/*
 * plugin.c - a library the harness dlopens: a few frames of its own, then a call back into the
 * program. Built twice (PLUGIN_FLAVOUR 1 and 2) with different code, so that after a dlclose the
 * other flavour can be mapped where the first one was.
 */
#define NOINLINE __attribute__((noinline))

static volatile int sink;

#if PLUGIN_FLAVOUR == 1
NOINLINE int plugin_descend(int depth, int (*back)(int depth, int shape))
{
    volatile char buffer[8 + (depth & 15)];
    buffer[0] = 1;
    if (depth <= 0 || depth % 3 == 0)
        return back(depth, 0) + buffer[0];
    return plugin_descend(depth - 1, back) + buffer[0];
}
#else
NOINLINE static int plugin_helper(int depth, int (*back)(int depth, int shape))
{
    int a = sink + depth, b = a * 5, c = b ^ 3;
    return back(depth, 3) + a + b + c;
}

NOINLINE int plugin_descend(int depth, int (*back)(int depth, int shape))
{
    if (depth <= 0 || depth % 4 == 0)
        return plugin_helper(depth, back) + sink;
    return plugin_descend(depth - 1, back) + sink;
}
#endif
