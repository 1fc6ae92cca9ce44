/*
 * fd_limit.c - raising RLIMIT_NOFILE (see fd_limit.h).
 */
#include "fd_limit.h"

#include <stdio.h>

rlim_t fd_limit_raise(const char *prog, rlim_t wanted)
{
    struct rlimit lim;
    if (getrlimit(RLIMIT_NOFILE, &lim) != 0)
        return 0;
    if (lim.rlim_cur >= wanted)
        return lim.rlim_cur;

    struct rlimit raised = { .rlim_cur = wanted, .rlim_max = lim.rlim_max };
    if (raised.rlim_max < wanted)
        raised.rlim_max = wanted;    /* only a privileged process may raise the hard limit */
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0)
        return wanted;

    raised.rlim_cur = raised.rlim_max = lim.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0)
        lim.rlim_cur = lim.rlim_max;
    fprintf(stderr, "%s: open-file limit capped at %llu (hard limit; %llu wanted)\n", prog,
            (unsigned long long)lim.rlim_cur, (unsigned long long)wanted);
    return lim.rlim_cur;
}
