/* report_suspects.c: the leak-suspect table (see report_suspects.h). */
#include "report_suspects.h"

#include <inttypes.h>

#include "frames.h"
#include "report_html.h"
#include "report_palette.h"
#include "trend_sentence.h"
#include "units.h"

#define COLUMNS 9
#define CHAIN_FRAMES 4

static void rate_cells(FILE *out, const struct hw_trend_stack *t)
{
    char rate[HW_HUMAN_SIZE];
    if (t->verdict == HW_GROWING) {
        const struct hw_fit *fit = t->basis == HW_PER_SOCKET ? &t->per_socket : &t->per_second;
        fprintf(out, "<td class=\"rate\">%s per %s</td><td class=\"num\">%.3f</td>", hw_human_signed(fit->slope, rate),
                t->basis == HW_PER_SOCKET ? "open socket" : "second", fit->r2);
    } else if (t->verdict == HW_PEAK) {
        uint64_t high = t->peak_bytes > t->max_bytes ? t->peak_bytes : t->max_bytes;
        fprintf(out, "<td class=\"rate\">peaked at %s</td><td class=\"num\">-</td>", hw_human_bytes((double)high, rate));
    } else {
        fputs("<td class=\"rate\">-</td><td class=\"num\">-</td>", out);
    }
}

static void summary_row(FILE *out, const struct hw_trend_stack *t, size_t k)
{
    char live[HW_HUMAN_SIZE], change[HW_HUMAN_SIZE], chain[1024];
    fprintf(out, "<tr class=\"suspect %s\" tabindex=\"0\" aria-expanded=\"false\" data-rank=\"%zu\">"
            "<td><span class=\"swatch\" style=\"border-color:%s\"></span></td><td class=\"num\">%zu</td>"
            "<td class=\"verdict\">%s</td>", hw_verdict_names[t->verdict], k + 1, hw_report_stack_color(k), k + 1,
            hw_verdict_names[t->verdict]);
    rate_cells(out, t);
    fprintf(out, "<td class=\"num\">%s</td><td class=\"num\">%s</td><td class=\"chain\">",
            hw_human_bytes((double)t->last_bytes, live), hw_human_signed((double)t->growth_bytes, change));
    hw_html_escape(out, hw_stack_chain(t->stack, CHAIN_FRAMES, chain, sizeof chain));
    fputs("</td><td class=\"site\">", out);
    hw_html_escape(out, t->stack->site ? t->stack->site : "-");
    fputs("</td></tr>\n", out);
}

static void frame_item(FILE *out, const struct hw_frame *f, size_t index)
{
    char label[HW_LABEL_SIZE];
    hw_frame_label(f, label, sizeof label);
    fprintf(out, "<li%s><span class=\"index\">%zu</span> <code class=\"function\">",
            hw_is_allocator_wrapper(label) ? " class=\"wrapper\"" : "", index);
    hw_html_escape(out, label);
    fputs("</code> <span class=\"source\">", out);
    hw_html_escape(out, f->source ? f->source : "no source line");
    fputs("</span> <span class=\"module\" title=\"", out);
    hw_html_escape(out, f->module);
    fputs("\">", out);
    hw_html_escape(out, hw_module_name(f->module));
    fprintf(out, "</span> <span class=\"address\">0x%" PRIx64 "</span></li>\n", f->address);
}

static void detail_row(FILE *out, const struct hw_report_proc *p, const struct hw_trend_stack *t, size_t k)
{
    char sentence[2048];
    fprintf(out, "<tr class=\"detail\" hidden><td colspan=\"%d\"><p class=\"sentence\">", COLUMNS);
    hw_html_escape(out, hw_trend_sentence(&p->trend, t, k + 1, sentence, sizeof sentence));
    fprintf(out, "</p><p>Stack id %" PRIu64 "; OpenSSL site: <code class=\"site\">", t->stack->id);
    hw_html_escape(out, t->stack->site ? t->stack->site : "none (not allocated through OpenSSL)");
    fprintf(out, "</code>. Frame 0 called the allocator; allocator wrappers are dimmed.</p>\n<ol class=\"frames\">\n");
    for (size_t i = 0; i < t->stack->nframes; i++)
        frame_item(out, &t->stack->frames[i], i);
    fputs("</ol></td></tr>\n", out);
}

void hw_report_suspects(FILE *out, const struct hw_report_proc *p)
{
    if (p->nshown == 0) {
        fputs("<p class=\"no-suspects\">The dumps list no stacks.</p>\n", out);
        return;
    }
    fputs("<table class=\"suspects\">\n<thead><tr><th></th><th>#</th><th>verdict</th><th>rate</th><th>R²</th>"
          "<th>live now</th><th>change</th><th>allocated by</th><th>OpenSSL site</th></tr></thead>\n<tbody>\n", out);
    for (size_t k = 0; k < p->nshown; k++) {
        summary_row(out, &p->trend.stacks[k], k);
        detail_row(out, p, &p->trend.stacks[k], k);
    }
    fputs("</tbody>\n</table>\n", out);
}
