/* report_chart.c: the time chart (see report_chart.h). Geometry is in the SVG's own units (a
 * 1000-wide viewBox the page scales to its width). RSS gets its own panel because it often dwarfs
 * the heap: on one axis a growing heap would look flat. */
#include "report_chart.h"

#include <math.h>

#include "frames.h"
#include "report_axis.h"
#include "report_html.h"
#include "report_palette.h"

#define WIDTH 1000
#define HEIGHT 486
#define PLOT_LEFT 78
#define PLOT_RIGHT 930
#define PANEL_HEIGHT 186
#define TOP_PANEL 26        /* top edges of the two panels */
#define BOTTOM_PANEL 252
#define CHAIN_FRAMES 3

struct panel {
    double top, bottom;
    struct hw_axis y;
};

static double x_of(const struct hw_axis *time, double t)
{
    return PLOT_LEFT + (t - time->lo) / (time->hi - time->lo) * (PLOT_RIGHT - PLOT_LEFT);
}

static double y_of(const struct panel *p, const struct hw_axis *y, double v)
{
    return p->bottom - v / y->hi * (p->bottom - p->top);
}

/* Horizontal grid lines with tick labels on the left (or, for the sockets, on the right). */
static void y_ticks(FILE *out, const struct panel *p, const struct hw_axis *y, bool right)
{
    char label[32];
    size_t ticks = hw_axis_tick_count(y, y->hi * (1 + 1e-9));
    for (size_t i = 0; i < ticks; i++) {
        double v = hw_axis_tick(y, i);
        double py = y_of(p, y, v);
        if (!right)
            fprintf(out, "<line class=\"grid\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/>", PLOT_LEFT,
                    PLOT_RIGHT, py, py);
        fprintf(out, "<text class=\"tick%s\" x=\"%d\" y=\"%.1f\">%s</text>\n", right ? " right sockets" : "",
                right ? PLOT_RIGHT + 8 : PLOT_LEFT - 8, py + 4, hw_axis_label(y, v, label, sizeof label));
    }
}

static void x_ticks(FILE *out, const struct hw_axis *time)
{
    char label[32];
    size_t ticks = hw_axis_tick_count(time, time->hi + 1e-9 * time->step);
    for (size_t i = 0; i < ticks; i++) {
        double t = hw_axis_tick(time, i);
        double px = x_of(time, t);
        fprintf(out, "<line class=\"grid\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\"/>", px, px, TOP_PANEL,
                TOP_PANEL + PANEL_HEIGHT);
        fprintf(out, "<line class=\"grid\" x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\"/>", px, px, BOTTOM_PANEL,
                BOTTOM_PANEL + PANEL_HEIGHT);
        fprintf(out, "<text class=\"tick middle\" x=\"%.1f\" y=\"%d\">%s</text>\n", px,
                BOTTOM_PANEL + PANEL_HEIGHT + 18, hw_axis_label(time, t, label, sizeof label));
    }
    fprintf(out, "<text class=\"axis-title middle\" x=\"%d\" y=\"%d\">uptime of the process</text>\n",
            (PLOT_LEFT + PLOT_RIGHT) / 2, HEIGHT - 4);
}

struct line_style {
    const char *cls, *color, *label;
    const char *unit;      /* "bytes" or "count": how the script prints the values */
    size_t order;          /* place in the hover list */
};

enum { ORDER_LIVE, ORDER_RSS, ORDER_SOCKETS, ORDER_STACKS };

