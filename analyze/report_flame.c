/* report_flame.c: writes the flame graph (see report_flame.h). Each box is a nested <svg>, which
 * clips its label to its width, so neither this file nor the script has to shorten labels. Boxes
 * get their colour from what code they are: the program's own, OpenSSL, another library. */
#include "report_flame.h"

#include <inttypes.h>
#include <string.h>

#include "frames.h"
#include "report_flame_tree.h"
#include "report_html.h"
#include "units.h"

#define WIDTH 1000
#define ROW 18
/* Boxes under this share of the whole stay out of the page: even zoomed far in they hold nothing
 * a person would act on, and a dump with thousands of stacks would otherwise make the page huge. */
#define MIN_SHARE 1e-4

enum code_kind { KIND_PROGRAM, KIND_OPENSSL, KIND_LIBRARY, KIND_OTHER };

static const char *const kind_names[] = { "program", "openssl", "library", "other" };

static enum code_kind kind_of(const struct hw_frame *frame, const char *exe)
{
    if (!frame || !frame->module)
        return KIND_OTHER;
    if (exe && strcmp(frame->module, exe) == 0)
        return KIND_PROGRAM;
    const char *name = hw_module_name(frame->module);
    if (strncmp(name, "libssl.", 7) == 0 || strncmp(name, "libcrypto.", 10) == 0)
        return KIND_OPENSSL;
    return KIND_LIBRARY;
}

/* A hue per kind, varied a little by the label so neighbouring boxes stay apart. */
static void fill_of(enum code_kind kind, const char *label, char *buf, size_t size)
{
    static const int hue[] = { 16, 205, 45, 0 };
    static const int saturation[] = { 80, 60, 75, 0 };
    unsigned hash = 5381;
    for (const char *p = label; *p; p++)
        hash = hash * 33 + (unsigned char)*p;
    snprintf(buf, size, "hsl(%d,%d%%,%u%%)", hue[kind] + (int)(hash % 12), saturation[kind], 62 + hash % 14);
}

static void where_of(const struct hw_frame *frame, char *buf, size_t size)
{
    if (!frame)
        snprintf(buf, size, "%s", "");
    else
        snprintf(buf, size, "%s in %s", frame->source ? frame->source : "no source line",
                 frame->module ? frame->module : "an unknown module");
}

static void box(FILE *out, const struct hw_flame *f, const struct hw_flame_node *n, const char *exe)
{
    char fill[32], where[2048], bytes[HW_HUMAN_SIZE];
    enum code_kind kind = kind_of(n->frame, exe);
    double share = 100.0 * (double)n->bytes / (double)f->nodes[0].bytes;
    fill_of(kind, n->label, fill, sizeof fill);
    where_of(n->frame, where, sizeof where);
    fprintf(out, "<svg class=\"node %s\" x=\"%.2f\" y=\"%zu\" width=\"%.2f\" height=\"%d\" data-x0=\"%.6f\" "
            "data-x1=\"%.6f\" data-depth=\"%zu\" data-bytes=\"%" PRIu64 "\" data-name=\"", kind_names[kind],
            n->x0 * WIDTH, n->depth * ROW, (n->x1 - n->x0) * WIDTH, ROW, n->x0, n->x1, n->depth, n->bytes);
    hw_html_escape(out, n->label);
    fputs("\" data-where=\"", out);
    hw_html_escape(out, where);
    fputs("\"><title>", out);
    hw_html_printf(out, "%s: %s (%.2f%%)%s%s", n->label, hw_human_bytes((double)n->bytes, bytes), share,
                   *where ? ", " : "", where);
    fprintf(out, "</title><rect width=\"100%%\" height=\"100%%\" fill=\"%s\"/><text x=\"4\" y=\"13\">", fill);
    hw_html_escape(out, n->label);
    fputs("</text></svg>\n", out);
}

static void caption(FILE *out, const struct hw_dump *dump, const struct hw_dump *newest, size_t hidden)
{
    char total[HW_HUMAN_SIZE];
    fprintf(out, "<figcaption>Live heap of %s dump, seq %" PRIu64 " at %.1f s", dump == newest ? "the newest" : "a",
            dump->seq, dump->uptime);
    if (dump != newest)
        fprintf(out, ", the newest that holds any (seq %" PRIu64 "%s holds nothing)", newest->seq,
                newest->final ? ", written at exit," : "");
    fprintf(out, ": %s in %" PRIu64 " blocks. Callers above callees; width is live bytes. Colours: "
            "<span class=\"key program\">program</span> <span class=\"key openssl\">OpenSSL</span> "
            "<span class=\"key library\">other libraries</span>.",
            hw_human_bytes((double)dump->live_bytes, total), dump->live_blocks);
    if (hidden)
        fprintf(out, " %zu boxes under 0.01%% of the heap are left out.", hidden);
    fputs("</figcaption>\n", out);
}

bool hw_report_flame(FILE *out, const struct hw_dump *dump, const struct hw_dump *newest)
{
    if (dump->live_bytes == 0) {
        fputs("<figure class=\"flame empty\"><p>No dump of this process holds any live bytes.</p></figure>\n", out);
        return true;
    }
    struct hw_flame f;
    if (!hw_flame_build(dump, &f))
        return false;
    fputs("<figure class=\"flame\">\n<div class=\"flame-bar\"><button type=\"button\" class=\"reset\" disabled>"
          "reset zoom</button> <span class=\"flame-info\">Hover a box for details; click one to zoom in."
          "</span></div>\n", out);
    fprintf(out, "<svg viewBox=\"0 0 %d %zu\" data-width=\"%d\" role=\"img\" aria-label=\"flame graph\">\n", WIDTH,
            (f.max_depth + 1) * ROW, WIDTH);
    size_t hidden = 0;
    for (size_t i = 0; i < f.n; i++) {
        if ((double)f.nodes[i].bytes < MIN_SHARE * (double)f.nodes[0].bytes)
            hidden++;
        else
            box(out, &f, &f.nodes[i], dump->exe);
    }
    fputs("</svg>\n", out);
    caption(out, dump, newest, hidden);
    fputs("</figure>\n", out);
    hw_flame_free(&f);
    return true;
}
