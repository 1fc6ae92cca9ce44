/* report_headline.c: a process's headline (see report_headline.h). The suspect's rate is the one
 * `heapwatch trend` gives, in the same words. */
#include "report_headline.h"

#include <stdio.h>

#include "units.h"

/* Below this many points trend calls nothing growing (trend_model.c). */
#define TREND_MIN_POINTS 3

char *hw_report_duration(double seconds, char *buf, size_t size)
{
    if (seconds < 10)
        snprintf(buf, size, "%.1f s", seconds);
    else if (seconds < 180)
        snprintf(buf, size, "%.0f s", seconds);
    else if (seconds < 3 * 3600)
        snprintf(buf, size, "%.1f min", seconds / 60);
    else
        snprintf(buf, size, "%.1f h", seconds / 3600);
    return buf;
}

/* What the first suspect says, after "; ". */
static void first_suspect(const struct hw_report_proc *p, char *buf, size_t size)
{
    char bytes[HW_HUMAN_SIZE];
    const struct hw_trend_stack *t = p->trend.nstacks ? &p->trend.stacks[0] : NULL;
    if (!t)
        snprintf(buf, size, "no stacks recorded");
    else if (p->proc->ndumps < TREND_MIN_POINTS)
        snprintf(buf, size, "only %zu dumps: too few to call anything growing", p->proc->ndumps);
    else if (t->verdict == HW_GROWING) {
        const struct hw_fit *fit = t->basis == HW_PER_SOCKET ? &t->per_socket : &t->per_second;
        snprintf(buf, size, "#1 suspect grows %s per %s", hw_human_bytes(fit->slope, bytes),
                 t->basis == HW_PER_SOCKET ? "open socket" : "second");
    } else
        snprintf(buf, size, "no stack grows steadily");
}

char *hw_report_headline(const struct hw_report_proc *p, char *buf, size_t size)
{
    char change[HW_HUMAN_SIZE], span[32], suspect[128];
    const struct hw_range *live = &p->trend.live_bytes;
    first_suspect(p, suspect, sizeof suspect);
    snprintf(buf, size, "live heap %s over %s; %s", hw_human_signed((double)live->last - (double)live->first, change),
             hw_report_duration(p->trend.last_uptime - p->trend.first_uptime, span, sizeof span), suspect);
    return buf;
}