/* One line: its path (broken where values are unknown) and, for the script, its values. */
static void line(FILE *out, const struct hw_report_series *s, size_t col, const struct hw_axis *time,
                 const struct panel *p, const struct hw_axis *y, const struct line_style *style)
{
    const double *t = hw_report_series_times(s), *v = hw_report_series_col(s, col);
    fprintf(out, "<path class=\"line %s\" stroke=\"%s\" data-unit=\"%s\" data-order=\"%zu\" data-label=\"",
            style->cls, style->color, style->unit, style->order);
    hw_html_escape(out, style->label);
    fputs("\" d=\"", out);
    bool drawing = false;
    for (size_t i = 0; i < s->npoints; i++) {
        if (isnan(v[i])) {
            drawing = false;
            continue;
        }
        /* "h0" after each move: a lone known point still shows, as a dot. */
        fprintf(out, drawing ? "L%.1f %.1f" : "M%.1f %.1fh0", x_of(time, t[i]), y_of(p, y, v[i]));
        drawing = true;
    }
    fputs("\" data-v=\"", out);
    for (size_t i = 0; i < s->npoints; i++) {
        if (i)
            fputc(',', out);
        if (!isnan(v[i]))
            fprintf(out, "%.0f", v[i]);
    }
    fputs("\"/>\n", out);
}

static void group_start(FILE *out, const struct hw_report_series *s)
{
    const double *t = hw_report_series_times(s);
    fputs("<g class=\"series\" data-t=\"", out);
    for (size_t i = 0; i < s->npoints; i++)
        fprintf(out, "%s%.3f", i ? "," : "", t[i]);
    fputs("\">\n", out);
}

static void stack_label(const struct hw_report_proc *p, size_t k, char *buf, size_t size)
{
    char chain[1024];
    snprintf(buf, size, "#%zu %s", k + 1, hw_stack_chain(p->trend.stacks[k].stack, CHAIN_FRAMES, chain, sizeof chain));
}

/* The live heap and, under it, the live bytes of the top suspects: one byte axis, so a person sees
 * how much of the heap (and of its growth) the suspects account for. */
static void heap_panel(FILE *out, const struct hw_report_proc *p, const struct hw_axis *time, struct panel *panel)
{
    double live_max = hw_report_series_max(&p->totals, HW_REPORT_LIVE, 1);
    double stacks_max = hw_report_series_max(&p->stacks, 0, p->nshown);
    hw_axis_bytes(&panel->y, live_max > stacks_max ? live_max : stacks_max);
    fprintf(out, "<text class=\"panel-title\" x=\"%d\" y=\"%.0f\">live heap and the live bytes of the top %zu "
            "suspects</text>\n", PLOT_LEFT, panel->top - 8, p->nshown);
    y_ticks(out, panel, &panel->y, false);
    group_start(out, &p->stacks);
    /* Drawn last to first, so the first suspect's line is on top. */
    for (size_t k = p->nshown; k-- > 0;) {
        char label[1100];
        stack_label(p, k, label, sizeof label);
        struct line_style style = { "stack", hw_report_stack_color(k), label, "bytes", ORDER_STACKS + k };
        line(out, &p->stacks, k, time, panel, &panel->y, &style);
    }
    fputs("</g>\n", out);
}

/* The panel of RSS and open sockets (what growth is often measured per), and the process lines: the
 * live heap, drawn in HEAP's panel, shares their time column and so their group. */
static void process_panel(FILE *out, const struct hw_report_proc *p, const struct panel *heap,
                          const struct hw_axis *time)
{
    static const struct line_style live = { "live", HW_COLOR_LIVE, "live heap", "bytes", ORDER_LIVE };
    static const struct line_style rss = { "rss", HW_COLOR_RSS, "RSS", "bytes", ORDER_RSS };
    static const struct line_style open_sockets = { "sockets", HW_COLOR_SOCKETS, "open sockets", "count",
                                                    ORDER_SOCKETS };
    struct panel panel = { .top = BOTTOM_PANEL, .bottom = BOTTOM_PANEL + PANEL_HEIGHT };
    struct hw_axis sockets;
    hw_axis_bytes(&panel.y, hw_report_series_max(&p->totals, HW_REPORT_RSS, 1));
    hw_axis_count(&sockets, hw_report_series_max(&p->totals, HW_REPORT_SOCKETS, 1));
    fprintf(out, "<text class=\"panel-title\" x=\"%d\" y=\"%d\">RSS (left) and open sockets (right)</text>\n",
            PLOT_LEFT, BOTTOM_PANEL - 8);
    y_ticks(out, &panel, &panel.y, false);
    y_ticks(out, &panel, &sockets, true);
    group_start(out, &p->totals);
    line(out, &p->totals, HW_REPORT_LIVE, time, heap, &heap->y, &live);
    line(out, &p->totals, HW_REPORT_RSS, time, &panel, &panel.y, &rss);
    line(out, &p->totals, HW_REPORT_SOCKETS, time, &panel, &sockets, &open_sockets);
    fputs("</g>\n", out);
}

