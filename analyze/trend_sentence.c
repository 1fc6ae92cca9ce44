/* trend_sentence.c: one actionable sentence per stack (see trend_sentence.h). */
#include "trend_sentence.h"

#include <stdio.h>

#include "frames.h"
#include "units.h"

#define CHAIN_FRAMES 5

char *hw_trend_sentence(const struct hw_trend_proc *proc, const struct hw_trend_stack *t, size_t rank, char *buf,
                        size_t size)
{
    char chain[1024], site[300] = "", a[HW_HUMAN_SIZE], b[HW_HUMAN_SIZE];
    hw_stack_chain(t->stack, CHAIN_FRAMES, chain, sizeof chain);
    if (t->stack->site)
        snprintf(site, sizeof site, " [OpenSSL %s]", t->stack->site);
    double span = proc->last_uptime - proc->first_uptime;
    switch (t->verdict) {
    case HW_GROWING: {
        const struct hw_fit *fit = t->basis == HW_PER_SOCKET ? &t->per_socket : &t->per_second;
        char rise[128], now[HW_HUMAN_SIZE];
        /* Memory that follows sockets falls back when they close: say how high it got, then where it ended. */
        if (t->last_bytes < t->max_bytes)
            snprintf(rise, sizeof rise, "%s at its highest, %s at the end,", hw_human_signed((double)(t->max_bytes -
                     t->first_bytes), b), hw_human_bytes((double)t->last_bytes, now));
        else
            snprintf(rise, sizeof rise, "%s", hw_human_signed((double)t->growth_bytes, b));
        snprintf(buf, size, "#%zu grows %s per %s (R² %.3f, %s over %.1f s): %s%s", rank, hw_human_bytes(fit->slope, a),
                 t->basis == HW_PER_SOCKET ? "open socket" : "second", fit->r2, rise, span, chain, site);
        break;
    }
    case HW_PEAK:
        snprintf(buf, size, "#%zu peaked at %s (highest seen at %.1f s), now %s: a transient peak, not a leak: %s%s",
                 rank, hw_human_bytes((double)(t->peak_bytes > t->max_bytes ? t->peak_bytes : t->max_bytes), a),
                 t->max_uptime, hw_human_bytes((double)t->last_bytes, b), chain, site);
        break;
    case HW_FLAT:
        snprintf(buf, size, "#%zu holds %s, not growing (%s over %.1f s): %s%s", rank,
                 hw_human_bytes((double)t->last_bytes, a), hw_human_signed((double)t->growth_bytes, b), span, chain,
                 site);
        break;
    }
    return buf;
}
