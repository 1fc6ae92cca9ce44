/* report_page.c: assembles the report's document (see report_page.h). */
#include "report_page.h"

#include <inttypes.h>

#include "frames.h"
#include "report_assets.h"
#include "report_chart.h"
#include "report_flame.h"
#include "report_headline.h"
#include "report_html.h"
#include "report_summary.h"
#include "report_suspects.h"

static void head(FILE *out, const struct hw_report_proc *procs, size_t nprocs)
{
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>heapwatch report: ", out);
    hw_html_escape(out, hw_module_name(procs[0].newest->exe));
    if (nprocs > 1)
        fprintf(out, " and %zu more process%s", nprocs - 1, nprocs > 2 ? "es" : "");
    fprintf(out, "</title>\n<style>\n%s</style>\n</head>\n", hw_report_style);
}

static void selector(FILE *out, const struct hw_report_proc *procs, size_t nprocs)
{
    fprintf(out, "<p class=\"selector\"><label for=\"process-select\">%zu processes wrote into this directory; "
            "showing</label> <select id=\"process-select\">\n", nprocs);
    for (size_t i = 0; i < nprocs; i++) {
        char headline[512];
        fprintf(out, "<option value=\"%" PRIu64 "\">", procs[i].proc->pid);
        hw_html_printf(out, "pid %" PRIu64 " %s: %s", procs[i].proc->pid, hw_module_name(procs[i].newest->exe),
                       hw_report_headline(&procs[i], headline, sizeof headline));
        fputs("</option>\n", out);
    }
    fputs("</select></p>\n", out);
}

static void page_header(FILE *out, const char *dir, const struct hw_report_proc *procs, size_t nprocs)
{
    size_t ndumps = 0;
    for (size_t i = 0; i < nprocs; i++)
        ndumps += procs[i].proc->ndumps;
    fputs("<header class=\"page-header\">\n<h1>heapwatch report</h1>\n<p class=\"source\">", out);
    hw_html_printf(out, "%zu dumps of %zu process%s in %s.", ndumps, nprocs, nprocs > 1 ? "es" : "", dir);
    fputs(" Written by <code>heapwatch report</code>; this file is self-contained and loads nothing from the "
          "network.</p>\n", out);
    if (nprocs > 1)
        selector(out, procs, nprocs);
    fputs("</header>\n", out);
}

static bool section(FILE *out, const struct hw_report_proc *p)
{
    fprintf(out, "<section class=\"process\" id=\"pid-%" PRIu64 "\" data-pid=\"%" PRIu64 "\">\n", p->proc->pid,
            p->proc->pid);
    hw_report_summary(out, p);
    fputs("<h3>Memory over time</h3>\n", out);
    hw_report_chart(out, p);
    fputs("<h3>Leak suspects</h3>\n<p class=\"hint\">The stacks <code>heapwatch trend</code> ranks, in its order: "
          "steady growth first (per open socket or per second, by least squares), then large flat allocations, "
          "then transient peaks. Click a row for its full stack.</p>\n", out);
    hw_report_suspects(out, p);
    fputs("<h3>Live heap by call stack</h3>\n", out);
    bool ok = hw_report_flame(out, p->flame_dump, p->newest);
    fputs("</section>\n", out);
    return ok;
}

bool hw_report_page(FILE *out, const char *dir, const struct hw_report_proc *procs, size_t nprocs)
{
    head(out, procs, nprocs);
    fputs("<body>\n", out);
    page_header(out, dir, procs, nprocs);
    fputs("<main>\n", out);
    bool ok = true;
    for (size_t i = 0; ok && i < nprocs; i++)
        ok = section(out, &procs[i]);
    fprintf(out, "</main>\n<script>\n%s</script>\n</body>\n</html>\n", hw_report_script);
    return ok;
}