static void legend_item(FILE *out, const char *cls, const char *color, const char *label)
{
    fprintf(out, "<li class=\"%s\"><span class=\"swatch\" style=\"border-color:%s\"></span>", cls, color);
    hw_html_escape(out, label);
    fputs("</li>\n", out);
}

static void legend(FILE *out, const struct hw_report_proc *p)
{
    fputs("<ul class=\"legend\">\n", out);
    legend_item(out, "live", HW_COLOR_LIVE, "live heap");
    legend_item(out, "rss", HW_COLOR_RSS, "RSS");
    legend_item(out, "sockets", HW_COLOR_SOCKETS, "open sockets (right axis)");
    for (size_t k = 0; k < p->nshown; k++) {
        char label[1100];
        stack_label(p, k, label, sizeof label);
        legend_item(out, "stack", hw_report_stack_color(k), label);
    }
    fputs("</ul>\n", out);
}

static bool has_gaps(const struct hw_report_series *s)
{
    for (size_t c = 0; c < s->ncols; c++)
        for (size_t i = 0; i < s->npoints; i++)
            if (isnan(hw_report_series_col(s, c)[i]))
                return true;
    return false;
}

static void caption(FILE *out, const struct hw_report_proc *p)
{
    const struct hw_report_series *totals = &p->totals, *stacks = &p->stacks;
    fprintf(out, "<figcaption>Process lines: %zu points from the %s.", totals->source_points,
            p->trend.from_series ? "series file" : "dumps");
    if (totals->bucket > 1 || stacks->bucket > 1)
        fprintf(out, " <strong class=\"downsampled\">Downsampled</strong> to keep the page small and quick: "
                "the process lines show %zu points for %zu, the suspect lines %zu points for %zu dumps; each "
                "point is the highest value among up to %zu consecutive ones, so peaks and growth stay "
                "visible.", totals->npoints, totals->source_points, stacks->npoints, stacks->source_points,
                totals->bucket > stacks->bucket ? totals->bucket : stacks->bucket);
    if (has_gaps(stacks))
        fputs(" Gaps in a suspect's line are dumps whose top N did not list it.", out);
    fputs(" Hover for values.</figcaption>\n", out);
}

void hw_report_chart(FILE *out, const struct hw_report_proc *p)
{
    struct hw_axis time;
    const double *a = hw_report_series_times(&p->totals), *b = hw_report_series_times(&p->stacks);
    double first = a[0] < b[0] ? a[0] : b[0];
    double last = a[p->totals.npoints - 1] > b[p->stacks.npoints - 1] ? a[p->totals.npoints - 1]
                                                                      : b[p->stacks.npoints - 1];
    hw_axis_time(&time, first, last);
    fprintf(out, "<figure class=\"chart\">\n<svg viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"memory over time\" "
            "data-x0=\"%d\" data-x1=\"%d\" data-t0=\"%.3f\" data-t1=\"%.3f\">\n", WIDTH, HEIGHT, PLOT_LEFT,
            PLOT_RIGHT, time.lo, time.hi);
    x_ticks(out, &time);
    struct panel heap = { .top = TOP_PANEL, .bottom = TOP_PANEL + PANEL_HEIGHT };
    heap_panel(out, p, &time, &heap);
    process_panel(out, p, &heap, &time);
    fprintf(out, "<line class=\"guide\" x1=\"0\" x2=\"0\" y1=\"%d\" y2=\"%d\"/>\n", TOP_PANEL,
            BOTTOM_PANEL + PANEL_HEIGHT);
    fputs("</svg>\n", out);
    legend(out, p);
    fputs("<div class=\"tip\" hidden></div>\n", out);
    caption(out, p);
    fputs("</figure>\n", out);
}
